-- Local-only settings of this replica: device key seed, clock, language.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value BLOB NOT NULL
) WITHOUT ROWID;

-- Every device whose changes this replica holds, with its public key and
-- its entry of the version vector.
CREATE TABLE devices (
	id         BLOB PRIMARY KEY,            -- 16-byte device id (hash of pubkey)
	pubkey     BLOB NOT NULL,               -- Ed25519 public key
	contiguous INTEGER NOT NULL DEFAULT 0,  -- version vector: all seqs <= this are held
	max_seq    INTEGER NOT NULL DEFAULT 0,  -- highest seq held (> contiguous while a gap is open)
	future_ms  INTEGER NOT NULL DEFAULT 0,  -- how far ahead of our clock it was seen, if flagged
	future_hlc INTEGER NOT NULL DEFAULT 0,  -- highest clock reading of its flagged changes
	first_seen INTEGER NOT NULL,            -- unix ms, local
	last_seen  INTEGER NOT NULL             -- unix ms, local
) WITHOUT ROWID;

-- The change log: every signed change ever received or made, forwarded as is.
CREATE TABLE changes (
	origin   BLOB NOT NULL,
	seq      INTEGER NOT NULL,
	hlc      INTEGER NOT NULL,
	body     BLOB NOT NULL,    -- crdt canonical body
	sig      BLOB NOT NULL,
	PRIMARY KEY (origin, seq)
) WITHOUT ROWID;

-- The materialized state: one row per record (tombstones included), its
-- fields and their stamps in crdt's compact state encoding.
CREATE TABLE records (
	rid     INTEGER PRIMARY KEY,
	id      BLOB NOT NULL UNIQUE,   -- UUID v7, 16 bytes
	type    TEXT NOT NULL,
	deleted INTEGER NOT NULL DEFAULT 0,
	state   BLOB NOT NULL           -- crdt.Record.AppendState
);
CREATE INDEX records_by_type ON records (type, deleted, id);
