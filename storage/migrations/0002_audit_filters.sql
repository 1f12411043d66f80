-- Schema 2: the audit view filters 100,000s of entries by officer and by action
-- without a full scan. (The time filter rides on seq order: at_utc grows with seq.)
CREATE INDEX audit_by_actor ON audit_log (actor, seq);
CREATE INDEX audit_by_action ON audit_log (action, seq);
CREATE INDEX audit_by_time ON audit_log (at_utc);
