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

// Record is a live (not deleted) record as the view holds it. Treat it as
// read-only: it is shared with other readers.
type Record struct {
	Key    string // uuid string form, the primary index
	ID     uuid.UUID
	Type   string
	Fields map[string][]byte
}

const table = "records"

func schema() *hmemdb.DBSchema {
	return &hmemdb.DBSchema{Tables: map[string]*hmemdb.TableSchema{
		table: {
			Name: table,
			Indexes: map[string]*hmemdb.IndexSchema{
				"id":   {Name: "id", Unique: true, Indexer: &hmemdb.StringFieldIndex{Field: "Key"}},
				"type": {Name: "type", Indexer: &hmemdb.StringFieldIndex{Field: "Type"}},
			},
		},
	}}
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

// Apply upserts records into the view in one transaction; deleted records
// are removed. Watchers of the affected types and ids are woken.
func (v *View) Apply(recs []crdt.DumpRecord) error {
	txn := v.db.Txn(true)
	defer txn.Abort()
	for _, r := range recs {
		key := r.ID.String()
		if r.Deleted {
			if _, err := txn.DeleteAll(table, "id", key); err != nil {
				return fmt.Errorf("live view: remove %s: %w", key, err)
			}
			continue
		}
		if err := txn.Insert(table, &Record{Key: key, ID: r.ID, Type: r.Type, Fields: r.Fields}); err != nil {
			return fmt.Errorf("live view: insert %s: %w", key, err)
		}
	}
	txn.Commit()
	return nil
}

// Get returns a live record and a channel closed when it changes.
func (v *View) Get(id uuid.UUID) (*Record, <-chan struct{}) {
	txn := v.db.Txn(false)
	ch, raw, err := txn.FirstWatch(table, "id", id.String())
	if err != nil || raw == nil {
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
