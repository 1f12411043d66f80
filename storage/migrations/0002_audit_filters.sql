-- Schema 2: the audit view filters 100,000s of entries by officer and by action
-- without a full scan. There is deliberately no index on at_utc: each index is
-- one more page to encrypt on every audit append (bench/store.py), and the rarer
-- time filter can afford a scan of the log on the store thread.
CREATE INDEX audit_by_actor ON audit_log (actor, seq);
CREATE INDEX audit_by_action ON audit_log (action, seq);
