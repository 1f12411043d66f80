-- Schema 16: what each audited write made of the rows it changed.
--
-- For the rows whose state an inquiry relies on (posts, targets, incidents, holds
-- with their scope, users with their roles), each audit entry that changed one
-- records here a 16-byte digest of what the row became (empty: deleted). The entry
-- itself carries one hash over its rows ("_rows" in its after), so these rows are
-- held by the chain without the entry repeating the data. `store check` compares
-- every current row with the newest digest recorded for it (storage/state.py).
CREATE TABLE audit_rows (
    seq    INTEGER NOT NULL,
    tbl    TEXT NOT NULL,
    id     INTEGER NOT NULL,
    digest BLOB NOT NULL,
    PRIMARY KEY (tbl, id, seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX audit_rows_by_seq ON audit_rows (seq);

CREATE TRIGGER audit_rows_no_update BEFORE UPDATE ON audit_rows
BEGIN
    SELECT RAISE(ABORT, 'audit entries cannot be changed');
END;

CREATE TRIGGER audit_rows_no_delete BEFORE DELETE ON audit_rows
BEGIN
    SELECT RAISE(ABORT, 'audit entries cannot be deleted');
END;
