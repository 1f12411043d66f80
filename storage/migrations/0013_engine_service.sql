-- Schema 13: the engine as its own process (`cordon serve`), and change notification
-- between the processes that share a store.

-- The one engine service of this store: its lease and its heartbeat. ``holder`` is a
-- random id the running service chose; it renews ``beat_utc`` (real time, never
-- exercise time) every few seconds. A lease whose beat is older than the limit, or
-- whose process is gone (same host), may be taken by a new service. ``state`` is
-- what the service says of itself; ``detail`` the sentence that goes with it (why it
-- stopped or failed). ``proc_start`` (the process's start time as the kernel counts
-- it) and ``boot_id`` tell a live process from a pid reused after it died or after a
-- reboot. The beat is bookkeeping and has no audit entry; starting and stopping do
-- (``engine.start``, ``engine.stop``).
CREATE TABLE engine_service (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    holder      TEXT NOT NULL,
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

-- What a window (or a command) asks of the running service: stop, play a jump of the
-- exercise clock, run a publishing pass now, sync a channel now. The service takes each pending request
-- in order, marks it done or failed with a sentence, and the asker watches the row.
CREATE TABLE engine_requests (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('stop', 'jump', 'catch_up', 'sync_now')),
    args          TEXT NOT NULL DEFAULT '{}',
    requested_by  TEXT NOT NULL,
    requested_utc TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'running', 'done', 'failed')),
    result        TEXT NOT NULL DEFAULT '',
    done_utc      TEXT
) STRICT;
CREATE INDEX engine_requests_pending ON engine_requests (state, id);

-- When sync plans the next pass, in real time (``next_sync_utc`` is the store's time,
-- exercise time in an exercise store): a pass is late by the real clock, whatever
-- the exercise clock's pace or jumps.
ALTER TABLE sync_state ADD COLUMN next_sync_real_utc TEXT;

-- One counter, moved by every commit that changes what a view shows (not by the
-- engine's heartbeat): another process sees ``PRAGMA data_version`` change, reads
-- this, and refreshes only when it moved.
CREATE TABLE change_counter (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
) STRICT;
INSERT INTO change_counter (id, seq) VALUES (1, 0);
