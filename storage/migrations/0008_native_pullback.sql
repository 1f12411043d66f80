-- Schema 8: pulling back what waits in the networks' own schedulers (incident mode).
--
-- A post someone scheduled with the network's own tools (Meta Business Suite,
-- Mastodon's web app) would go out in the middle of an incident whatever Cordon
-- holds. Incident mode lists each channel's native scheduler, keeps a held copy of
-- every item in Cordon (so gold can still release it), and unschedules it on the
-- network; each item has its own visible state, and failures are retried.

CREATE TABLE native_pullbacks (
    id               INTEGER PRIMARY KEY,
    incident_id      INTEGER NOT NULL REFERENCES incidents (id),
    channel_id       INTEGER NOT NULL REFERENCES channels (id),
    remote_id        TEXT NOT NULL,
    scheduled_utc    TEXT NOT NULL,
    text             TEXT NOT NULL,
    target_id        INTEGER REFERENCES targets (id),  -- Cordon's held copy
    state            TEXT NOT NULL CHECK (state IN ('pulling', 'pulled', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    next_attempt_utc TEXT,
    updated_utc      TEXT NOT NULL,
    UNIQUE (incident_id, channel_id, remote_id)
) STRICT;

-- When each channel's scheduler was last read for an incident, and why not if not.
CREATE TABLE native_listings (
    incident_id      INTEGER NOT NULL REFERENCES incidents (id),
    channel_id       INTEGER NOT NULL REFERENCES channels (id),
    listed_utc       TEXT,
    last_error       TEXT NOT NULL DEFAULT '',
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_utc TEXT,
    PRIMARY KEY (incident_id, channel_id)
) STRICT, WITHOUT ROWID;

-- Pinning a holding statement to the top of the profile or Page, where the network
-- can: the window asks (requested), the engine pins (pinned) or says why not.
ALTER TABLE targets ADD COLUMN pin_state TEXT
    CHECK (pin_state IS NULL OR pin_state IN ('requested', 'pinned', 'failed'));
ALTER TABLE targets ADD COLUMN pin_error TEXT NOT NULL DEFAULT '';
