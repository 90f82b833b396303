package replica

import (
	"sync"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sqlite"
)

// topics hands out watch channels for the records served from SQL
// (speech segments, attendance, decisions), which the live view does not
// hold and so cannot watch. A channel watches one record type of one
// meeting, or of every meeting (uuid.Nil): a new speech segment wakes the
// live meeting that shows it, not every list.
type topics struct {
	mu    sync.Mutex
	chans map[sqlite.Topic]chan struct{}
}

func newTopics() *topics { return &topics{chans: map[sqlite.Topic]chan struct{}{}} }

// watch returns a channel closed at the next write of a record of type
// typ belonging to meeting (any meeting for uuid.Nil).
func (t *topics) watch(typ string, meeting uuid.UUID) <-chan struct{} {
	t.mu.Lock()
	defer t.mu.Unlock()
	k := sqlite.Topic{Type: typ, Scope: meeting}
	ch := t.chans[k]
	if ch == nil {
		ch = make(chan struct{})
		t.chans[k] = ch
	}
	return ch
}

// notify wakes the watchers of what was written. A written topic without
// a meeting (a deletion, or a write seen only by its type) wakes every
// watcher of its type.
func (t *topics) notify(written []sqlite.Topic) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, w := range written {
		for k, ch := range t.chans {
			if k.Type != w.Type {
				continue
			}
			if w.Scope == uuid.Nil || k.Scope == uuid.Nil || k.Scope == w.Scope {
				close(ch)
				delete(t.chans, k)
			}
		}
	}
}
