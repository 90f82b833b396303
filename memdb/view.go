// Package memdb is the live, in-memory materialized view the GUI reads,
// held in hashicorp/go-memdb: records indexed by id and by type, updated on
// every local write and every merge, with watch channels so that a screen
// refreshes when a merge from another laptop lands.
package memdb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"sync/atomic"

	"github.com/google/uuid"
	hmemdb "github.com/hashicorp/go-memdb"
	"github.com/konbit/konbit/sync/crdt"
)

// Record is a record as the view holds it. Treat it as read-only: it is
// shared with other readers (an update replaces it with a copy).
type Record struct {
	Key    string // uuid string form
	ID     uuid.UUID
	Type   string
	Fields map[string][]byte // current values; nil when deleted

	live  string       // Type while live, "" once deleted (the type index)
	scope string       // live record's "meeting" field, if any (the scope index)
	state *crdt.Record // registers with their stamps, to merge further changes

	// The index keys, built once by wrap rather than by the indexers at
	// every insert (and again for the record an insert replaces): nil
	// when the record is not in that index. Their capacity equals their
	// length, so that go-memdb's appending of the id makes a copy.
	typeKey, scopeKey []byte
}

// ScopeField is the field whose value (a JSON string, an id) indexes a
// record under its parent: agenda items, roles and proposals under their
// meeting, so that a meeting's screen reads and watches only its own.
const ScopeField = "meeting"

const table = "records"

// The indexes: by id (the 16 bytes, whose order is the string form's),
// live records by type, and live records by type and scope. The indexers
// read the keys wrap built, with no reflection: a merge of a large bundle
// inserts tens of thousands of records, and each insert asks every
// indexer for the new and the old record's keys.
func schema() *hmemdb.DBSchema {
	return &hmemdb.DBSchema{Tables: map[string]*hmemdb.TableSchema{
		table: {
			Name: table,
			Indexes: map[string]*hmemdb.IndexSchema{
				"id":    {Name: "id", Unique: true, Indexer: idIndex{}},
				"type":  {Name: "type", AllowMissing: true, Indexer: liveTypeIndex{}},
				"scope": {Name: "scope", AllowMissing: true, Indexer: scopeIndex{}},
			},
		},
	}}
}

func asRecord(obj any) (*Record, error) {
	r, ok := obj.(*Record)
	if !ok {
		return nil, fmt.Errorf("live view: unexpected object %T", obj)
	}
	return r, nil
}

// idIndex indexes records by id.
type idIndex struct{}

func (idIndex) FromObject(obj any) (bool, []byte, error) {
	r, err := asRecord(obj)
	if err != nil {
		return false, nil, err
	}
	return true, r.ID[:], nil
}

func (idIndex) FromArgs(args ...any) ([]byte, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("live view: id index takes one argument")
	}
	id, ok := args[0].(uuid.UUID)
	if !ok {
		return nil, fmt.Errorf("live view: id index argument must be a uuid.UUID")
	}
	return id[:], nil
}

// liveTypeIndex indexes live records by type; deleted ones are left out.
type liveTypeIndex struct{}

func (liveTypeIndex) FromObject(obj any) (bool, []byte, error) {
	r, err := asRecord(obj)
	if err != nil || r.typeKey == nil {
		return false, nil, err
	}
	return true, r.typeKey, nil
}

func (liveTypeIndex) FromArgs(args ...any) ([]byte, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("live view: type index takes one argument")
	}
	s, ok := args[0].(string)
	if !ok {
		return nil, fmt.Errorf("live view: type index argument must be a string")
	}
	return indexKey(s), nil
}

// scopeIndex indexes live records that have a scope by type and scope.
type scopeIndex struct{}

func (scopeIndex) FromObject(obj any) (bool, []byte, error) {
	r, err := asRecord(obj)
	if err != nil || r.scopeKey == nil {
		return false, nil, err
	}
	return true, r.scopeKey, nil
}

func (scopeIndex) FromArgs(args ...any) ([]byte, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("live view: scope index takes two arguments")
	}
	typ, ok1 := args[0].(string)
	scope, ok2 := args[1].(string)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("live view: scope index arguments must be strings")
	}
	return indexKey(typ, scope), nil
}

// indexKey joins strings, each ended by a zero byte, with no spare
// capacity.
func indexKey(parts ...string) []byte {
	n := 0
	for _, p := range parts {
		n += len(p) + 1
	}
	b := make([]byte, 0, n)
	for _, p := range parts {
		b = append(b, p...)
		b = append(b, 0)
	}
	return b
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
	// kept memoizes keep, which a merge asks for every op (copy on
	// write: readers take no lock).
	kept atomic.Pointer[map[string]bool]
	// writes counts the write transactions (see write).
	writes atomic.Uint64
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

// maxKept bounds the memo of keep: record types are few, but a peer could
// send ops of many unknown ones.
const maxKept = 256

// Holds reports whether the view holds records of type typ.
func (v *View) Holds(typ string) bool {
	m := v.kept.Load()
	if m != nil {
		if k, ok := (*m)[typ]; ok {
			return k
		}
	}
	k := v.keep(typ)
	if m == nil || len(*m) < maxKept {
		next := make(map[string]bool, 8)
		if m != nil {
			for t, b := range *m {
				next[t] = b
			}
		}
		next[typ] = k
		v.kept.CompareAndSwap(m, &next) // a lost race only costs a later call
	}
	return k
}

func wrap(st *crdt.Record) *Record {
	r := &Record{Key: st.ID.String(), ID: st.ID, Type: st.Type, state: st}
	if !st.Deleted {
		r.live = st.Type
		r.Fields = st.Visible()
		var scope string
		if raw, ok := r.Fields[ScopeField]; ok && json.Unmarshal(raw, &scope) == nil {
			r.scope = scope
		}
		if r.live != "" {
			r.typeKey = indexKey(r.live)
		}
		if r.live != "" && r.scope != "" {
			r.scopeKey = indexKey(r.live, r.scope)
		}
	}
	return r
}

// Load puts records read from the store into the view (at startup).
func (v *View) Load(recs []*crdt.Record) error {
	return v.write(func(txn *hmemdb.Txn) error {
		for _, st := range recs {
			if !v.Holds(st.Type) {
				continue
			}
			if err := txn.Insert(table, wrap(st)); err != nil {
				return fmt.Errorf("live view: load %s: %w", st.ID, err)
			}
		}
		return nil
	})
}

// write runs fn in a write transaction, committed if fn returns nil. It
// counts the writes, twice each: once the write lock is held (the count
// is then odd), and once the transaction is over (even again), so that
// an update can tell that nothing was written since it was prepared.
func (v *View) write(fn func(txn *hmemdb.Txn) error) error {
	txn := v.db.Txn(true)
	v.writes.Add(1)
	defer v.writes.Add(1)
	if err := fn(txn); err != nil {
		txn.Abort()
		return err
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
	changes []*crdt.Change        // what was merged, to merge again onto a newer record
	base    map[uuid.UUID]*Record // the record the merge started from (nil: absent)
	next    map[uuid.UUID]*Record // the new records, wrapped in advance
	order   []uuid.UUID           // next's keys, in id order
	changed int
	// alone says that no write was under way when the snapshot was
	// taken, and writes is then the count of writes it includes: if it
	// has not moved at Commit, every base is still current.
	alone  bool
	writes uint64
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
	u.v.write(func(txn *hmemdb.Txn) error {
		// Our own write is counted once already.
		unchanged := u.alone && u.v.writes.Load() == u.writes+1
		var again map[uuid.UUID][]stampedOp
		for _, id := range u.order {
			rec := u.next[id]
			if !unchanged {
				raw, err := txn.First(table, "id", id)
				var cur *Record
				if err == nil && raw != nil {
					cur = raw.(*Record)
				}
				if cur != u.base[id] {
					if again == nil {
						again = u.opsByRecord()
					}
					var st *crdt.Record
					if cur != nil {
						st = cur.state.Clone()
					} else {
						st = &crdt.Record{ID: id}
					}
					for _, so := range again[id] {
						st.ApplyOp(so.op, so.s)
					}
					rec = wrap(st)
				}
			}
			if err := txn.Insert(table, rec); err != nil {
				// Insert fails only for an object without an id, which
				// wrap never builds.
				panic(fmt.Sprintf("live view: update %s: %v", id, err))
			}
		}
		return nil
	})
}

type stampedOp struct {
	op *crdt.Op
	s  crdt.Stamp
}

// opsByRecord lists the update's ops per record of next, in merge order:
// needed only when a record changed between Prepare and Commit, so it is
// not kept for every op of a large merge.
func (u *Update) opsByRecord() map[uuid.UUID][]stampedOp {
	out := map[uuid.UUID][]stampedOp{}
	for _, c := range u.changes {
		s := c.Stamp()
		for i := range c.Ops {
			op := &c.Ops[i]
			if _, ok := u.next[op.Record]; ok && op.Known() && u.v.Holds(op.Type) {
				out[op.Record] = append(out[op.Record], stampedOp{op, s})
			}
		}
	}
	return out
}

// Abort drops the update.
func (u *Update) Abort() {}

// Prepare merges changes into a new version of the view without showing
// it, so the work can run while the store commits the same changes: Commit
// it once the store has committed, Abort it if the store failed. Merging
// is idempotent, so changes the store already held may be included.
// Operations on record types the view does not hold are skipped. The
// changes must not be modified until the update is committed or dropped.
func (v *View) Prepare(changes []*crdt.Change) (*Update, error) {
	writes := v.writes.Load()
	txn := v.db.Txn(false)
	u := &Update{v: v, changes: changes, base: map[uuid.UUID]*Record{}, next: map[uuid.UUID]*Record{}}
	u.writes, u.alone = writes, writes%2 == 0 && v.writes.Load() == writes
	type work struct {
		st      *crdt.Record
		changed bool
	}
	dirty := map[uuid.UUID]*work{}
	var order []uuid.UUID
	// The previous op's type and verdict: a bundle's ops come in runs of
	// one type.
	lastType, lastKeep := "", false
	for _, c := range changes {
		s := c.Stamp()
		for i := range c.Ops {
			op := &c.Ops[i]
			if !op.Known() {
				continue
			}
			if op.Type != lastType {
				lastType, lastKeep = op.Type, v.Holds(op.Type)
			}
			if !lastKeep {
				continue
			}
			w := dirty[op.Record]
			if w == nil {
				w = &work{}
				raw, err := txn.First(table, "id", op.Record)
				if err != nil {
					return nil, fmt.Errorf("live view: %w", err)
				}
				if raw != nil {
					u.base[op.Record] = raw.(*Record)
					w.st = raw.(*Record).state.Clone()
				} else {
					w.st = &crdt.Record{ID: op.Record}
				}
				dirty[op.Record] = w
				order = append(order, op.Record)
			}
			if w.st.ApplyOp(op, s) {
				w.changed = true
			}
		}
	}
	// Wrap (index fields, visible values) here, off the write lock. Commit
	// inserts in id order, the indexes' order: the radix trees' inner
	// nodes are then copied once each and reused while they are in the
	// transaction's cache of writable nodes, instead of being copied
	// again and again when a large merge touches records at random.
	slices.SortFunc(order, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
	for _, id := range order {
		if w := dirty[id]; w.changed {
			u.next[id] = wrap(w.st)
			u.order = append(u.order, id)
		}
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
	return v.write(func(txn *hmemdb.Txn) error {
		for _, st := range recs {
			if v.Holds(st.Type) {
				if err := txn.Insert(table, wrap(st.Clone())); err != nil {
					return fmt.Errorf("live view: put %s: %w", st.ID, err)
				}
				continue
			}
			raw, err := txn.First(table, "id", st.ID)
			if err != nil {
				return fmt.Errorf("live view: %w", err)
			}
			if raw != nil {
				if err := txn.Delete(table, raw); err != nil {
					return fmt.Errorf("live view: drop %s: %w", st.ID, err)
				}
			}
		}
		return nil
	})
}

// Get returns a live record and a channel closed when it changes.
func (v *View) Get(id uuid.UUID) (*Record, <-chan struct{}) {
	txn := v.db.Txn(false)
	ch, raw, err := txn.FirstWatch(table, "id", id)
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
