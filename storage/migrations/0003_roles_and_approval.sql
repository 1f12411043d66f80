-- Schema 3: settings, approval rules, blocked words, and the approver's note.

-- Typed settings (console/settings.py is the registry of keys, types and defaults).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Whether content of a kind on a channel needs an approver before it goes out.
-- No row means no approval needed.
CREATE TABLE approval_rules (
    channel_id INTEGER NOT NULL REFERENCES channels (id),
    kind       TEXT NOT NULL CHECK (kind IN ('post', 'holding_statement', 'reply')),
    required   INTEGER NOT NULL CHECK (required IN (0, 1)),
    PRIMARY KEY (channel_id, kind)
) STRICT, WITHOUT ROWID;

-- Words or phrases that send any content containing them to approval.
CREATE TABLE blocked_words (
    phrase      TEXT PRIMARY KEY COLLATE NOCASE,
    added_by    TEXT NOT NULL,
    added_utc   TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The approver's reason when content is sent back to its author.
ALTER TABLE posts ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
