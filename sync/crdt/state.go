package crdt

import (
	"bytes"

	"github.com/google/uuid"
)

// FieldState is a field register: its value and the stamp of the write
// that set it.
type FieldState struct {
	Value []byte
	Stamp Stamp
}

// Record is the merged state of one record.
type Record struct {
	ID        uuid.UUID
	Type      string
	TypeStamp Stamp // stamp of the earliest op seen: its type is the record's
	Deleted   bool
	Fields    map[string]FieldState
}

// Visible returns the record's current fields as name → value, or nil when
// the record is deleted.
func (r *Record) Visible() map[string][]byte {
	if r.Deleted {
		return nil
	}
	m := make(map[string][]byte, len(r.Fields))
	for k, f := range r.Fields {
		m[k] = f.Value
	}
	return m
}

// ApplyOp merges one op, written at stamp s, into the record. It reports
// whether the record's state (values or stamps) changed. The rules, which
// make merging commutative, associative and idempotent:
//   - a field takes the value of the write with the greatest stamp
//     (equal stamps only occur within one change, where the later op wins);
//   - the record's type is the one named by the op with the smallest stamp;
//   - a delete is final.
func (r *Record) ApplyOp(op *Op, s Stamp) bool {
	if !op.Known() {
		return false
	}
	changed := false
	if r.Type == "" || s.Compare(r.TypeStamp) < 0 {
		r.Type, r.TypeStamp, changed = op.Type, s, true
	}
	switch op.Kind {
	case OpDelete:
		if !r.Deleted {
			r.Deleted, changed = true, true
			r.Fields = nil // a tombstone keeps no data
		}
	case OpSet:
		if r.Deleted {
			break // a delete is final: writes after it change nothing
		}
		if r.Fields == nil {
			r.Fields = make(map[string]FieldState, len(op.Fields))
		}
		for _, f := range op.Fields {
			cur, ok := r.Fields[f.Name]
			if ok {
				c := s.Compare(cur.Stamp)
				if c < 0 || (c == 0 && bytes.Equal(cur.Value, f.Value)) {
					continue // older, or this very write again
				}
			}
			r.Fields[f.Name] = FieldState{Value: f.Value, Stamp: s}
			changed = true
		}
	}
	return changed
}

// State is an in-memory replica: a reference implementation of the merge
// rules, used by tests and as the model the durable store must agree with.
type State struct {
	Records map[uuid.UUID]*Record
	Seen    map[DeviceID]map[uint64]bool
}

// NewState returns an empty state.
func NewState() *State {
	return &State{Records: map[uuid.UUID]*Record{}, Seen: map[DeviceID]map[uint64]bool{}}
}

// Apply merges a change; it reports false if the change was already known.
func (st *State) Apply(c *Change) bool {
	seen := st.Seen[c.Origin]
	if seen == nil {
		seen = map[uint64]bool{}
		st.Seen[c.Origin] = seen
	}
	if seen[c.Seq] {
		return false
	}
	seen[c.Seq] = true
	s := c.Stamp()
	for i := range c.Ops {
		op := &c.Ops[i]
		if !op.Known() {
			continue
		}
		r := st.Records[op.Record]
		if r == nil {
			r = &Record{ID: op.Record}
			st.Records[op.Record] = r
		}
		r.ApplyOp(op, s)
	}
	return true
}

// Vector is the state's version vector (contiguous prefix per origin).
func (st *State) Vector() Vector {
	v := Vector{}
	for d, seen := range st.Seen {
		var n uint64
		for seen[n+1] {
			n++
		}
		v[d] = n
	}
	return v
}

// Clone returns a deep-enough copy: field values are shared (they are
// never mutated), the map is not.
func (r *Record) Clone() *Record {
	c := *r
	c.Fields = make(map[string]FieldState, len(r.Fields))
	for k, f := range r.Fields {
		c.Fields[k] = f
	}
	return &c
}
