-- trygr capture schema, version 4: two indexes of flows that no query used go.
-- Every query of flows reads them in id order, with filters written "?1 IS NULL OR column = ?1", which SQLite
-- cannot answer from an index; each index still cost the capture writer a B-tree insert per flow (profiled:
-- SQLite is over half of the writer's time at 10,000 flows/s). docs/schema.md lists the indexes that remain.
DROP INDEX IF EXISTS flows_by_host;
DROP INDEX IF EXISTS flows_by_started;
