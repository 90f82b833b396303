package app

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
)

// nextSpeaker ends the current turn (recording it) and gives the floor to
// the next person: the next in the round while one runs, else the first
// in the queue.
func (s *liveScreen) nextSpeaker() {
	if s.roundActive() {
		s.roundNext()
		return
	}
	now := s.u.now()
	s.endTurn(now)
	if _, ok := s.floor.Queue.Next(now, s.stats()); ok {
		s.floor.Timer = meetings.Timer{Limit: s.limit()}
		s.floor.Timer.Start(now)
	}
	s.floorChanged()
}

// endTurnNow takes the floor back without giving it to anyone. In a
// round, the round moves on to the next participant, who gets the floor
// with the next-speaker key.
func (s *liveScreen) endTurnNow() {
	if s.floor.Queue.Current == nil {
		return
	}
	s.endTurn(s.u.now())
	if s.roundActive() {
		s.floor.Round.Advance()
	}
	s.floorChanged()
}

// endTurn ends the turn in progress and records it as one segment: its
// start, and the time on the speaker's timer (pauses excluded).
func (s *liveScreen) endTurn(now time.Time) {
	q := &s.floor.Queue
	if q.Current == nil {
		return
	}
	t := *q.Current
	d := s.floor.Timer.Stop(now).Round(time.Millisecond)
	q.Current = nil
	s.floor.Timer = meetings.Timer{}
	if d <= 0 || !s.isMember(t.Member) {
		return // nothing said, or a committee's turn in the round of committees
	}
	d = min(d, meetings.MaxSegment)
	seg := meetings.Segment{ID: uuid.Must(uuid.NewV7()), Meeting: s.id, Item: s.floor.Item, Speaker: t.Member, Kind: t.Kind,
		Start: t.Started, Duration: d, Language: s.meeting.Language}
	// Counted at once: the next speaker is chosen now, by progressive
	// ordering among others, not when the write lands.
	s.pending = append(s.pending, seg)
	s.segments = append(s.segments, seg)
	s.u.writeOr(func(ctx context.Context) error {
		_, err := s.u.r.RecordSegment(ctx, seg)
		return err
	}, nil, func() {
		s.pending = slices.DeleteFunc(s.pending, func(p meetings.Segment) bool { return p.ID == seg.ID })
		s.reload()
	})
}

// mergePending adds to the segments read from the replica the turns
// ended here whose write has not landed yet; those that landed are
// pending no more.
func (s *liveScreen) mergePending(segs []meetings.Segment) []meetings.Segment {
	s.pending = slices.DeleteFunc(s.pending, func(p meetings.Segment) bool {
		return slices.ContainsFunc(segs, func(g meetings.Segment) bool { return g.ID == p.ID })
	})
	return append(segs, s.pending...)
}

// togglePause pauses or resumes the speaker's timer (while an interpreter
// translates, for instance).
func (s *liveScreen) togglePause() {
	if s.floor.Queue.Current == nil {
		return
	}
	now := s.u.now()
	if s.floor.Timer.Running {
		s.floor.Timer.Pause(now)
	} else {
		s.floor.Timer.Resume(now)
	}
	s.floorChanged()
}
