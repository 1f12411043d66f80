-- Schema 12: training exercises. A new role, the trainer; the scenario an
-- exercise store plays, its clock, its channels' follower counts and its injects.

-- The trainer (observer rights plus control of the exercise). SQLite cannot change
-- a CHECK, so user_roles is built again with the new role allowed.
CREATE TABLE user_roles_new (
    user_id INTEGER NOT NULL REFERENCES users (id),
    role    TEXT NOT NULL
            CHECK (role IN ('duty_officer', 'approver', 'administrator', 'observer', 'trainer')),
    PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;
INSERT INTO user_roles_new (user_id, role) SELECT user_id, role FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;

-- The one exercise an exercise store holds: the scenario (its whole text, as the
-- trainer loaded it) and the clock. Exercise time is ``anchor_exercise_utc`` plus
-- the real time since ``anchor_real_utc`` times ``speed`` while running, and
-- ``anchor_exercise_utc`` while not started, paused or ended. Every change of the
-- clock is also an ``exercise.clock`` audit entry with both times. ``runner`` is the
-- lease of the one console (or headless run) playing the scenario, renewed by it
-- at ``runner_seen_utc`` (real time): a second one refuses to play while it is fresh.
CREATE TABLE exercise (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    title               TEXT NOT NULL,
    scenario_file       TEXT NOT NULL,
    source_text         TEXT NOT NULL,
    starts_utc          TEXT NOT NULL,
    duration_seconds    INTEGER NOT NULL CHECK (duration_seconds > 0),
    state               TEXT NOT NULL DEFAULT 'not_started'
                        CHECK (state IN ('not_started', 'running', 'paused', 'ended')),
    speed               REAL NOT NULL DEFAULT 1.0 CHECK (speed > 0),
    anchor_real_utc     TEXT NOT NULL,
    anchor_exercise_utc TEXT NOT NULL,
    created_utc         TEXT NOT NULL,
    runner              TEXT,
    runner_seen_utc     TEXT
) STRICT;

-- The audience of each simulated channel, from the scenario.
CREATE TABLE exercise_channels (
    channel_id INTEGER PRIMARY KEY REFERENCES channels (id),
    followers  INTEGER NOT NULL CHECK (followers >= 0)
) STRICT;

-- The scenario's injects in firing order (``ord``), and what became of each: when
-- it fired (exercise and real time) and the inbox items it became once sync stored
-- them (JSON list of inbox_items ids).
CREATE TABLE exercise_injects (
    inject_id          TEXT PRIMARY KEY,
    ord                INTEGER NOT NULL UNIQUE,
    at_seconds         INTEGER NOT NULL,
    kind               TEXT NOT NULL,
    channel            TEXT NOT NULL DEFAULT '',
    summary            TEXT NOT NULL,
    expect             TEXT NOT NULL DEFAULT '',
    first_sign         INTEGER NOT NULL DEFAULT 0 CHECK (first_sign IN (0, 1)),
    fired_exercise_utc TEXT,
    fired_real_utc     TEXT,
    remote_ids         TEXT NOT NULL DEFAULT '[]',
    item_ids           TEXT NOT NULL DEFAULT '[]'
) STRICT;
