-- Schema 4: what the publishing engine needs on each target, and channel settings.

-- How many times the publisher has claimed it, and when it may try again after a
-- transient failure (429, 5xx, timeout). NULL: as soon as it is due.
ALTER TABLE targets ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE targets ADD COLUMN next_attempt_utc TEXT;
ALTER TABLE targets ADD COLUMN claimed_utc TEXT;
ALTER TABLE targets ADD COLUMN published_utc TEXT;

-- Per-channel settings as canonical JSON (the simulator's address and behaviour).
ALTER TABLE channels ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
