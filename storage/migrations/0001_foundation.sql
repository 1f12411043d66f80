-- Cordon store, schema 1: the records everything else builds on.
-- Times are UTC ISO 8601 text ('2026-11-28T12:00:00.000000Z'); JSON is canonical text.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_utc  TEXT NOT NULL
) STRICT;

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users (id),
    role    TEXT NOT NULL CHECK (role IN ('duty_officer', 'approver', 'administrator', 'observer')),
    PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;

CREATE TABLE channels (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    network     TEXT NOT NULL,
    account     TEXT NOT NULL,
    area        TEXT NOT NULL DEFAULT '',
    enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_utc TEXT NOT NULL
) STRICT;

CREATE TABLE posts (
    id          INTEGER PRIMARY KEY,
    author_id   INTEGER NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL DEFAULT 'post'
                CHECK (kind IN ('post', 'holding_statement', 'reply')),
    body        TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    updated_utc TEXT NOT NULL
) STRICT;

-- One post on one channel. Status changes only through named service calls.
CREATE TABLE targets (
    id              INTEGER PRIMARY KEY,
    post_id         INTEGER NOT NULL REFERENCES posts (id),
    channel_id      INTEGER NOT NULL REFERENCES channels (id),
    body_override   TEXT,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'queued', 'publishing',
                        'published', 'held', 'missed', 'failed', 'cancelled')),
    approval        TEXT NOT NULL DEFAULT 'not_required'
                    CHECK (approval IN ('not_required', 'awaiting', 'approved', 'rejected')),
    scheduled_utc   TEXT,
    idempotency_key TEXT UNIQUE,
    remote_id       TEXT,
    remote_url      TEXT,
    last_error      TEXT,
    updated_utc     TEXT NOT NULL,
    UNIQUE (post_id, channel_id)
) STRICT;

CREATE INDEX targets_by_due ON targets (status, scheduled_utc);
-- By channel only: a status change then dirties no page of this index (each
-- dirty page costs SQLCipher an encryption and an HMAC at commit).
CREATE INDEX targets_by_channel ON targets (channel_id);

CREATE TABLE incidents (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL DEFAULT '',
    reference      TEXT NOT NULL DEFAULT '',
    gold_commander TEXT NOT NULL DEFAULT '',
    reason         TEXT NOT NULL DEFAULT '',
    mode           TEXT NOT NULL CHECK (mode IN ('suspend', 'review')),
    engaged_by     INTEGER NOT NULL REFERENCES users (id),
    engaged_utc    TEXT NOT NULL,
    stood_down_by  INTEGER REFERENCES users (id),
    stood_down_utc TEXT
) STRICT;

-- A hold is the small row that engaging incident mode commits: its scope, not
-- one row per target, so engaging costs the same whatever the queue holds.
CREATE TABLE holds (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents (id),
    scope        TEXT NOT NULL CHECK (scope IN ('all', 'channels', 'areas')),
    created_utc  TEXT NOT NULL,
    released_utc TEXT
) STRICT;

CREATE TABLE hold_channels (
    hold_id    INTEGER NOT NULL REFERENCES holds (id),
    channel_id INTEGER NOT NULL REFERENCES channels (id),
    PRIMARY KEY (hold_id, channel_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE hold_areas (
    hold_id INTEGER NOT NULL REFERENCES holds (id),
    area    TEXT NOT NULL,
    PRIMARY KEY (hold_id, area)
) STRICT, WITHOUT ROWID;

CREATE TABLE holding_templates (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    incident_type TEXT NOT NULL,
    body          TEXT NOT NULL,
    pre_approved  INTEGER NOT NULL DEFAULT 0 CHECK (pre_approved IN (0, 1)),
    created_utc   TEXT NOT NULL,
    updated_utc   TEXT NOT NULL
) STRICT;

-- The audit trail. Rows are appended by storage/audit.py only; the triggers
-- below refuse any change or deletion, whoever asks.
CREATE TABLE audit_log (
    seq           INTEGER PRIMARY KEY,
    at_utc        TEXT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    category      TEXT NOT NULL CHECK (category IN ('collection', 'alteration',
                      'consultation', 'disclosure', 'combination', 'erasure', 'access',
                      'system')),
    object_type   TEXT NOT NULL,
    object_id     TEXT NOT NULL,
    before        TEXT,
    after         TEXT,
    justification TEXT NOT NULL DEFAULT '',
    recipient     TEXT NOT NULL DEFAULT '',
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit entries cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit entries cannot be deleted');
END;
