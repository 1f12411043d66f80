-- Schema 9: working the inbox. Conversations (items grouped per network thread),
-- their state and assignment, teams, internal notes and saved replies.

-- Teams an inbox conversation can be assigned to (a free name an administrator
-- adds; a retired team takes no new work but keeps what it has).
CREATE TABLE inbox_teams (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_utc TEXT NOT NULL
) STRICT;

-- One conversation per network thread on a channel: ``thread_key`` is the
-- network's conversation id (the thread's root post, the DM conversation), or the
-- item it answers, or the item itself. The counts and times follow its items
-- (storage.conversations keeps them when items are filed or erased). The state is
-- the conversation's; an item's state is its conversation's.
CREATE TABLE inbox_conversations (
    id               INTEGER PRIMARY KEY,
    channel_id       INTEGER NOT NULL REFERENCES channels (id),
    thread_key       TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'new'
                     CHECK (state IN ('new', 'assigned', 'answered', 'closed', 'report')),
    assignee_user_id INTEGER REFERENCES users (id),
    assignee_team_id INTEGER REFERENCES inbox_teams (id),
    first_utc        TEXT NOT NULL,
    latest_utc       TEXT NOT NULL,
    latest_item_id   INTEGER,
    item_count       INTEGER NOT NULL DEFAULT 0,
    state_utc        TEXT NOT NULL,
    CHECK (assignee_user_id IS NULL OR assignee_team_id IS NULL),
    UNIQUE (channel_id, thread_key)
) STRICT;
-- Newest first: overall, per state, per channel, per officer, per team.
CREATE INDEX conversations_newest ON inbox_conversations (latest_utc, id);
CREATE INDEX conversations_by_state ON inbox_conversations (state, latest_utc, id);
CREATE INDEX conversations_by_channel ON inbox_conversations (channel_id, latest_utc, id);
CREATE INDEX conversations_by_officer ON inbox_conversations (assignee_user_id, latest_utc, id)
    WHERE assignee_user_id IS NOT NULL;
CREATE INDEX conversations_by_team ON inbox_conversations (assignee_team_id, latest_utc, id)
    WHERE assignee_team_id IS NOT NULL;

-- Which conversation each item belongs to (NULL only until it is filed, in the
-- same transaction that stored it).
ALTER TABLE inbox_items ADD COLUMN conversation_ref INTEGER REFERENCES inbox_conversations (id);
CREATE INDEX inbox_by_conversation ON inbox_items (conversation_ref, created_utc, id);
CREATE INDEX inbox_unfiled ON inbox_items (channel_id, created_utc, id)
    WHERE conversation_ref IS NULL;
-- An author's history on a channel (insights), and the retention cut-off.
CREATE INDEX inbox_by_author ON inbox_items (channel_id, author_handle, created_utc);

-- Items stored before schema 9: one conversation per network conversation id (or
-- the item answered, or the item itself), all new.
INSERT INTO inbox_conversations (channel_id, thread_key, first_utc, latest_utc, item_count,
                                 state_utc)
SELECT channel_id, COALESCE(NULLIF(conversation_id, ''), NULLIF(in_reply_to, ''), remote_id),
       min(created_utc), max(created_utc), count(*), max(received_utc)
FROM inbox_items
GROUP BY channel_id, COALESCE(NULLIF(conversation_id, ''), NULLIF(in_reply_to, ''), remote_id);

UPDATE inbox_items SET conversation_ref = (
    SELECT c.id FROM inbox_conversations c
    WHERE c.channel_id = inbox_items.channel_id
      AND c.thread_key = COALESCE(NULLIF(inbox_items.conversation_id, ''),
                                  NULLIF(inbox_items.in_reply_to, ''), inbox_items.remote_id)
);

UPDATE inbox_conversations SET latest_item_id = (
    SELECT i.id FROM inbox_items i WHERE i.conversation_ref = inbox_conversations.id
    ORDER BY i.created_utc DESC, i.id DESC LIMIT 1
);

-- Internal notes on a conversation: never sent, never changed. They go only
-- with their conversation, when retention erases it.
CREATE TABLE inbox_notes (
    id               INTEGER PRIMARY KEY,
    conversation_ref INTEGER NOT NULL REFERENCES inbox_conversations (id),
    author_user_id   INTEGER NOT NULL REFERENCES users (id),
    text             TEXT NOT NULL CHECK (length(trim(text)) > 0),
    created_utc      TEXT NOT NULL
) STRICT;
CREATE INDEX inbox_notes_by_conversation ON inbox_notes (conversation_ref, id);

CREATE TRIGGER inbox_notes_no_update BEFORE UPDATE ON inbox_notes
BEGIN
    SELECT RAISE(ABORT, 'inbox notes cannot be changed: add another note');
END;

-- Replies approvers keep ready, with named {fields} like holding statements. A
-- retired reply stays (the audit trail names it) but is no longer offered; a
-- name is unique among the replies offered.
CREATE TABLE saved_replies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL COLLATE NOCASE,
    body        TEXT NOT NULL CHECK (length(trim(body)) > 0),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_by  TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    changed_utc TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX saved_replies_offered_name ON saved_replies (name) WHERE active = 1;
