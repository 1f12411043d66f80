-- Schema 7: connected channels, background sync, the inbox and post metrics.

-- A connected channel's credentials: its network's tokens as a JSON object
-- (``secrets``), when the access token expires where the network says, and where
-- the network is (a Mastodon instance, a Bluesky PDS, the Graph API). No row: the
-- channel is not connected. Like everything else here, this lives only inside
-- the encrypted store; no audit entry, log line or export ever carries ``secrets``.
CREATE TABLE channel_credentials (
    channel_id    INTEGER PRIMARY KEY REFERENCES channels (id),
    base_url      TEXT NOT NULL,
    secrets       TEXT NOT NULL,
    expires_utc   TEXT,
    connected_utc TEXT NOT NULL,
    refreshed_utc TEXT
) STRICT;

-- Where each channel's background sync stands. ``state`` is what the last pass
-- found; ``paused`` is the officer's switch (reported as the state 'paused').
-- ``generation`` grows with every connect and disconnect, so a running console
-- rebuilds the channel's adapter (a token refresh keeps it). The inbox cursor is
-- written in the same transaction as the items it covers.
CREATE TABLE sync_state (
    channel_id       INTEGER PRIMARY KEY REFERENCES channels (id),
    state            TEXT NOT NULL DEFAULT 'ok'
                     CHECK (state IN ('ok', 'degraded', 'offline', 'needs_reconnect')),
    paused           INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    inbox_cursor     TEXT,
    last_sync_utc    TEXT,
    next_sync_utc    TEXT,
    last_error       TEXT NOT NULL DEFAULT '',
    budget_limit     INTEGER,
    budget_remaining INTEGER,
    budget_reset_utc TEXT,
    failures         INTEGER NOT NULL DEFAULT 0,
    metrics_utc      TEXT,
    generation       INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Targets that failed because their channel needs reconnecting: put back on the
-- queue when it is connected again.
CREATE TABLE awaiting_reconnect (
    target_id  INTEGER PRIMARY KEY REFERENCES targets (id),
    channel_id INTEGER NOT NULL REFERENCES channels (id),
    failed_utc TEXT NOT NULL
) STRICT;
CREATE INDEX awaiting_reconnect_by_channel ON awaiting_reconnect (channel_id);

-- Mentions, replies, comments and direct messages, as each network gave them.
-- (channel_id, remote_id) is unique: a restart or an overlapping page never
-- stores an item twice. ``kind`` is not checked here: a network's new kind of
-- item must not stop a channel's sync.
CREATE TABLE inbox_items (
    id              INTEGER PRIMARY KEY,
    channel_id      INTEGER NOT NULL REFERENCES channels (id),
    remote_id       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    author_handle   TEXT NOT NULL,
    author_name     TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL,
    created_utc     TEXT NOT NULL,
    url             TEXT NOT NULL DEFAULT '',
    conversation_id TEXT NOT NULL DEFAULT '',
    in_reply_to     TEXT NOT NULL DEFAULT '',
    raw             TEXT NOT NULL DEFAULT '',
    received_utc    TEXT NOT NULL,
    UNIQUE (channel_id, remote_id)
) STRICT;
-- Newest first, across channels and on one channel.
CREATE INDEX inbox_newest ON inbox_items (created_utc, id);
CREATE INDEX inbox_newest_by_channel ON inbox_items (channel_id, created_utc, id);

-- What each published target earned, as its network last reported it.
CREATE TABLE post_metrics (
    target_id   INTEGER PRIMARY KEY REFERENCES targets (id),
    likes       INTEGER NOT NULL DEFAULT 0,
    replies     INTEGER NOT NULL DEFAULT 0,
    reposts     INTEGER NOT NULL DEFAULT 0,
    reach       INTEGER,
    updated_utc TEXT NOT NULL
) STRICT;
