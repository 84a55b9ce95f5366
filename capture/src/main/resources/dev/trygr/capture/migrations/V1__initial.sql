-- trygr capture schema, version 1. Documented column by column in docs/schema.md.
-- Every time is INTEGER microseconds since the Unix epoch. Statements end with ';' at the end of a line.

PRAGMA application_id = 1953659239;

-- Key/value facts about the capture file itself (hmac_key, created). Not STRICT: values have several types.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value BLOB NOT NULL
);

CREATE TABLE sessions (
    id                INTEGER PRIMARY KEY,
    version           TEXT    NOT NULL,
    started           INTEGER NOT NULL,
    ended             INTEGER,
    modes             TEXT    NOT NULL,
    ca_fingerprint    TEXT,
    upstream_insecure INTEGER NOT NULL,
    store_secrets     INTEGER NOT NULL,
    max_body          INTEGER NOT NULL,
    options           TEXT    NOT NULL,
    hostname          TEXT,
    pid               INTEGER
) STRICT;

CREATE TABLE connections (
    id                  INTEGER PRIMARY KEY,
    session_id          INTEGER NOT NULL REFERENCES sessions (id),
    client_address      TEXT,
    client_port         INTEGER,
    mode                TEXT,
    listen_address      TEXT,
    opened              INTEGER,
    closed              INTEGER,
    outcome             TEXT,
    reason              TEXT,
    target_host         TEXT,
    target_port         INTEGER,
    upstream_address    TEXT,
    sni                 TEXT,
    alpn                TEXT,
    tls_version         TEXT,
    cipher_suite        TEXT,
    protocol            TEXT,
    bytes_from_client   INTEGER NOT NULL DEFAULT 0,
    bytes_to_client     INTEGER NOT NULL DEFAULT 0,
    bytes_from_upstream INTEGER NOT NULL DEFAULT 0,
    bytes_to_upstream   INTEGER NOT NULL DEFAULT 0,
    raw_client_head     BLOB,
    raw_upstream_head   BLOB
) STRICT;

CREATE INDEX connections_by_session ON connections (session_id, opened);

CREATE TABLE flows (
    id                INTEGER PRIMARY KEY,
    session_id        INTEGER NOT NULL REFERENCES sessions (id),
    connection_id     INTEGER REFERENCES connections (id),
    started           INTEGER NOT NULL,
    client_address    TEXT,
    client_port       INTEGER,
    scheme            TEXT,
    method            TEXT,
    host              TEXT COLLATE NOCASE,
    port              INTEGER,
    target            TEXT,
    path              TEXT,
    query             TEXT,
    http_version      TEXT,
    request_headers   TEXT    NOT NULL,
    status            INTEGER,
    reason            TEXT,
    response_version  TEXT,
    response_headers  TEXT    NOT NULL,
    request_body_id   INTEGER REFERENCES bodies (id),
    response_body_id  INTEGER REFERENCES bodies (id),
    request_bytes     INTEGER NOT NULL,
    response_bytes    INTEGER NOT NULL,
    request_done      INTEGER,
    response_start    INTEGER,
    response_done     INTEGER,
    duration_us       INTEGER,
    error             TEXT
) STRICT;

CREATE INDEX flows_by_session ON flows (session_id, started);
CREATE INDEX flows_by_host ON flows (host, started);
CREATE INDEX flows_by_started ON flows (started);
CREATE INDEX flows_by_connection ON flows (connection_id);

-- A flow's bodies are inserted just before the flow (the writer assigns both ids), so the reference to the
-- flow is checked at commit; SQLite then finds the bodies through bodies_by_flow, never by scanning flows.
CREATE TABLE bodies (
    id              INTEGER PRIMARY KEY,
    flow_id         INTEGER NOT NULL REFERENCES flows (id) DEFERRABLE INITIALLY DEFERRED,
    direction       TEXT    NOT NULL CHECK (direction IN ('request', 'response')),
    content_encoding TEXT,
    decoded_from    TEXT,
    content_type    TEXT,
    original_length INTEGER NOT NULL,
    stored_length   INTEGER NOT NULL,
    truncated       INTEGER NOT NULL,
    withheld        INTEGER NOT NULL,
    sha256          BLOB,
    redactions      INTEGER NOT NULL,
    data            BLOB    NOT NULL
) STRICT;

CREATE INDEX bodies_by_flow ON bodies (flow_id);

CREATE TABLE losses (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER REFERENCES sessions (id),
    at         INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    count      INTEGER NOT NULL,
    detail     TEXT
) STRICT;

CREATE INDEX losses_by_session ON losses (session_id, at);
