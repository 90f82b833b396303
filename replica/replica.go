// Package replica is what the CLI and the GUI talk to: one laptop's copy of
// the group's records. It wires the durable store (sqlite), the live view
// (memdb) and the bundle format (sync/bundle) together, and offers the
// organisation domain's operations (members, committees, memberships).
package replica

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/konbit/konbit/memdb"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
)

// DBFile is the database file name inside the data directory.
const DBFile = "konbit.db"

// Replica is an open local copy.
type Replica struct {
	DB   *sqlite.DB
	View *memdb.View
	dir  string

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every change

	catchMu sync.Mutex
	seen    crdt.Vector // what the live view holds of the store, for CatchUp
}

// DefaultDataDir is where Konbit keeps its data unless told otherwise:
// $KONBIT_DATA, else the OS user data directory (e.g. ~/.local/share/konbit).
func DefaultDataDir() (string, error) {
	if d := os.Getenv("KONBIT_DATA"); d != "" {
		return d, nil
	}
	if runtime.GOOS == "linux" {
		if x := os.Getenv("XDG_DATA_HOME"); x != "" {
			return filepath.Join(x, "konbit"), nil
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find home directory: %w", err)
		}
		return filepath.Join(home, ".local", "share", "konbit"), nil
	}
	base, err := os.UserConfigDir() // Application Support on macOS, AppData on Windows
	if err != nil {
		return "", fmt.Errorf("find user data directory: %w", err)
	}
	return filepath.Join(base, "Konbit"), nil
}

// Open opens the replica in dir (created if needed) and loads the live view.
func Open(ctx context.Context, dir string, opts sqlite.Options) (*Replica, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory %s: %w", dir, err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(dir, DBFile), opts)
	if err != nil {
		return nil, err
	}
	view, err := memdb.New()
	if err != nil {
		db.Close()
		return nil, err
	}
	r := &Replica{DB: db, View: view, dir: dir, changed: make(chan struct{})}
	if r.seen, err = db.Vector(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if _, err := db.ChangedElsewhere(ctx); err != nil { // baseline
		db.Close()
		return nil, err
	}
	var batch []*crdt.Record
	err = db.EachRecord(ctx, func(rec *crdt.Record) error {
		batch = append(batch, rec)
		if len(batch) == 4096 {
			if err := view.Load(batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
		return nil
	})
	if err == nil {
		err = view.Load(batch)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("load live view: %w", err)
	}
	return r, nil
}

// Close closes the database.
func (r *Replica) Close() error { return r.DB.Close() }

// Dir is the data directory.
func (r *Replica) Dir() string { return r.dir }

// Device is this laptop's device id.
func (r *Replica) Device() crdt.DeviceID { return r.DB.Device() }

// Changed returns a channel closed at the next change of any record, local
// or merged.
func (r *Replica) Changed() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.changed
}

func (r *Replica) notify() {
	r.mu.Lock()
	close(r.changed)
	r.changed = make(chan struct{})
	r.mu.Unlock()
}

// Commit makes a local change and merges it into the live view.
func (r *Replica) Commit(ctx context.Context, ops ...crdt.Op) (*crdt.Change, error) {
	c, err := r.DB.Commit(ctx, ops)
	if err != nil {
		return nil, err
	}
	r.catchMu.Lock()
	if r.seen[c.Origin] == c.Seq-1 {
		r.seen[c.Origin] = c.Seq
	}
	r.catchMu.Unlock()
	return c, r.refresh([]*crdt.Change{c})
}

// refresh merges changes the store has committed into the live view and
// wakes whoever waits on Changed.
func (r *Replica) refresh(changes []*crdt.Change) error {
	if len(changes) == 0 {
		return nil
	}
	if err := r.View.ApplyChanges(changes); err != nil {
		return fmt.Errorf("refresh live view: %w", err)
	}
	r.notify()
	return nil
}

// CatchUp merges into the live view what another process (the command
// line, a script of the HR committee) committed to the database while this
// one has it open. The app calls it every few seconds; it costs one query
// when nothing happened. It returns how many records changed.
func (r *Replica) CatchUp(ctx context.Context) (int, error) {
	elsewhere, err := r.DB.ChangedElsewhere(ctx)
	if err != nil || !elsewhere {
		return 0, err
	}
	r.catchMu.Lock()
	defer r.catchMu.Unlock()
	v, err := r.DB.Vector(ctx)
	if err != nil {
		return 0, err
	}
	// Everything after what the view was last caught up to, our own
	// commits included: merging them again changes nothing.
	cs, _, err := r.DB.ChangesSince(ctx, r.seen)
	if err != nil {
		return 0, err
	}
	ptrs := make([]*crdt.Change, len(cs))
	for i := range cs {
		ptrs[i] = &cs[i]
	}
	u, err := r.View.Prepare(ptrs)
	if err != nil {
		return 0, err
	}
	u.Commit()
	r.seen = v
	if n := u.Changed(); n > 0 {
		r.notify()
		return n, nil
	}
	return 0, nil
}
