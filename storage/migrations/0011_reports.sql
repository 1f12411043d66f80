-- Schema 11: reports from the public (an inbox item, or a conversation, recorded
-- with a reference, a category, a location, a THRIVE assessment and a response clock).

-- The last sequence number given out on each of the force's local days. A number is
-- taken in the same transaction as the report that carries it and the row is never
-- lowered or deleted, so an issued reference is never issued again.
CREATE TABLE report_sequences (
    day  TEXT PRIMARY KEY,  -- YYYY-MM-DD in the force's zone
    last INTEGER NOT NULL
) STRICT;

-- One row per report: what a list needs (no personal data), and the clock.
-- The report's content lives in its versions; ``version`` names the current one
-- and the columns below repeat its state, category, grade and allowance so that a
-- list and the inbox's clocks need no JSON.
CREATE TABLE reports (
    id                INTEGER PRIMARY KEY,
    reference         TEXT NOT NULL UNIQUE,
    day               TEXT NOT NULL,
    seq               INTEGER NOT NULL,
    created_utc       TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    -- The response clock runs from ``clock_start_utc`` for ``allowed_minutes`` (set
    -- by the grade when it was graded) and stops when the report first leaves 'open'.
    clock_start_utc   TEXT NOT NULL,
    clock_stopped_utc TEXT,
    allowed_minutes   INTEGER NOT NULL,
    version           INTEGER NOT NULL,
    state             TEXT NOT NULL
                      CHECK (state IN ('open', 'answered', 'handed_over', 'closed')),
    category          TEXT NOT NULL,
    grade             TEXT NOT NULL,
    updated_utc       TEXT NOT NULL,
    updated_by        TEXT NOT NULL,
    UNIQUE (day, seq)
) STRICT;
CREATE INDEX reports_newest ON reports (created_utc, id);

-- Every version of a report's content, the first one included: who, when, why,
-- which fields changed (JSON {field: [before, after]}) and the whole content
-- (JSON). ``content_sha256`` is also written into the version's audit entry, so
-- the hash-chained trail vouches for each version.
CREATE TABLE report_versions (
    report_id      INTEGER NOT NULL REFERENCES reports (id),
    version        INTEGER NOT NULL,
    at_utc         TEXT NOT NULL,
    by_user        TEXT NOT NULL,
    reason         TEXT NOT NULL,
    changes        TEXT NOT NULL,
    content        TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    PRIMARY KEY (report_id, version)
) STRICT;

CREATE TRIGGER report_versions_frozen BEFORE UPDATE ON report_versions
BEGIN
    SELECT RAISE(ABORT, 'a version of a report is never changed: write a new one');
END;

-- The inbox items a report was made from, copied when it was made and never
-- changed: erasing or editing the inbox row (retention) leaves the report whole.
-- ``source_item_id`` is the inbox row's id at the time, deliberately without a
-- foreign key: the inbox row may go, the copy stays.
CREATE TABLE report_items (
    report_id       INTEGER NOT NULL REFERENCES reports (id),
    position        INTEGER NOT NULL,
    source_item_id  INTEGER NOT NULL,
    channel_id      INTEGER NOT NULL,
    channel_name    TEXT NOT NULL,
    network         TEXT NOT NULL,
    remote_id       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    author_handle   TEXT NOT NULL,
    author_name     TEXT NOT NULL,
    text            TEXT NOT NULL,
    created_utc     TEXT NOT NULL,
    received_utc    TEXT NOT NULL,
    url             TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    in_reply_to     TEXT NOT NULL,
    links           TEXT NOT NULL,  -- JSON array of the URLs in the text and the raw JSON
    media           TEXT NOT NULL,  -- JSON array of media references (URLs, blob ids, keys)
    raw             TEXT NOT NULL,  -- the network's JSON, exactly as the inbox held it
    copied_utc      TEXT NOT NULL,
    PRIMARY KEY (report_id, position)
) STRICT;
CREATE INDEX report_items_by_source ON report_items (source_item_id);

CREATE TRIGGER report_items_frozen BEFORE UPDATE ON report_items
BEGIN
    SELECT RAISE(ABORT, 'an item preserved in a report is never changed');
END;
