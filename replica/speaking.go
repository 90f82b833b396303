package replica

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/sync/crdt"
)

// Segments returns the speech segments of a meeting in order of start,
// from the store's segment projection.
func (r *Replica) Segments(ctx context.Context, meeting uuid.UUID) ([]meetings.Segment, error) {
	recs, err := r.db.SegmentsOf(ctx, meeting)
	if err != nil {
		return nil, err
	}
	out := make([]meetings.Segment, 0, len(recs))
	for _, rec := range recs {
		out = append(out, meetings.SegmentFromFields(rec.ID, rec.Visible()))
	}
	return out, nil
}

// WatchSegments returns a channel closed at the next segment written for
// the meeting, here or merged from another laptop.
func (r *Replica) WatchSegments(meeting uuid.UUID) <-chan struct{} {
	return r.topics.watch(konbit.TypeSegment, meeting)
}

// RecordSegment writes a speaking turn that ended: one immutable record,
// written once.
func (r *Replica) RecordSegment(ctx context.Context, s meetings.Segment) (meetings.Segment, error) {
	if s.ID == uuid.Nil {
		s.ID = crdt.NewID()
	}
	if err := s.Validate(); err != nil {
		return s, err
	}
	if _, _, err := r.Meeting(s.Meeting); err != nil {
		return s, err
	}
	if _, err := r.Member(s.Speaker); err != nil {
		return s, err
	}
	if s.Item != uuid.Nil {
		if it, err := r.Item(s.Item); err != nil || it.Meeting != s.Meeting {
			return s, fmt.Errorf("item %s is not on this meeting's agenda", s.Item)
		}
	}
	if _, err := r.Commit(ctx, crdt.Set(s.ID, konbit.TypeSegment, s.Fields()...)); err != nil {
		return s, fmt.Errorf("record speaking turn: %w", err)
	}
	return s, nil
}

// Floor is the live state of a meeting's floor on this laptop: the
// speaking queue, the speaker's timer and a round in progress. It is not
// replicated (the segments it produces are); it is kept in the local
// settings so that it survives a restart of the app.
type Floor struct {
	Item  uuid.UUID       `json:"item"`
	Queue meetings.Queue  `json:"queue"`
	Timer meetings.Timer  `json:"timer"`
	Round *meetings.Round `json:"round,omitempty"`
}

func floorKey(meeting uuid.UUID) string { return "floor." + meeting.String() }

// Floor reads the saved floor of a meeting (an empty one, in the
// meeting's ordering, if none was saved).
func (r *Replica) Floor(ctx context.Context, meeting uuid.UUID) (Floor, error) {
	m, _, err := r.Meeting(meeting)
	if err != nil {
		return Floor{}, err
	}
	f := Floor{Queue: meetings.NewQueue(m.Ordering)}
	raw, err := r.db.Setting(ctx, floorKey(meeting))
	if err != nil || raw == "" {
		return f, err
	}
	if err := json.Unmarshal([]byte(raw), &f); err != nil {
		// A damaged saved floor must not keep the meeting from running.
		return Floor{Queue: meetings.NewQueue(m.Ordering)}, nil
	}
	return f, nil
}

// SaveFloor keeps the floor of a meeting across restarts.
func (r *Replica) SaveFloor(ctx context.Context, meeting uuid.UUID, f Floor) error {
	b, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("save speaking queue: %w", err)
	}
	return r.db.SetSetting(ctx, floorKey(meeting), string(b))
}
