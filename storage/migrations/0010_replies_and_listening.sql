-- Schema 10: replies through the channels, listening rules, threat-to-life alerts.

-- A reply is a post of kind 'reply' with one target; this row says which inbox
-- item that target answers, and whether in public (under the item) or by direct
-- message to its author. The publisher sends such a target with the adapter's
-- ``reply`` instead of ``publish``.
CREATE TABLE reply_links (
    target_id INTEGER PRIMARY KEY REFERENCES targets (id),
    item_id   INTEGER NOT NULL REFERENCES inbox_items (id),
    public    INTEGER NOT NULL CHECK (public IN (0, 1))
) STRICT;
CREATE INDEX reply_links_by_item ON reply_links (item_id);

-- What approvers listen for: a keyword, a phrase, a hashtag, a name or an area
-- (an incident's, when ``incident_id`` is set), on every channel or on one.
-- A removed rule keeps its row (``removed_utc``), so its flags and counts stay
-- readable.
CREATE TABLE listening_rules (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('keyword', 'phrase', 'hashtag', 'name', 'area')),
    value       TEXT NOT NULL,
    channel_id  INTEGER REFERENCES channels (id),
    incident_id INTEGER REFERENCES incidents (id),
    created_by  TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    removed_utc TEXT
) STRICT;

-- Items a rule matched when they were stored. ``created_utc`` is the item's own
-- time (copied), so counts per rule per hour need no join.
CREATE TABLE item_flags (
    item_id     INTEGER NOT NULL REFERENCES inbox_items (id),
    rule_id     INTEGER NOT NULL REFERENCES listening_rules (id),
    created_utc TEXT NOT NULL,
    PRIMARY KEY (item_id, rule_id)
) STRICT;
CREATE INDEX item_flags_by_rule ON item_flags (rule_id, created_utc);

-- Administrators' changes to the threat-to-life phrases shipped in
-- resources/threat_phrases.toml: a phrase added, or a shipped one removed. The
-- list in force is the shipped list, less what was removed, plus what was added.
CREATE TABLE threat_phrase_changes (
    phrase      TEXT PRIMARY KEY,
    state       TEXT NOT NULL CHECK (state IN ('added', 'removed')),
    changed_by  TEXT NOT NULL,
    changed_utc TEXT NOT NULL
) STRICT;

-- An item that matched a threat-to-life phrase: an urgent alert that stays open
-- until an officer acknowledges it (who, when, why).
CREATE TABLE threat_alerts (
    id            INTEGER PRIMARY KEY,
    item_id       INTEGER NOT NULL UNIQUE REFERENCES inbox_items (id),
    phrases       TEXT NOT NULL,  -- a JSON list: the listed phrases it matched
    raised_utc    TEXT NOT NULL,
    seen_by       TEXT,
    seen_utc      TEXT,
    justification TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX threat_alerts_open ON threat_alerts (raised_utc) WHERE seen_utc IS NULL;
