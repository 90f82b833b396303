package meetings

import (
	"time"

	"github.com/google/uuid"
)

// Round gives the floor to each participant in turn: people in the
// stand-up, committees in the round of committees. Someone who passes
// goes to a come-back list served after everyone else; passing again
// there skips them for good. Plain data, saved as JSON.
type Round struct {
	Participants []uuid.UUID   `json:"participants"`
	Index        int           `json:"index"`   // next participant of the first pass
	Passed       []uuid.UUID   `json:"passed"`  // come-back list, in order
	Done         []uuid.UUID   `json:"done"`    // had their turn
	Skipped      []uuid.UUID   `json:"skipped"` // passed twice
	Timebox      time.Duration `json:"timebox"` // per participant, 0: none
}

// NewRound returns a round over participants, in the given order.
func NewRound(participants []uuid.UUID, timebox time.Duration) Round {
	return Round{Participants: append([]uuid.UUID(nil), participants...), Timebox: timebox}
}

// comingBack reports whether the first pass is over.
func (r *Round) comingBack() bool { return r.Index >= len(r.Participants) }

// Current is who has the floor (false when the round is finished).
func (r *Round) Current() (uuid.UUID, bool) {
	switch {
	case !r.comingBack():
		return r.Participants[r.Index], true
	case len(r.Passed) > 0:
		return r.Passed[0], true
	}
	return uuid.Nil, false
}

// Advance ends the current turn: the participant has spoken.
func (r *Round) Advance() {
	cur, ok := r.Current()
	if !ok {
		return
	}
	r.Done = append(r.Done, cur)
	r.step()
}

// Pass sends the current participant to the come-back list, or, if they
// are already being served from it, skips them.
func (r *Round) Pass() {
	cur, ok := r.Current()
	if !ok {
		return
	}
	if r.comingBack() {
		r.Skipped = append(r.Skipped, cur)
	} else {
		r.Passed = append(r.Passed, cur)
	}
	r.step()
}

func (r *Round) step() {
	if r.comingBack() {
		r.Passed = r.Passed[1:]
	} else {
		r.Index++
	}
}

// Finished reports whether everyone has had or passed their turn.
func (r *Round) Finished() bool {
	_, ok := r.Current()
	return !ok
}

// Left is how many turns remain, come-backs included.
func (r *Round) Left() int {
	return max(0, len(r.Participants)-r.Index) + len(r.Passed)
}
