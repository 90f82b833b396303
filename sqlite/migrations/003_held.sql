-- Changes whose origin is not (yet) on the group's roster, held aside
-- until the admission that covers them arrives (then merged, and deleted
-- from here once that merge committed). Bounded by the code (sqlite/held.go).
CREATE TABLE held (
	origin   BLOB NOT NULL,
	seq      INTEGER NOT NULL,
	pubkey   BLOB NOT NULL,    -- the origin's Ed25519 key, from the bundle
	body     BLOB NOT NULL,    -- crdt canonical body
	sig      BLOB NOT NULL,
	received INTEGER NOT NULL, -- unix ms, local
	PRIMARY KEY (origin, seq)
) WITHOUT ROWID;
