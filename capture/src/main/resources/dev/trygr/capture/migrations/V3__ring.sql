-- trygr capture schema, version 3: Ring and FCM. Documented column by column in docs/schema.md.
-- Tokens are stored as fingerprints (64 hex digits, HMAC-SHA256 under meta.hmac_key), never raw, whatever the
-- session's store_secrets says.

-- One OAuth grant, a session or first access-token use on the Ring API, or a token-lifecycle finding.
CREATE TABLE token_events (
    id                INTEGER PRIMARY KEY,
    session_id        INTEGER NOT NULL REFERENCES sessions (id),
    flow_id           INTEGER REFERENCES flows (id),
    connection_id     INTEGER REFERENCES connections (id),
    at                INTEGER NOT NULL,
    kind              TEXT    NOT NULL,
    hardware_id       TEXT,
    client_address    TEXT,
    user_agent        TEXT,
    grant             TEXT,
    outcome           TEXT,
    status            INTEGER,
    presented         TEXT,
    presented_outcome TEXT,
    parent            TEXT,
    superseded_by     TEXT,
    issued_access     TEXT,
    issued_refresh    TEXT,
    expires_in        INTEGER,
    expires_at        INTEGER,
    session_claim     TEXT,
    claims            TEXT,
    late_us           INTEGER,
    message           TEXT,
    detail            TEXT
) STRICT;

CREATE INDEX token_events_by_session ON token_events (session_id, at);
CREATE INDEX token_events_by_flow ON token_events (flow_id);
CREATE INDEX token_events_by_presented ON token_events (presented);
CREATE INDEX token_events_by_issued_refresh ON token_events (issued_refresh);
CREATE INDEX token_events_by_hardware_id ON token_events (hardware_id, at);

-- One FCM setup call (checkin, register3, installations, registrations), a push-related Ring call, a note from
-- the MCS push channel, or an FCM finding.
CREATE TABLE fcm_events (
    id             INTEGER PRIMARY KEY,
    session_id     INTEGER NOT NULL REFERENCES sessions (id),
    flow_id        INTEGER REFERENCES flows (id),
    connection_id  INTEGER REFERENCES connections (id),
    at             INTEGER NOT NULL,
    kind           TEXT    NOT NULL,
    outcome        TEXT,
    status         INTEGER,
    error          TEXT,
    hardware_id    TEXT,
    client_address TEXT,
    user_agent     TEXT,
    android_id     TEXT,
    app            TEXT,
    subtype        TEXT,
    sender         TEXT,
    project_id     TEXT,
    fid            TEXT,
    endpoint       TEXT,
    p256dh         TEXT,
    gcm_token      TEXT,
    fcm_token      TEXT,
    fis_auth       TEXT,
    fis_refresh    TEXT,
    security_token TEXT,
    web_auth       TEXT,
    expires_in     INTEGER,
    message        TEXT,
    detail         TEXT
) STRICT;

CREATE INDEX fcm_events_by_session ON fcm_events (session_id, at);
CREATE INDEX fcm_events_by_flow ON fcm_events (flow_id);
CREATE INDEX fcm_events_by_hardware_id ON fcm_events (hardware_id, at);
CREATE INDEX fcm_events_by_fcm_token ON fcm_events (fcm_token);

-- One data message received on the MCS push channel (mtalk.google.com:5228).
CREATE TABLE push_messages (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES sessions (id),
    connection_id INTEGER REFERENCES connections (id),
    at            INTEGER NOT NULL,
    persistent_id TEXT,
    sender        TEXT,
    category      TEXT,
    app_data      TEXT    NOT NULL,
    raw_data      BLOB    NOT NULL,
    decrypted     TEXT,
    decrypted_at  INTEGER
) STRICT;

CREATE INDEX push_messages_by_session ON push_messages (session_id, at);
CREATE INDEX push_messages_by_persistent_id ON push_messages (persistent_id);
