package replica

import (
	"github.com/konbit/konbit/memdb"
	"github.com/konbit/konbit/sqlite"
)

// Store and LiveView give the package's external tests the internals they
// check against each other. Test builds only.
func (r *Replica) Store() *sqlite.DB     { return r.db }
func (r *Replica) LiveView() *memdb.View { return r.view }
