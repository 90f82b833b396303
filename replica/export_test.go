package replica

import (
	"github.com/konbit/konbit/memdb"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
)

// Store and LiveView give the package's external tests the internals they
// check against each other. Test builds only.
func (r *Replica) Store() *sqlite.DB     { return r.db }
func (r *Replica) LiveView() *memdb.View { return r.view }

// Seen is the vector the live view has caught up to.
func (r *Replica) Seen() crdt.Vector {
	r.catchMu.Lock()
	defer r.catchMu.Unlock()
	return r.seen.Clone()
}
