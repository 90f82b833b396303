// Package sqlite is Konbit's durable replica: the change log, the version
// vector and the materialized records, in one SQLite file (modernc.org/sqlite,
// no cgo). All of Konbit's SQL lives here. A local write and its change-log
// entry commit in one transaction; a merge of received changes is one
// transaction too, so a crash leaves either all or none of it.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/konbit/konbit/sync/crdt"
	_ "modernc.org/sqlite" // database/sql driver "sqlite"
)

// Options tune a DB. The zero value is usable.
type Options struct {
	// Now is the physical clock (injected for tests); time.Now by default.
	Now func() time.Time
	// FutureSkew is how far ahead of the local clock a received change may
	// be before its origin is flagged; 10 minutes by default.
	FutureSkew time.Duration
	// Synchronous is the SQLite synchronous level; "FULL" by default so that
	// a committed edit survives a power cut. Benchmarks may say "NORMAL".
	Synchronous string
}

// DB is an open replica.
type DB struct {
	write *sql.DB // exactly one connection: SQLite has one writer
	read  *sql.DB // query-only pool
	opts  Options
	id    crdt.Identity
	clock *crdt.Clock

	applierStmts []*sql.Stmt // prepared on the write connection

	mu          sync.Mutex // serialises this process's writes
	dataVersion int64      // PRAGMA data_version last seen on the write connection
}

// Open opens (creating if needed) the replica database at path, applies
// migrations and loads or creates this device's identity.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.FutureSkew == 0 {
		opts.FutureSkew = 10 * time.Minute
	}
	if opts.Synchronous == "" {
		opts.Synchronous = "FULL"
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	db := &DB{opts: opts}
	var err error
	db.write, err = sql.Open("sqlite", dsn(path, opts.Synchronous, false))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.write.SetMaxOpenConns(1)
	db.write.SetMaxIdleConns(1)
	db.write.SetConnMaxLifetime(0)
	if err := db.write.PingContext(ctx); err != nil {
		db.write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := migrate(ctx, db.write); err != nil {
		db.write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := refreshProjections(ctx, db.write); err != nil {
		db.write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if db.applierStmts, err = prepareApplier(ctx, db.write); err != nil {
		db.write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.read, err = sql.Open("sqlite", dsn(path, opts.Synchronous, true))
	if err != nil {
		db.write.Close()
		return nil, fmt.Errorf("open %s for reading: %w", path, err)
	}
	db.read.SetMaxOpenConns(4)
	if err := db.loadIdentity(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func dsn(path, synchronous string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous("+synchronous+")")
	q.Add("_pragma", "cache_size(-65536)")    // 64 MiB page cache
	q.Add("_pragma", "mmap_size(1073741824)") // read pages through mmap, not pread
	q.Add("_pragma", "temp_store(MEMORY)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Close closes the database.
func (db *DB) Close() error {
	var errs []error
	for _, st := range db.applierStmts {
		errs = append(errs, st.Close())
	}
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	return errors.Join(errs...)
}

// Device is this replica's device id.
func (db *DB) Device() crdt.DeviceID { return db.id.Device() }

// Identity is this replica's signing identity.
func (db *DB) Identity() crdt.Identity { return db.id }

// Now reads the injected physical clock.
func (db *DB) Now() time.Time { return db.opts.Now() }

const (
	metaSeed = "device_seed"
	metaHLC  = "hlc"
)

// loadIdentity reads the device key, or creates it on first start, and
// restores the clock and local sequence counter.
func (db *DB) loadIdentity(ctx context.Context) error {
	var seed []byte
	err := db.write.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", metaSeed).Scan(&seed)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		id, err := crdt.NewIdentity()
		if err != nil {
			return err
		}
		db.id = id
		now := db.opts.Now().UnixMilli()
		err = db.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES (?, ?)", metaSeed, id.Private.Seed()); err != nil {
				return err
			}
			dev := id.Device()
			_, err := tx.ExecContext(ctx, `INSERT INTO devices(id, pubkey, first_seen, last_seen) VALUES (?, ?, ?, ?)`,
				dev[:], []byte(id.Public()), now, now)
			return err
		})
		if err != nil {
			return fmt.Errorf("create device identity: %w", err)
		}
	case err != nil:
		return fmt.Errorf("read device identity: %w", err)
	default:
		db.id, err = crdt.IdentityFromSeed(seed)
		if err != nil {
			return fmt.Errorf("read device identity: %w", err)
		}
	}
	var last int64
	if err := db.write.QueryRowContext(ctx, "SELECT COALESCE((SELECT value FROM meta WHERE key = ?), 0)", metaHLC).Scan(&last); err != nil {
		return fmt.Errorf("read clock: %w", err)
	}
	db.clock = crdt.NewClock(db.opts.Now, crdt.Timestamp(last))
	return nil
}

// inTx runs fn in a write transaction (BEGIN IMMEDIATE), committing if it
// returns nil and rolling back otherwise.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// ChangedElsewhere reports whether another connection (another process,
// such as the command line while the app is open) has committed to the
// database since the last call. The first call only takes a baseline.
func (db *DB) ChangedElsewhere(ctx context.Context) (bool, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	var v int64
	// data_version moves only for commits made by other connections than
	// the one asked, and every write here goes through the one writer.
	if err := db.write.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		return false, fmt.Errorf("read data version: %w", err)
	}
	changed := db.dataVersion != 0 && v != db.dataVersion
	db.dataVersion = v
	return changed, nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	var res string
	if err := db.write.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("integrity check: %s", res)
	}
	return nil
}
