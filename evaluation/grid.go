package evaluation

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/google/uuid"
)

// Languages of the texts.
const (
	French  = "fr"
	English = "en"
)

// Text is a text in French and English; the co-op works in French and some
// members are anglophone (DOMAIN.md, "Who uses it").
type Text struct {
	FR string `json:"fr"`
	EN string `json:"en"`
}

// In returns the text in lang, falling back to the other language when
// that one is empty.
func (t Text) In(lang string) string {
	if lang == English && t.EN != "" || t.FR == "" {
		return t.EN
	}
	return t.FR
}

// Empty reports whether the text has neither language.
func (t Text) Empty() bool { return strings.TrimSpace(t.FR) == "" && strings.TrimSpace(t.EN) == "" }

// Scale is the rating scale of a grid. The study gives none (DOMAIN.md), so
// it is configurable; the default is 1-5 with "can't say", because a peer
// who has not seen someone's work should not be pushed into guessing.
type Scale struct {
	Min     int  `json:"min"`
	Max     int  `json:"max"`
	CantSay bool `json:"cant_say"` // whether "can't say" is an allowed answer
}

// MaxLevels bounds a scale: beyond it, levels stop meaning anything distinct.
const MaxLevels = 11

// DefaultScale is 1-5 plus "can't say".
func DefaultScale() Scale { return Scale{Min: 1, Max: 5, CantSay: true} }

// Validate reports a scale that is empty, reversed, negative or too long.
func (s Scale) Validate() error {
	switch {
	case s.Min < 0:
		return fmt.Errorf("scale starts at %d, below 0: %w", s.Min, ErrInvalidScale)
	case s.Max <= s.Min:
		return fmt.Errorf("scale %d-%d needs at least two levels: %w", s.Min, s.Max, ErrInvalidScale)
	case s.Max-s.Min+1 > MaxLevels:
		return fmt.Errorf("scale %d-%d has more than %d levels: %w", s.Min, s.Max, MaxLevels, ErrInvalidScale)
	}
	return nil
}

// Levels lists the scale's levels, lowest first.
func (s Scale) Levels() []int {
	var out []int
	for l := s.Min; l <= s.Max; l++ {
		out = append(out, l)
	}
	return out
}

// Has reports whether level is on the scale.
func (s Scale) Has(level int) bool { return level >= s.Min && level <= s.Max }

// Anchor says what one level of a criterion looks like in behaviour, so
// that raters share a meaning for "2" and "4".
type Anchor struct {
	Level int  `json:"level"`
	Text  Text `json:"text"`
}

// Criterion is one line of a grid.
type Criterion struct {
	Key         string   `json:"key"` // stable identifier, lower-case words joined by "-"
	Name        Text     `json:"name"`
	Description Text     `json:"description"`
	Anchors     []Anchor `json:"anchors"` // by level, lowest first
}

// Anchor returns the criterion's anchor for level, if it has one.
func (c Criterion) Anchor(level int) (Text, bool) {
	for _, a := range c.Anchors {
		if a.Level == level {
			return a.Text, true
		}
	}
	return Text{}, false
}

var keyPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Validate checks the criterion against the scale of its grid.
func (c Criterion) Validate(s Scale) error {
	if !keyPattern.MatchString(c.Key) {
		return fmt.Errorf("criterion key %q: want lower-case words joined by '-': %w", c.Key, ErrInvalidGrid)
	}
	if c.Name.Empty() {
		return fmt.Errorf("criterion %s has no name: %w", c.Key, ErrInvalidGrid)
	}
	for i, a := range c.Anchors {
		if !s.Has(a.Level) {
			return fmt.Errorf("criterion %s: anchor for level %d is off the scale %d-%d: %w", c.Key, a.Level, s.Min, s.Max, ErrInvalidGrid)
		}
		if i > 0 && a.Level <= c.Anchors[i-1].Level {
			return fmt.Errorf("criterion %s: anchors not in increasing level order at level %d: %w", c.Key, a.Level, ErrInvalidGrid)
		}
		if a.Text.Empty() {
			return fmt.Errorf("criterion %s: anchor for level %d has no text: %w", c.Key, a.Level, ErrInvalidGrid)
		}
	}
	return nil
}

// Grid is the list of criteria of one session of a campaign. Grids are
// records HR edits per campaign; the defaults come from DefaultGrids.
type Grid struct {
	ID       uuid.UUID   `json:"id"`
	Campaign uuid.UUID   `json:"campaign"`
	Session  string      `json:"session"`
	Scale    Scale       `json:"scale"`
	Criteria []Criterion `json:"criteria"`
}

// GridID is the deterministic id of a campaign's grid for a session, so
// that two laptops seeding the defaults offline write the same record.
func GridID(campaign uuid.UUID, session string) uuid.UUID {
	return uuid.NewSHA1(campaign, []byte("grid/"+session))
}

// Criterion returns the grid's criterion with key.
func (g *Grid) Criterion(key string) (Criterion, bool) {
	i := slices.IndexFunc(g.Criteria, func(c Criterion) bool { return c.Key == key })
	if i < 0 {
		return Criterion{}, false
	}
	return g.Criteria[i], true
}

// Validate reports the first problem with the grid. Errors wrap
// ErrInvalidGrid or ErrInvalidScale.
func (g *Grid) Validate() error {
	if strings.TrimSpace(g.Session) == "" {
		return fmt.Errorf("grid has no session: %w", ErrInvalidGrid)
	}
	if err := g.Scale.Validate(); err != nil {
		return fmt.Errorf("grid %s: %w", g.Session, err)
	}
	if len(g.Criteria) == 0 {
		return fmt.Errorf("grid %s has no criterion: %w", g.Session, ErrInvalidGrid)
	}
	for i, c := range g.Criteria {
		if err := c.Validate(g.Scale); err != nil {
			return fmt.Errorf("grid %s: %w", g.Session, err)
		}
		if c.Key == OverallKey {
			return fmt.Errorf("grid %s: criterion key %q is reserved for the overall comment: %w", g.Session, c.Key, ErrInvalidGrid)
		}
		if slices.IndexFunc(g.Criteria, func(o Criterion) bool { return o.Key == c.Key }) != i {
			return fmt.Errorf("grid %s: criterion %s is listed twice: %w", g.Session, c.Key, ErrInvalidGrid)
		}
	}
	return nil
}

// OverallKey is the criterion key of an answer that carries the overall
// comment of an evaluator on a person for a session: a comment, no score.
const OverallKey = "overall"

// Answer is one evaluator's answer on one criterion for one evaluated
// person. Evaluator == Evaluated is a self-assessment. An answer carries a
// score on the grid's scale or "can't say", and an optional comment; with
// Criterion == OverallKey it carries only the overall comment.
type Answer struct {
	Campaign  uuid.UUID `json:"campaign"`
	Session   string    `json:"session"`
	Criterion string    `json:"criterion"`
	Evaluator uuid.UUID `json:"evaluator"`
	Evaluated uuid.UUID `json:"evaluated"`
	Score     int       `json:"score"`    // meaningful unless CantSay
	CantSay   bool      `json:"cant_say"` // the evaluator cannot judge this criterion
	Comment   string    `json:"comment"`
}

// Self reports whether the answer is a self-assessment.
func (a Answer) Self() bool { return a.Evaluator == a.Evaluated }

// Scored reports whether the answer carries a score (not "can't say", not
// the overall comment).
func (a Answer) Scored() bool { return !a.CantSay && a.Criterion != OverallKey }

// Validate checks the answer against its campaign and the grid of its
// session. Errors wrap ErrInvalidAnswer.
func (a Answer) Validate(c *Campaign, g *Grid) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("answer %s on %s by %s for %s: %s: %w",
			a.Session, a.Criterion, a.Evaluator, a.Evaluated, fmt.Sprintf(format, args...), ErrInvalidAnswer)
	}
	switch {
	case a.Campaign != c.ID:
		return bad("belongs to campaign %s, not %s", a.Campaign, c.ID)
	case !c.HasSession(a.Session):
		return bad("the campaign has no session %q", a.Session)
	case g.Campaign != c.ID || g.Session != a.Session:
		return bad("checked against the grid of %s/%s", g.Campaign, g.Session)
	case !c.HasParticipant(a.Evaluator):
		return bad("evaluator is not a participant")
	case !c.HasParticipant(a.Evaluated):
		return bad("evaluated person is not a participant")
	}
	if a.Criterion == OverallKey {
		if a.CantSay || a.Score != 0 {
			return bad("the overall comment carries no score")
		}
		return nil
	}
	if _, ok := g.Criterion(a.Criterion); !ok {
		return bad("the grid has no such criterion")
	}
	if a.CantSay {
		if !g.Scale.CantSay {
			return bad("the scale does not allow \"can't say\"")
		}
		if a.Score != 0 {
			return bad("\"can't say\" with a score of %d", a.Score)
		}
		return nil
	}
	if !g.Scale.Has(a.Score) {
		return bad("score %d is off the scale %d-%d", a.Score, g.Scale.Min, g.Scale.Max)
	}
	return nil
}
