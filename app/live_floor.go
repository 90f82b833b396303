package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"sync"

	"fyne.io/fyne/v2/lang"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// The floor (queue, timer, round) lives on this laptop only: it is saved
// in the local settings at each change so that it survives a restart. The
// saves run in the background (u.write); this file keeps them in order and
// makes a live screen opened again start from the last floor, not from one
// whose save has not landed yet (which would end the same turn twice).

// newFloorFor is the empty floor of an item.
func newFloorFor(item uuid.UUID, mode meetings.Ordering) replica.Floor {
	return replica.Floor{Item: item, Queue: meetings.NewQueue(mode)}
}

// floorChanged saves the floor and shows it.
func (s *liveScreen) floorChanged() {
	s.saveFloor()
	s.refresh()
}

// saveFloor writes the floor in the background. Saves of a meeting's
// floor run one at a time and an older one never overwrites a newer one,
// whichever live screen (closed since, or rebuilt) issued it.
func (s *liveScreen) saveFloor() {
	f, err := cloneFloor(s.floor)
	if err != nil {
		s.u.showError(lang.L("error.save"), err)
		return
	}
	saver := s.u.floorSaver(s.id)
	seq := saver.next(f)
	id, r := s.id, s.u.r
	s.u.write(func(ctx context.Context) error {
		return saver.save(seq, func() error { return r.SaveFloor(ctx, id, f) })
	}, nil)
}

// pauseTurn pauses the speaker's timer and saves the floor: the live
// screen closes (left, or the app quits), and the time until it is opened
// again is nobody's speaking time. The turn stays on the floor, paused.
func (s *liveScreen) pauseTurn() {
	if s.floor.Queue.Current == nil || !s.floor.Timer.Running {
		return
	}
	s.floor.Timer.Pause(s.u.now())
	s.saveFloor()
}

// restoreFloor is the floor a live screen of meeting starts from: the one
// last saved (or being saved) by this window, else the one saved in the
// replica by an earlier run of the app.
func (u *UI) restoreFloor(ctx context.Context, meeting uuid.UUID) replica.Floor {
	if f, ok := u.floorSaver(meeting).latest(); ok {
		return f
	}
	f, err := u.r.Floor(ctx, meeting)
	if err != nil {
		log.Printf("konbit: restore the floor of meeting %s: %v", meeting, err)
	}
	return f
}

// floorSaver returns the saver of a meeting's floor (Fyne thread).
func (u *UI) floorSaver(meeting uuid.UUID) *floorSaver {
	if u.floorSavers == nil {
		u.floorSavers = map[uuid.UUID]*floorSaver{}
	}
	fs := u.floorSavers[meeting]
	if fs == nil {
		fs = &floorSaver{}
		u.floorSavers[meeting] = fs
	}
	return fs
}

// floorSaver orders the background saves of one meeting's floor, and
// remembers the last floor handed to it.
type floorSaver struct {
	mu     sync.Mutex
	issued int64
	saved  int64
	last   *replica.Floor // Fyne thread only
}

// next numbers a save of f and remembers f as the latest floor (Fyne
// thread).
func (f *floorSaver) next(floor replica.Floor) int64 {
	f.last = &floor
	f.mu.Lock()
	defer f.mu.Unlock()
	f.issued++
	return f.issued
}

// latest is a copy of the last floor handed to the saver (Fyne thread).
func (f *floorSaver) latest() (replica.Floor, bool) {
	if f.last == nil {
		return replica.Floor{}, false
	}
	c, err := cloneFloor(*f.last)
	return c, err == nil
}

func (f *floorSaver) save(seq int64, write func() error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if seq < f.saved {
		return nil // a newer floor is saved already
	}
	f.saved = seq
	return write()
}

// cloneFloor deep-copies a floor, so that a background save does not
// share slices with the screen.
func cloneFloor(f replica.Floor) (replica.Floor, error) {
	b, err := json.Marshal(f)
	if err != nil {
		return f, fmt.Errorf("copy the speaking queue: %w", err)
	}
	var out replica.Floor
	if err := json.Unmarshal(b, &out); err != nil {
		return f, fmt.Errorf("copy the speaking queue: %w", err)
	}
	return out, nil
}
