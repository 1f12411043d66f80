-- Schema 15: unpinning the holding statements pinned during an incident.
--
-- Stand-down offers to take them off the top of the profile or Page again: the
-- officer's answer asks (requested), the engine's pull-back worker unpins (unpinned)
-- or says why not (failed, with the network's sentence). The CHECK on
-- targets.pin_state (schema 8) cannot be widened in place, so unpinning has its own
-- pair of columns beside it; pin_state keeps saying the statement was pinned.
ALTER TABLE targets ADD COLUMN unpin_state TEXT
    CHECK (unpin_state IS NULL OR unpin_state IN ('requested', 'unpinned', 'failed'));
ALTER TABLE targets ADD COLUMN unpin_error TEXT NOT NULL DEFAULT '';
