package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2/lang"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
)

// setOrdering switches the meeting between first come and progressive
// ordering.
func (s *liveScreen) setOrdering(mode meetings.Ordering) {
	s.floor.Queue.Mode = mode
	s.updateMeeting(func(m *meetings.Meeting) { m.Ordering = mode })
	s.floorChanged()
}

// toggleOrdering switches to the other ordering (keyboard).
func (s *liveScreen) toggleOrdering() {
	if s.meeting.Ordering == meetings.Progressive {
		s.setOrdering(meetings.FirstCome)
	} else {
		s.setOrdering(meetings.Progressive)
	}
}

// limit is the speaking limit per turn on the current item (its own, else
// the meeting's).
func (s *liveScreen) limit() time.Duration {
	it, _ := s.currentItem()
	return s.meeting.LimitFor(it)
}

// setLimit sets the speaking limit per turn on the current item (on the
// meeting when no item runs), for the speaker too.
func (s *liveScreen) setLimit(text string) {
	d, err := parseDur(text)
	if err != nil {
		s.u.showError(lang.L("live.error.limit"), err)
		return
	}
	if !s.roundActive() {
		s.floor.Timer.Limit = d
	}
	if it, ok := s.currentItem(); ok {
		s.updateItem(it.ID, func(it *meetings.Item) { it.SpeakingLimit = d })
	} else {
		s.updateMeeting(func(m *meetings.Meeting) { m.SpeakingLimit = d })
	}
	s.floorChanged()
}

// updateMeeting changes the meeting: on screen at once, and in the
// replica on the meeting as it is when the write runs. Saving the copy
// the screen holds would write back every field it differs in, and so
// undo a change made meanwhile (the current item, the status; here or on
// another laptop).
func (s *liveScreen) updateMeeting(change func(m *meetings.Meeting)) {
	change(&s.meeting)
	u, id := s.u, s.id
	u.writeOr(func(ctx context.Context) error {
		u.edits.Lock()
		defer u.edits.Unlock()
		m, _, err := u.r.Meeting(id)
		if err != nil {
			return err
		}
		change(&m)
		return u.r.SaveMeeting(ctx, m)
	}, nil, s.reload)
}

// updateItem changes an agenda item the same way (its start and end times
// move on meanwhile).
func (s *liveScreen) updateItem(id uuid.UUID, change func(it *meetings.Item)) {
	for i := range s.items {
		if s.items[i].ID == id {
			change(&s.items[i])
		}
	}
	u := s.u
	u.writeOr(func(ctx context.Context) error {
		u.edits.Lock()
		defer u.edits.Unlock()
		it, err := u.r.Item(id)
		if err != nil {
			return err
		}
		change(&it)
		return u.r.SaveItem(ctx, it)
	}, nil, s.reload)
}
