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
	future_ms  INTEGER NOT NULL DEFAULT 0,  -- how far ahead of our clock its newest change was, if flagged
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

-- The materialized state: one row per record, one per live field.
CREATE TABLE records (
	id          BLOB PRIMARY KEY,   -- UUID v7, 16 bytes
	type        TEXT NOT NULL,
	type_hlc    INTEGER NOT NULL,   -- stamp of the earliest op seen
	type_origin BLOB NOT NULL,
	type_seq    INTEGER NOT NULL,
	deleted     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX records_by_type ON records (type, id);

CREATE TABLE fields (
	record BLOB NOT NULL REFERENCES records (id),
	name   TEXT NOT NULL,
	value  BLOB NOT NULL,
	hlc    INTEGER NOT NULL,
	origin BLOB NOT NULL,
	seq    INTEGER NOT NULL,
	PRIMARY KEY (record, name)
) WITHOUT ROWID;
