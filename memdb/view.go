// Package memdb is the live, in-memory materialized view the GUI reads,
// held in hashicorp/go-memdb: records indexed by id and by type, updated on
// every local write and every merge, with watch channels so that a screen
// refreshes when a merge from another laptop lands.
package memdb

import (
	"fmt"
	"sort"

	"github.com/google/uuid"
	hmemdb "github.com/hashicorp/go-memdb"
	"github.com/konbit/konbit/sync/crdt"
)

// Record is a record as the view holds it. Treat it as read-only: it is
// shared with other readers (an update replaces it with a copy).
type Record struct {
	Key    string // uuid string form, the primary index
	ID     uuid.UUID
	Type   string
	Fields map[string][]byte // current values; nil when deleted

	live  string       // Type while live, "" once deleted (the type index)
	state *crdt.Record // registers with their stamps, to merge further changes
}

const table = "records"

func schema() *hmemdb.DBSchema {
	return &hmemdb.DBSchema{Tables: map[string]*hmemdb.TableSchema{
		table: {
			Name: table,
			Indexes: map[string]*hmemdb.IndexSchema{
				"id":   {Name: "id", Unique: true, Indexer: &hmemdb.StringFieldIndex{Field: "Key"}},
				"type": {Name: "type", AllowMissing: true, Indexer: liveTypeIndex{}},
			},
		},
	}}
}

// liveTypeIndex indexes live records by type; deleted ones are left out.
type liveTypeIndex struct{}

func (liveTypeIndex) FromObject(obj any) (bool, []byte, error) {
	r, ok := obj.(*Record)
	if !ok {
		return false, nil, fmt.Errorf("live view: unexpected object %T", obj)
	}
	if r.live == "" {
		return false, nil, nil
	}
	return true, []byte(r.live + "\x00"), nil
}

func (liveTypeIndex) FromArgs(args ...any) ([]byte, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("live view: type index takes one argument")
	}
	s, ok := args[0].(string)
	if !ok {
		return nil, fmt.Errorf("live view: type index argument must be a string")
	}
	return []byte(s + "\x00"), nil
}

// View is the live view. It is safe for concurrent use: one writer at a
// time, readers see consistent snapshots.
type View struct {
	db *hmemdb.MemDB
}

// New returns an empty view.
func New() (*View, error) {
	db, err := hmemdb.NewMemDB(schema())
	if err != nil {
		return nil, fmt.Errorf("create live view: %w", err)
	}
	return &View{db: db}, nil
}

func wrap(st *crdt.Record) *Record {
	r := &Record{Key: st.ID.String(), ID: st.ID, Type: st.Type, state: st}
	if !st.Deleted {
		r.live = st.Type
		r.Fields = st.Visible()
	}
	return r
}

// Load puts records read from the store into the view (at startup).
func (v *View) Load(recs []*crdt.Record) error {
	txn := v.db.Txn(true)
	defer txn.Abort()
	for _, st := range recs {
		if err := txn.Insert(table, wrap(st)); err != nil {
			return fmt.Errorf("live view: load %s: %w", st.ID, err)
		}
	}
	txn.Commit()
	return nil
}

// ApplyChanges merges changes the store has just committed, with the same
// rules (crdt.Record.ApplyOp), so the view always equals the store's
// materialized state without reading it back. Watchers of the affected
// types and records are woken.
func (v *View) ApplyChanges(changes []*crdt.Change) error {
	u, err := v.Prepare(changes)
	if err != nil {
		return err
	}
	u.Commit()
	return nil
}

// Update is a prepared, not yet visible, change of the view. It holds the
// view's write lock until Commit or Abort.
type Update struct {
	txn     *hmemdb.Txn
	changed int
}

// Changed is how many records the update changes.
func (u *Update) Changed() int { return u.changed }

// Commit makes the update visible and wakes watchers.
func (u *Update) Commit() { u.txn.Commit() }

// Abort drops the update.
func (u *Update) Abort() { u.txn.Abort() }

// Prepare merges changes into a new version of the view without showing
// it, so the work can run while the store commits the same changes: Commit
// it once the store has committed, Abort it if the store failed. Merging
// is idempotent, so changes the store already held may be included.
func (v *View) Prepare(changes []*crdt.Change) (*Update, error) {
	txn := v.db.Txn(true)
	dirty := map[uuid.UUID]*crdt.Record{}
	changed := map[uuid.UUID]bool{}
	for _, c := range changes {
		s := c.Stamp()
		for i := range c.Ops {
			op := &c.Ops[i]
			if !op.Known() {
				continue
			}
			st := dirty[op.Record]
			if st == nil {
				raw, err := txn.First(table, "id", op.Record.String())
				if err != nil {
					txn.Abort()
					return nil, fmt.Errorf("live view: %w", err)
				}
				if raw != nil {
					st = raw.(*Record).state.Clone()
				} else {
					st = &crdt.Record{ID: op.Record}
				}
				dirty[op.Record] = st
			}
			if st.ApplyOp(op, s) {
				changed[op.Record] = true
			}
		}
	}
	for id := range changed {
		st := dirty[id]
		if err := txn.Insert(table, wrap(st)); err != nil {
			txn.Abort()
			return nil, fmt.Errorf("live view: update %s: %w", st.ID, err)
		}
	}
	return &Update{txn: txn, changed: len(changed)}, nil
}

// Get returns a live record and a channel closed when it changes.
func (v *View) Get(id uuid.UUID) (*Record, <-chan struct{}) {
	txn := v.db.Txn(false)
	ch, raw, err := txn.FirstWatch(table, "id", id.String())
	if err != nil || raw == nil || raw.(*Record).live == "" {
		return nil, ch
	}
	return raw.(*Record), ch
}

// ByType returns the live records of a type, ordered by id (UUID v7: by
// creation time), and a channel closed when any of them changes or a new
// one appears.
func (v *View) ByType(typ string) ([]*Record, <-chan struct{}) {
	txn := v.db.Txn(false)
	it, err := txn.Get(table, "type", typ)
	if err != nil {
		return nil, nil
	}
	var out []*Record
	for raw := it.Next(); raw != nil; raw = it.Next() {
		out = append(out, raw.(*Record))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, it.WatchCh()
}

// Count returns the number of live records of a type.
func (v *View) Count(typ string) int {
	recs, _ := v.ByType(typ)
	return len(recs)
}

// All returns every live record, in id order.
func (v *View) All() []*Record {
	txn := v.db.Txn(false)
	it, err := txn.Get(table, "id")
	if err != nil {
		return nil
	}
	var out []*Record
	for raw := it.Next(); raw != nil; raw = it.Next() {
		if r := raw.(*Record); r.live != "" {
			out = append(out, r)
		}
	}
	return out
}
