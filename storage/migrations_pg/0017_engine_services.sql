-- Schema 17 (as storage/migrations/0017_engine_services.sql): a row per engine service,
-- and which service claimed a target.
CREATE TABLE engine_services (
    holder      TEXT PRIMARY KEY,
    pid         BIGINT NOT NULL,
    host        TEXT NOT NULL,
    proc_start  TEXT NOT NULL DEFAULT '',
    boot_id     TEXT NOT NULL DEFAULT '',
    started_utc TEXT NOT NULL,
    beat_utc    TEXT NOT NULL,
    state       TEXT NOT NULL
                CHECK (state IN ('starting', 'running', 'stopping', 'stopped', 'failed')),
    detail      TEXT NOT NULL DEFAULT '',
    stopped_utc TEXT
);
INSERT INTO engine_services (holder, pid, host, proc_start, boot_id, started_utc, beat_utc,
                             state, detail, stopped_utc)
    SELECT holder, pid, host, proc_start, boot_id, started_utc, beat_utc, state, detail,
           stopped_utc
    FROM engine_service;
DROP TABLE engine_service;

ALTER TABLE targets ADD COLUMN claimed_by TEXT;
