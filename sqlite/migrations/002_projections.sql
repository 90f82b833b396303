-- Versions of the projection tables (segments, attendance, decisions), which
-- are created and rebuilt from the records by the code that knows them
-- (sqlite/projection.go) whenever their version changes.
CREATE TABLE projections (
	name    TEXT PRIMARY KEY,
	version INTEGER NOT NULL
) WITHOUT ROWID;
