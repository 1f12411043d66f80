-- Schema 17: several engine services on one team store, and which one claimed a target.
--
-- A team store may have an engine service per site (for resilience): each keeps a
-- row of its own here (its lease and heartbeat), where schema 13 kept the one row of
-- the one service a store file has. A store file still runs one service at a time
-- (console/service.py refuses a second while the first is alive); a team store runs
-- as many as its force starts, and windows show every one.
CREATE TABLE engine_services (
    holder      TEXT PRIMARY KEY,
    pid         INTEGER NOT NULL,
    host        TEXT NOT NULL,
    proc_start  TEXT NOT NULL DEFAULT '',
    boot_id     TEXT NOT NULL DEFAULT '',
    started_utc TEXT NOT NULL,
    beat_utc    TEXT NOT NULL,
    state       TEXT NOT NULL
                CHECK (state IN ('starting', 'running', 'stopping', 'stopped', 'failed')),
    detail      TEXT NOT NULL DEFAULT '',
    stopped_utc TEXT
) STRICT;
INSERT INTO engine_services (holder, pid, host, proc_start, boot_id, started_utc, beat_utc,
                             state, detail, stopped_utc)
    SELECT holder, pid, host, proc_start, boot_id, started_utc, beat_utc, state, detail,
           stopped_utc
    FROM engine_service;
DROP TABLE engine_service;

-- The service whose publisher claimed the target (NULL before this schema, or claimed
-- by a publisher outside a service). A publisher settles the targets left publishing
-- by itself or by a service that is no longer alive, never another live one's sends.
ALTER TABLE targets ADD COLUMN claimed_by TEXT;
