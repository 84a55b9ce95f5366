-- trygr capture schema, version 2: what routing adds. Documented column by column in docs/schema.md.

-- The last bytes of a raw (non-HTTP) stream each way, up to the body limit, next to the first bytes.
ALTER TABLE connections ADD COLUMN raw_client_tail BLOB;
ALTER TABLE connections ADD COLUMN raw_upstream_tail BLOB;

-- One WebSocket message (a whole message: fragments joined; control frames are messages of their own).
CREATE TABLE ws_messages (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES sessions (id),
    flow_id       INTEGER REFERENCES flows (id),
    connection_id INTEGER REFERENCES connections (id),
    at            INTEGER NOT NULL,
    direction     TEXT    NOT NULL CHECK (direction IN ('client', 'server')),
    opcode        INTEGER NOT NULL,
    length        INTEGER NOT NULL,
    compressed    INTEGER NOT NULL,
    truncated     INTEGER NOT NULL,
    redactions    INTEGER NOT NULL,
    data          BLOB    NOT NULL
) STRICT;

CREATE INDEX ws_messages_by_flow ON ws_messages (flow_id, at);
CREATE INDEX ws_messages_by_session ON ws_messages (session_id, at);

-- One DNS query to trygr's responder and what became of it.
CREATE TABLE dns_queries (
    id             INTEGER PRIMARY KEY,
    session_id     INTEGER NOT NULL REFERENCES sessions (id),
    at             INTEGER NOT NULL,
    client_address TEXT,
    client_port    INTEGER,
    transport      TEXT    NOT NULL CHECK (transport IN ('udp', 'tcp')),
    query_id       INTEGER,
    name           TEXT COLLATE NOCASE,
    type           TEXT,
    outcome        TEXT    NOT NULL,
    rcode          TEXT,
    answers        TEXT    NOT NULL,
    latency_us     INTEGER,
    error          TEXT
) STRICT;

CREATE INDEX dns_queries_by_session ON dns_queries (session_id, at);
CREATE INDEX dns_queries_by_name ON dns_queries (name);
