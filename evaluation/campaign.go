package evaluation

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// The 2011 procedure's two sessions, each with its own group membership
// (seed l.2208-2211).
const (
	SessionWork        = "work"
	SessionInvolvement = "involvement"
)

// DefaultMinRaters is the default k: a person sees the peer aggregate of a
// criterion only when at least this many peers scored it. Three keeps one
// rater from being identified by subtracting the others.
const DefaultMinRaters = 3

// MinHR is the number of HR members every campaign needs, so that one
// forgotten passphrase never loses a campaign (issue 8, Confidentiality).
const MinHR = 2

// Errors that validation wraps, so that callers can tell them apart.
var (
	ErrInvalidCampaign = errors.New("invalid campaign")
	ErrTooFewHR        = errors.New("too few HR members")
	ErrInvalidGrid     = errors.New("invalid grid")
	ErrInvalidScale    = errors.New("invalid scale")
	ErrInvalidAnswer   = errors.New("invalid answer")
	ErrNotReleased     = errors.New("report not released by HR")
	ErrNotParticipant  = errors.New("not a participant of the campaign")
)

// Visibility says who sees what of a campaign's answers. The defaults are
// the private ones; HR opens them per campaign.
type Visibility struct {
	// MinRaters is k: below k peer scores, the evaluated person does not
	// see the peer aggregate of a criterion (HR sees it, flagged).
	MinRaters int `json:"min_raters"`
	// RatersNamed shows the evaluated person who wrote each comment.
	RatersNamed bool `json:"raters_named"`
	// Released is set by HR when people may read their own report.
	Released bool `json:"released"`
	// Open allows exporting individual answers, not only aggregates.
	Open bool `json:"open"`
}

// DefaultVisibility is k = 3, anonymous raters, report not yet released,
// aggregates only.
func DefaultVisibility() Visibility { return Visibility{MinRaters: DefaultMinRaters} }

// GroupTooSmall reports whether a group of size people leaves each member
// fewer than k peers, so that nobody in it would see a peer aggregate:
// the HR committee is warned when it forms such a group.
func (v Visibility) GroupTooSmall(size int) bool { return size-1 < v.MinRaters }

// Campaign is one evaluation round, set up and run by HR committee members.
type Campaign struct {
	ID           uuid.UUID   `json:"id"`
	Name         string      `json:"name"`
	Start        string      `json:"start"` // YYYY-MM-DD
	End          string      `json:"end"`   // YYYY-MM-DD
	Participants []uuid.UUID `json:"participants"`
	HR           []uuid.UUID `json:"hr"` // HR committee members running it and holding its key
	Sessions     []string    `json:"sessions"`
	Visibility   Visibility  `json:"visibility"`
	// Committee is the HR committee running the campaign (uuid.Nil: none
	// named). Action plans go to its meetings until done, so that nobody
	// is "left to themselves" after the feedback (seed l.2199-2203).
	Committee uuid.UUID `json:"committee,omitempty"`
	// KeepApart are the pairs HR asked never to group together; hand
	// edits are checked against them too.
	KeepApart []Pair `json:"keep_apart,omitempty"`
}

// NewCampaign returns a campaign with the 2011 sessions and the default
// visibility rules; participants and HR members are still to be added.
func NewCampaign(id uuid.UUID, name, start, end string) Campaign {
	return Campaign{ID: id, Name: name, Start: start, End: end,
		Sessions: []string{SessionWork, SessionInvolvement}, Visibility: DefaultVisibility()}
}

// Validate reports the first problem with the campaign. Errors wrap
// ErrInvalidCampaign, or ErrTooFewHR when fewer than MinHR members run it.
func (c *Campaign) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("campaign %q: %s: %w", c.Name, fmt.Sprintf(format, a...), ErrInvalidCampaign)
	}
	if c.ID == uuid.Nil {
		return bad("no id")
	}
	if strings.TrimSpace(c.Name) == "" {
		return bad("no name")
	}
	if !validDate(c.Start) {
		return bad("start date %q is not YYYY-MM-DD", c.Start)
	}
	if !validDate(c.End) {
		return bad("end date %q is not YYYY-MM-DD", c.End)
	}
	if c.End < c.Start {
		return bad("ends %s before it starts %s", c.End, c.Start)
	}
	if err := checkPeople("participant", c.Participants); err != nil {
		return bad("%v", err)
	}
	if len(c.Participants) < 2 {
		return bad("%d participants, need at least 2 to evaluate each other", len(c.Participants))
	}
	if err := checkPeople("HR member", c.HR); err != nil {
		return bad("%v", err)
	}
	if len(c.HR) < MinHR {
		return fmt.Errorf("campaign %q: %d HR members, need at least %d so that one lost passphrase loses nothing: %w",
			c.Name, len(c.HR), MinHR, ErrTooFewHR)
	}
	if len(c.Sessions) == 0 {
		return bad("no session")
	}
	for i, s := range c.Sessions {
		if strings.TrimSpace(s) == "" {
			return bad("session %d has no name", i+1)
		}
		if slices.Index(c.Sessions, s) != i {
			return bad("session %q is listed twice", s)
		}
	}
	if c.Visibility.MinRaters < 2 {
		return bad("minimum raters %d: a mean of fewer than 2 raters is one person's answer", c.Visibility.MinRaters)
	}
	return nil
}

// HasParticipant reports whether id is evaluated in the campaign.
func (c *Campaign) HasParticipant(id uuid.UUID) bool { return slices.Contains(c.Participants, id) }

// IsHR reports whether id runs the campaign.
func (c *Campaign) IsHR(id uuid.UUID) bool { return slices.Contains(c.HR, id) }

// HasSession reports whether the campaign has the named session.
func (c *Campaign) HasSession(name string) bool { return slices.Contains(c.Sessions, name) }

// checkPeople rejects nil and repeated ids in a list of people.
func checkPeople(what string, ids []uuid.UUID) error {
	for i, id := range ids {
		if id == uuid.Nil {
			return fmt.Errorf("%s %d has no id", what, i+1)
		}
		if slices.Index(ids, id) != i {
			return fmt.Errorf("%s %s is listed twice", what, id)
		}
	}
	return nil
}

// validDate reports whether s is a civil date "2006-01-02".
func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
