-- Schema 6: incident mode (engage, review, holding statements, stand-down).

-- Which incident moved a target to held, and the state it came from. Set in one
-- UPDATE when incident mode engages: no index, so holding a week of content
-- dirties only the pages of the rows themselves and of targets_by_due.
ALTER TABLE targets ADD COLUMN held_incident_id INTEGER REFERENCES incidents (id);
-- An incident's own holds do not cover this target: a post gold released during
-- the incident, or a holding statement sent in it.
ALTER TABLE targets ADD COLUMN cleared_incident_id INTEGER REFERENCES incidents (id);
CREATE INDEX targets_cleared ON targets (cleared_incident_id)
    WHERE cleared_incident_id IS NOT NULL;
-- Who last amended a held target's words during an incident: they may not also
-- release it (four eyes on the words that go out).
ALTER TABLE targets ADD COLUMN amended_by INTEGER REFERENCES users (id);

-- The audit entries that open and close the incident's timeline; when its targets
-- were all moved to held (NULL: the process stopped between the hold and the
-- move, and the move runs again on the next start); the targets that were already
-- sending when the hold committed (a JSON list of ids); when the public was
-- promised the next update.
ALTER TABLE incidents ADD COLUMN engage_seq INTEGER;
ALTER TABLE incidents ADD COLUMN stand_down_seq INTEGER;
ALTER TABLE incidents ADD COLUMN targets_held_utc TEXT;
ALTER TABLE incidents ADD COLUMN in_flight TEXT NOT NULL DEFAULT '[]';
ALTER TABLE incidents ADD COLUMN next_update_utc TEXT;
-- Gold's decisions so far, kept with each decision so the banner never counts
-- the whole queue.
ALTER TABLE incidents ADD COLUMN released_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN cancelled_count INTEGER NOT NULL DEFAULT 0;

-- Only one incident is active at a time.
CREATE UNIQUE INDEX one_active_incident ON incidents ((1)) WHERE stood_down_utc IS NULL;

-- Holding statement templates: a text per network where one is needed (a JSON
-- object network -> text); who last changed the words (NULL: shipped with
-- Cordon) and which approver pre-approved them (never the same person; changing
-- the words withdraws the pre-approval).
ALTER TABLE holding_templates ADD COLUMN variants TEXT NOT NULL DEFAULT '{}';
ALTER TABLE holding_templates ADD COLUMN retired INTEGER NOT NULL DEFAULT 0
    CHECK (retired IN (0, 1));
ALTER TABLE holding_templates ADD COLUMN edited_by INTEGER REFERENCES users (id);
ALTER TABLE holding_templates ADD COLUMN approved_by INTEGER REFERENCES users (id);
