// Package memdb is the live, in-memory materialized view the GUI reads,
// held in hashicorp/go-memdb: records indexed by id and by type, updated on
// every local write and every merge, with watch channels so that a screen
// refreshes when a merge from another laptop lands.
package memdb

import (
	"encoding/json"
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
	scope string       // live record's "meeting" field, if any (the scope index)
	state *crdt.Record // registers with their stamps, to merge further changes
}

// ScopeField is the field whose value (a JSON string, an id) indexes a
// record under its parent: agenda items, roles and proposals under their
// meeting, so that a meeting's screen reads and watches only its own.
const ScopeField = "meeting"

const table = "records"

func schema() *hmemdb.DBSchema {
	return &hmemdb.DBSchema{Tables: map[string]*hmemdb.TableSchema{
		table: {
			Name: table,
			Indexes: map[string]*hmemdb.IndexSchema{
				"id":   {Name: "id", Unique: true, Indexer: &hmemdb.StringFieldIndex{Field: "Key"}},
				"type": {Name: "type", AllowMissing: true, Indexer: liveTypeIndex{}},
				"scope": {Name: "scope", AllowMissing: true, Indexer: &hmemdb.CompoundIndex{
					Indexes: []hmemdb.Indexer{
						&hmemdb.StringFieldIndex{Field: "live"},
						&hmemdb.StringFieldIndex{Field: "scope"},
					},
				}},
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
	// keep says which record types the view holds. The others (speech
	// segments, attendance, decisions: tens of thousands over the years)
	// are served from the store's projection tables, so that opening the
	// replica and its memory do not grow with years of meetings.
	keep func(typ string) bool
}

// New returns an empty view holding the record types keep accepts (all
// of them if keep is nil).
func New(keep func(typ string) bool) (*View, error) {
	db, err := hmemdb.NewMemDB(schema())
	if err != nil {
		return nil, fmt.Errorf("create live view: %w", err)
	}
	if keep == nil {
		keep = func(string) bool { return true }
	}
	return &View{db: db, keep: keep}, nil
}

// Holds reports whether the view holds records of type typ.
func (v *View) Holds(typ string) bool { return v.keep(typ) }

func wrap(st *crdt.Record) *Record {
	r := &Record{Key: st.ID.String(), ID: st.ID, Type: st.Type, state: st}
	if !st.Deleted {
		r.live = st.Type
		r.Fields = st.Visible()
		var scope string
		if json.Unmarshal(r.Fields[ScopeField], &scope) == nil {
			r.scope = scope
		}
	}
	return r
}

// Load puts records read from the store into the view (at startup).
func (v *View) Load(recs []*crdt.Record) error {
	txn := v.db.Txn(true)
	defer txn.Abort()
	for _, st := range recs {
		if !v.keep(st.Type) {
			continue
		}
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

// Update is a prepared, not yet visible, change of the view. Preparing
// takes no lock: it merges onto a snapshot, so a long merge never blocks
// the screens or a local edit. Commit takes the write lock only to install
// the result, merging again any record that changed since the snapshot.
type Update struct {
	v       *View
	base    map[uuid.UUID]*Record     // the record the merge started from (nil: absent)
	next    map[uuid.UUID]*Record     // the new records, wrapped in advance
	ops     map[uuid.UUID][]stampedOp // to merge again onto a newer record
	changed int
}

type stampedOp struct {
	op *crdt.Op
	s  crdt.Stamp
}

// Changed is how many records the update changes.
func (u *Update) Changed() int { return u.changed }

// Commit makes the update visible and wakes watchers. Records that another
// update changed since this one was prepared get this one's operations
// merged onto their new state: merging is commutative and idempotent, so
// the result is the same as if both had run one after the other.
func (u *Update) Commit() {
	if u.changed == 0 {
		return
	}
	txn := u.v.db.Txn(true)
	for id, rec := range u.next {
		raw, err := txn.First(table, "id", rec.Key)
		var cur *Record
		if err == nil && raw != nil {
			cur = raw.(*Record)
		}
		if cur != u.base[id] {
			var st *crdt.Record
			if cur != nil {
				st = cur.state.Clone()
			} else {
				st = &crdt.Record{ID: id}
			}
			for _, so := range u.ops[id] {
				st.ApplyOp(so.op, so.s)
			}
			rec = wrap(st)
		}
		if err := txn.Insert(table, rec); err != nil {
			// Insert fails only for an object without an id, which
			// wrap never builds.
			panic(fmt.Sprintf("live view: update %s: %v", id, err))
		}
	}
	txn.Commit()
}

// Abort drops the update.
func (u *Update) Abort() {}

// Prepare merges changes into a new version of the view without showing
// it, so the work can run while the store commits the same changes: Commit
// it once the store has committed, Abort it if the store failed. Merging
// is idempotent, so changes the store already held may be included.
// Operations on record types the view does not hold are skipped.
func (v *View) Prepare(changes []*crdt.Change) (*Update, error) {
	txn := v.db.Txn(false)
	u := &Update{v: v, base: map[uuid.UUID]*Record{}, next: map[uuid.UUID]*Record{}, ops: map[uuid.UUID][]stampedOp{}}
	dirty := map[uuid.UUID]*crdt.Record{}
	changed := map[uuid.UUID]*crdt.Record{}
	for _, c := range changes {
		s := c.Stamp()
		for i := range c.Ops {
			op := &c.Ops[i]
			if !op.Known() || !v.keep(op.Type) {
				continue
			}
			st := dirty[op.Record]
			if st == nil {
				raw, err := txn.First(table, "id", op.Record.String())
				if err != nil {
					return nil, fmt.Errorf("live view: %w", err)
				}
				if raw != nil {
					u.base[op.Record] = raw.(*Record)
					st = raw.(*Record).state.Clone()
				} else {
					st = &crdt.Record{ID: op.Record}
				}
				dirty[op.Record] = st
			}
			u.ops[op.Record] = append(u.ops[op.Record], stampedOp{op, s})
			if st.ApplyOp(op, s) {
				changed[op.Record] = st
			}
		}
	}
	// Wrap (index fields, visible values) here, off the write lock.
	for id, st := range changed {
		u.next[id] = wrap(st)
	}
	u.changed = len(u.next)
	return u, nil
}

// Put sets records to the state the store holds, whatever the view
// prepared: a record of a type the view holds is inserted, one of another
// type is dropped. It serves the records a peer wrote under two types
// (sqlite.MergeResult.Retyped), whose type only the store can tell.
func (v *View) Put(recs []*crdt.Record) error {
	if len(recs) == 0 {
		return nil
	}
	txn := v.db.Txn(true)
	defer txn.Abort()
	for _, st := range recs {
		if v.keep(st.Type) {
			if err := txn.Insert(table, wrap(st.Clone())); err != nil {
				return fmt.Errorf("live view: put %s: %w", st.ID, err)
			}
			continue
		}
		raw, err := txn.First(table, "id", st.ID.String())
		if err != nil {
			return fmt.Errorf("live view: %w", err)
		}
		if raw != nil {
			if err := txn.Delete(table, raw); err != nil {
				return fmt.Errorf("live view: drop %s: %w", st.ID, err)
			}
		}
	}
	txn.Commit()
	return nil
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

// ByScope returns the live records of a type whose "meeting" field is
// scope (an id in text form), ordered by id, and a channel closed when any
// of them changes or a new one appears.
func (v *View) ByScope(typ, scope string) ([]*Record, <-chan struct{}) {
	if scope == "" {
		return nil, nil
	}
	txn := v.db.Txn(false)
	it, err := txn.Get(table, "scope", typ, scope)
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
