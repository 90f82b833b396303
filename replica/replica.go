// Package replica is what the CLI and the GUI talk to: one laptop's copy of
// the group's records. It wires the durable store (sqlite), the live view
// (memdb) and the bundle format (sync/bundle) together, and offers the
// organisation domain's operations (members, committees, memberships).
package replica

import (
	"cmp"
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/memdb"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
)

// DBFile is the database file name inside the data directory.
const DBFile = "konbit.db"

// Replica is an open local copy. Callers go through its methods: the
// store and the live view are its own, so every write keeps the change
// log, the projections, the view and the watchers in step.
type Replica struct {
	db   *sqlite.DB
	view *memdb.View
	dir  string

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every change
	topics  *topics       // watchers of SQL-served records, by meeting

	// mergeMu makes this process's merges one at a time, each judged
	// against the roster as the one before left it: two concurrent
	// sessions, one bringing a device's removal and one its later
	// changes, would otherwise both be judged against the old roster.
	mergeMu sync.Mutex

	catchMu sync.Mutex
	seen    crdt.Vector // what the live view holds of the store, for CatchUp
	stale   bool        // the view missed a merge: the next catch-up reloads it

	notices []Notice // what opening found worth telling the user (Notices)
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
	notices := checkPermissions(dir)
	createPrivate(filepath.Join(dir, DBFile))
	db, err := sqlite.Open(ctx, filepath.Join(dir, DBFile), opts)
	if err != nil {
		return nil, err
	}
	view, err := memdb.New(func(typ string) bool { return konbit.ResidencyOf(typ) == konbit.Live })
	if err != nil {
		db.Close()
		return nil, err
	}
	r := &Replica{db: db, view: view, dir: dir, changed: make(chan struct{}), topics: newTopics(), notices: notices}
	if r.seen, err = db.Vector(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if _, err := db.ChangedElsewhere(ctx); err != nil { // baseline
		db.Close()
		return nil, err
	}
	// Only the types the live view holds are loaded: the large ones stay
	// in SQL, so opening does not grow with years of meetings.
	var live []string
	for _, t := range konbit.RecordTypes() {
		if t.Residency == konbit.Live {
			live = append(live, t.Name)
		}
	}
	var batch []*crdt.Record
	err = db.EachRecordOfTypes(ctx, live, func(rec *crdt.Record) error {
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
	if err := r.foundRoster(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("found the group's roster: %w", err)
	}
	return r, nil
}

// Close closes the database.
func (r *Replica) Close() error { return r.db.Close() }

// Dir is the data directory.
func (r *Replica) Dir() string { return r.dir }

// Device is this laptop's device id.
func (r *Replica) Device() crdt.DeviceID { return r.db.Device() }

// Changed returns a channel closed at the next change of any record, local
// or merged.
func (r *Replica) Changed() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.changed
}

// notify wakes whoever waits on Changed and the watchers of the topics
// written.
func (r *Replica) notify(written []sqlite.Topic) {
	r.mu.Lock()
	close(r.changed)
	r.changed = make(chan struct{})
	r.mu.Unlock()
	r.topics.notify(written)
}

// Commit makes a local change and merges it into the live view.
func (r *Replica) Commit(ctx context.Context, ops ...crdt.Op) (*crdt.Change, error) {
	c, written, err := r.db.CommitTopics(ctx, ops)
	if err != nil {
		return nil, err
	}
	// The change is durable: a failure below only delays the screens,
	// which the next catch-up repairs.
	err = r.view.ApplyChanges([]*crdt.Change{c})
	if err == nil {
		err = r.view.Put(written.Retyped)
	}
	if err != nil {
		log.Printf("konbit: refresh live view: %v", err)
		r.markStale()
	} else {
		r.advanceSeen([]*crdt.Change{c})
	}
	r.notify(written.Topics)
	return c, nil
}

// markStale makes the next catch-up merge again everything after what the
// view last caught up to.
func (r *Replica) markStale() {
	r.catchMu.Lock()
	r.stale = true
	r.catchMu.Unlock()
}

// advanceSeen records that the live view now holds changes the store
// committed, so that the next catch-up does not merge them again.
func (r *Replica) advanceSeen(changes []*crdt.Change) {
	sorted := slices.Clone(changes)
	slices.SortFunc(sorted, func(a, b *crdt.Change) int {
		if c := a.Origin.Compare(b.Origin); c != 0 {
			return c
		}
		return cmp.Compare(a.Seq, b.Seq)
	})
	r.catchMu.Lock()
	defer r.catchMu.Unlock()
	for _, c := range sorted {
		if r.seen[c.Origin] == c.Seq-1 {
			r.seen[c.Origin] = c.Seq
		}
	}
}

// CatchUp merges into the live view what another process (the command
// line, a script of the HR committee) committed to the database while this
// one has it open. The app calls it every few seconds; it costs one query
// when nothing happened. It returns how many records it refreshed.
func (r *Replica) CatchUp(ctx context.Context) (int, error) {
	elsewhere, err := r.db.ChangedElsewhere(ctx)
	if err != nil {
		return 0, err
	}
	r.catchMu.Lock()
	defer r.catchMu.Unlock()
	if !elsewhere && !r.stale {
		return 0, nil
	}
	r.stale = false
	v, err := r.db.Vector(ctx)
	if err != nil {
		return 0, err
	}
	// Everything after what the view was last caught up to, our own
	// commits included: merging them again changes nothing.
	cs, _, err := r.db.ChangesSince(ctx, r.seen)
	if err != nil {
		return 0, err
	}
	// The view takes the records the other process wrote as the store
	// now holds them: the store has merged them already, and only it can
	// tell a record's type when a peer wrote one id under two types.
	var reload []uuid.UUID
	seenID := map[uuid.UUID]bool{}
	var written []sqlite.Topic
	stored := map[string]bool{}
	for i := range cs {
		for _, op := range cs[i].Ops {
			if !op.Known() || seenID[op.Record] {
				continue
			}
			seenID[op.Record] = true
			if r.view.Holds(op.Type) {
				reload = append(reload, op.Record)
			} else if rec, _ := r.view.Get(op.Record); rec != nil {
				reload = append(reload, op.Record)
			}
			// Records served from SQL are already in place (the other
			// process wrote their projections): wake the screens that
			// show their types.
			if !r.view.Holds(op.Type) && !stored[op.Type] {
				stored[op.Type] = true
				written = append(written, sqlite.Topic{Type: op.Type})
			}
		}
	}
	recs, err := r.db.Records(ctx, reload)
	if err != nil {
		return 0, err
	}
	if err := r.view.Put(recs); err != nil {
		return 0, err
	}
	r.seen = v
	if len(recs) > 0 || len(written) > 0 {
		r.notify(written)
		return len(recs) + len(written), nil
	}
	return 0, nil
}

// Setting reads a local-only setting of this laptop ("" if unset).
func (r *Replica) Setting(ctx context.Context, key string) (string, error) {
	return r.db.Setting(ctx, key)
}

// SetSetting stores a local-only setting, never replicated.
func (r *Replica) SetSetting(ctx context.Context, key, value string) error {
	return r.db.SetSetting(ctx, key, value)
}

// IntegrityCheck runs SQLite's integrity check on the database.
func (r *Replica) IntegrityCheck(ctx context.Context) error { return r.db.IntegrityCheck(ctx) }
