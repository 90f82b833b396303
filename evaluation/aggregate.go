package evaluation

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/google/uuid"
)

// Stats summarises a set of scores. "Can't say" answers are counted apart
// and excluded from every other figure.
type Stats struct {
	Count   int     // scores
	CantSay int     // "can't say" answers
	Mean    float64 // 0 when Count is 0
	SD      float64 // population standard deviation: the raters are all there is, not a sample
	Min     int
	Max     int
}

// statsOf computes Stats of scores.
func statsOf(scores []int, cantSay int) Stats {
	s := Stats{Count: len(scores), CantSay: cantSay}
	if len(scores) == 0 {
		return s
	}
	s.Min, s.Max = slices.Min(scores), slices.Max(scores)
	sum := 0
	for _, v := range scores {
		sum += v
	}
	s.Mean = float64(sum) / float64(len(scores))
	var sq float64
	for _, v := range scores {
		d := float64(v) - s.Mean
		sq += d * d
	}
	s.SD = math.Sqrt(sq / float64(len(scores)))
	return s
}

// View is who a report is computed for.
type View int

const (
	// PersonView is the evaluated person's own view: peer aggregates only
	// with at least k raters, raters anonymous unless the campaign names them.
	PersonView View = iota + 1
	// HRView is the HR committee's: everything, below-k aggregates flagged.
	HRView
)

// Reason says why a peer aggregate is withheld from a view.
type Reason string

// ReasonTooFewRaters: fewer than k peers scored the criterion, so a mean
// could point at one rater.
const ReasonTooFewRaters Reason = "too-few-raters"

// Line is one criterion of one session in a person's report.
type Line struct {
	Session     string
	Criterion   string
	HasSelf     bool // the person scored themselves (not "can't say")
	Self        int
	SelfCantSay bool
	// Peers are the other evaluators' scores; the self score is never in
	// them. When Withheld, only Count and CantSay are kept.
	Peers Stats
	// Gap is Self - Peers.Mean, set when HasGap (a self score and at
	// least one peer score, and the aggregate not withheld).
	Gap    float64
	HasGap bool
	// BelowK: fewer than the campaign's k peers scored this criterion.
	BelowK bool
	// Withheld: the peer aggregate is hidden from this view, for Reason.
	Withheld bool
	Reason   Reason
	Need     int // k, for saying "n of k raters"
}

// Comment is one comment on the evaluated person.
type Comment struct {
	Session   string
	Criterion string    // OverallKey for the overall comment
	Self      bool      // written by the person about themselves
	Rater     uuid.UUID // uuid.Nil when the view hides raters
	Text      string
}

// Report is what one person's evaluation comes to in a view.
type Report struct {
	Person   uuid.UUID
	View     View
	Lines    []Line    // in session order, then grid order
	Comments []Comment // session, grid order, then text (person view) or rater (HR view)
	Ignored  int       // answers about this person that fit no grid (unknown session or criterion, off the scale)
}

// gridsBySession indexes grids of the campaign by session.
func gridsBySession(c *Campaign, grids []Grid) map[string]*Grid {
	out := map[string]*Grid{}
	for i := range grids {
		if grids[i].Campaign == c.ID && c.HasSession(grids[i].Session) {
			out[grids[i].Session] = &grids[i]
		}
	}
	return out
}

// answerKey identifies one answer; a later answer with the same key
// replaces an earlier one (records are last-writer-wins).
type answerKey struct {
	session, criterion   string
	evaluator, evaluated uuid.UUID
}

// usable keeps the answers of the campaign that fit its grids, one per
// key, and counts the others per evaluated person.
func usable(c *Campaign, grids map[string]*Grid, answers []Answer) ([]Answer, map[uuid.UUID]int) {
	ignored := map[uuid.UUID]int{}
	at := map[answerKey]int{}
	var out []Answer
	for _, a := range answers {
		if a.Campaign != c.ID {
			continue
		}
		g := grids[a.Session]
		if g == nil || a.Validate(c, g) != nil {
			ignored[a.Evaluated]++
			continue
		}
		k := answerKey{a.Session, a.Criterion, a.Evaluator, a.Evaluated}
		if i, ok := at[k]; ok {
			out[i] = a
			continue
		}
		at[k] = len(out)
		out = append(out, a)
	}
	return out, ignored
}

// PersonReport computes the report of one participant in a view. Answers
// of other campaigns are skipped; answers that fit no grid are counted in
// Ignored. The person view needs the report released by HR
// (ErrNotReleased); the person must be a participant (ErrNotParticipant).
func PersonReport(c *Campaign, grids []Grid, answers []Answer, person uuid.UUID, view View) (Report, error) {
	if !c.HasParticipant(person) {
		return Report{}, ErrNotParticipant
	}
	if view == PersonView && !c.Visibility.Released {
		return Report{}, ErrNotReleased
	}
	byS := gridsBySession(c, grids)
	ok, ignored := usable(c, byS, answers)
	r := Report{Person: person, View: view, Ignored: ignored[person]}
	k := c.Visibility.MinRaters
	for _, s := range c.Sessions {
		g := byS[s]
		if g == nil {
			continue
		}
		for _, cr := range g.Criteria {
			l := Line{Session: s, Criterion: cr.Key, Need: k}
			var peers []int
			cantSay := 0
			for _, a := range ok {
				if a.Evaluated != person || a.Session != s || a.Criterion != cr.Key {
					continue
				}
				switch {
				case a.Self() && a.CantSay:
					l.SelfCantSay = true
				case a.Self():
					l.HasSelf, l.Self = true, a.Score
				case a.CantSay:
					cantSay++
				default:
					peers = append(peers, a.Score)
				}
			}
			l.Peers = statsOf(peers, cantSay)
			l.BelowK = l.Peers.Count < k
			if view == PersonView && l.BelowK {
				l.Withheld, l.Reason = true, ReasonTooFewRaters
				l.Peers = Stats{Count: l.Peers.Count, CantSay: l.Peers.CantSay}
			}
			if l.HasSelf && l.Peers.Count > 0 && !l.Withheld {
				l.Gap, l.HasGap = float64(l.Self)-l.Peers.Mean, true
			}
			r.Lines = append(r.Lines, l)
		}
	}
	named := view == HRView || c.Visibility.RatersNamed
	for _, a := range ok {
		if a.Evaluated != person || strings.TrimSpace(a.Comment) == "" {
			continue
		}
		cm := Comment{Session: a.Session, Criterion: a.Criterion, Self: a.Self(), Text: a.Comment}
		if named || a.Self() {
			cm.Rater = a.Evaluator
		}
		r.Comments = append(r.Comments, cm)
	}
	order := func(s, crit string) (int, int) {
		ci := len(byS[s].Criteria) // the overall comment after the criteria
		if i := slices.IndexFunc(byS[s].Criteria, func(x Criterion) bool { return x.Key == crit }); i >= 0 {
			ci = i
		}
		return slices.Index(c.Sessions, s), ci
	}
	// Without names, sort by text so that the order of comments does not
	// tell who wrote which (answers arrive in evaluator order).
	slices.SortStableFunc(r.Comments, func(a, b Comment) int {
		as, ac := order(a.Session, a.Criterion)
		bs, bc := order(b.Session, b.Criterion)
		return cmp.Or(cmp.Compare(as, bs), cmp.Compare(ac, bc),
			cmp.Compare(boolInt(b.Self), boolInt(a.Self)), // the person's own words first
			strings.Compare(a.Rater.String(), b.Rater.String()), strings.Compare(a.Text, b.Text))
	})
	return r, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// OverviewLine is one criterion of one session across the campaign.
type OverviewLine struct {
	Session   string
	Criterion string
	Peers     Stats // every peer score, pooled (self scores excluded)
	Self      Stats // every self score
	Persons   int   // evaluated people with at least one peer score
	BelowK    int   // of those, how many have fewer than k peer scores
}

// Overview summarises the campaign by session and criterion, in session
// order then grid order. It is an HR view: below-k people are counted in.
func Overview(c *Campaign, grids []Grid, answers []Answer) []OverviewLine {
	byS := gridsBySession(c, grids)
	ok, _ := usable(c, byS, answers)
	var out []OverviewLine
	for _, s := range c.Sessions {
		g := byS[s]
		if g == nil {
			continue
		}
		for _, cr := range g.Criteria {
			var peers, self []int
			peerCS, selfCS := 0, 0
			per := map[uuid.UUID]int{}
			for _, a := range ok {
				if a.Session != s || a.Criterion != cr.Key {
					continue
				}
				switch {
				case a.Self() && a.CantSay:
					selfCS++
				case a.Self():
					self = append(self, a.Score)
				case a.CantSay:
					peerCS++
				default:
					peers = append(peers, a.Score)
					per[a.Evaluated]++
				}
			}
			l := OverviewLine{Session: s, Criterion: cr.Key, Peers: statsOf(peers, peerCS), Self: statsOf(self, selfCS), Persons: len(per)}
			for _, n := range per {
				if n < c.Visibility.MinRaters {
					l.BelowK++
				}
			}
			out = append(out, l)
		}
	}
	return out
}

// FlagKind names a rater pattern worth a look by HR.
type FlagKind string

const (
	// FlagStraightLining: a rater gave every peer the same score on every
	// criterion of a session, which says more about the rater (haste, fear
	// of hurting) than about the people rated.
	FlagStraightLining FlagKind = "straight-lining"
	// FlagLargeGap: a person's self score is far from their peers' mean,
	// the case that most needs the collective reflection.
	FlagLargeGap FlagKind = "large-gap"
)

// FlagOptions tune the rater-pattern flags.
type FlagOptions struct {
	// MinRatings is the fewest peer scores a rater must give in a session
	// before identical scores are flagged: three the same is often true.
	MinRatings int
	// GapThreshold is the |self - peer mean| from which a gap is flagged.
	GapThreshold float64
}

// DefaultFlagOptions: at least 6 scores (three peers on two criteria)
// and a gap of 1.5 points.
func DefaultFlagOptions() FlagOptions { return FlagOptions{MinRatings: 6, GapThreshold: 1.5} }

// Flag is one rater pattern.
type Flag struct {
	Kind    FlagKind
	Session string
	// Straight-lining: the rater, the one score they gave, how many.
	Rater   uuid.UUID
	Score   int
	Ratings int
	// Large gap: the person and criterion, the gap (self - peer mean),
	// and whether the peer mean rests on fewer than k raters.
	Person    uuid.UUID
	Criterion string
	Gap       float64
	BelowK    bool
}

// gapEpsilon absorbs float rounding so that a gap of exactly the threshold
// (4 - 2.5) is flagged.
const gapEpsilon = 1e-9

// RaterFlags lists the campaign's rater patterns for HR: straight-lining
// per rater and session (at least opt.MinRatings peer scores over at least
// two people, all equal), then large self-peer gaps per person, session and
// criterion (|gap| >= opt.GapThreshold, at least one peer score). Zero
// options take the defaults.
func RaterFlags(c *Campaign, grids []Grid, answers []Answer, opt FlagOptions) []Flag {
	def := DefaultFlagOptions()
	if opt.MinRatings <= 0 {
		opt.MinRatings = def.MinRatings
	}
	if opt.GapThreshold <= 0 {
		opt.GapThreshold = def.GapThreshold
	}
	byS := gridsBySession(c, grids)
	ok, _ := usable(c, byS, answers)
	var out []Flag
	for _, s := range c.Sessions {
		type given struct {
			scores []int
			people map[uuid.UUID]bool
		}
		by := map[uuid.UUID]*given{}
		for _, a := range ok {
			if a.Session != s || a.Self() || !a.Scored() {
				continue
			}
			g := by[a.Evaluator]
			if g == nil {
				g = &given{people: map[uuid.UUID]bool{}}
				by[a.Evaluator] = g
			}
			g.scores = append(g.scores, a.Score)
			g.people[a.Evaluated] = true
		}
		var flags []Flag
		for rater, g := range by {
			if len(g.scores) >= opt.MinRatings && len(g.people) >= 2 && slices.Min(g.scores) == slices.Max(g.scores) {
				flags = append(flags, Flag{Kind: FlagStraightLining, Session: s, Rater: rater, Score: g.scores[0], Ratings: len(g.scores)})
			}
		}
		slices.SortFunc(flags, func(a, b Flag) int { return strings.Compare(a.Rater.String(), b.Rater.String()) })
		out = append(out, flags...)
	}
	for _, p := range c.Participants {
		r, err := PersonReport(c, grids, answers, p, HRView)
		if err != nil {
			continue
		}
		for _, l := range r.Lines {
			if l.HasGap && math.Abs(l.Gap) >= opt.GapThreshold-gapEpsilon {
				out = append(out, Flag{Kind: FlagLargeGap, Session: l.Session, Person: p, Criterion: l.Criterion, Gap: l.Gap, BelowK: l.BelowK})
			}
		}
	}
	return out
}

// Fill is how much of the grid one evaluator has filled for one person of
// their group (themselves included).
type Fill struct {
	Evaluator uuid.UUID
	Evaluated uuid.UUID
	Answered  int // criteria scored or marked "can't say"
	Total     int // criteria in the grid
}

// Done reports whether every criterion is answered.
func (f Fill) Done() bool { return f.Answered >= f.Total }

// GroupFill is the completeness of one group in one session: one Fill per
// ordered pair of members, evaluator-major in the group's order.
type GroupFill struct {
	Session  string
	Group    int // index in the session's groups
	Members  []uuid.UUID
	Fills    []Fill
	Answered int
	Total    int
}

// Done reports whether the whole group has filled every grid.
func (g GroupFill) Done() bool { return g.Answered >= g.Total }

// Completeness tells HR who has filled what, per session and group, given
// the groups of each session (as generated and edited by HR). An answer
// counts by who gave it about whom on which criterion; its content (sealed
// where HR's laptop holds no key) is not looked at. It fails on
// groups for a session the campaign lacks or has no grid for, and on a
// member who is not a participant.
func Completeness(c *Campaign, grids []Grid, answers []Answer, groups map[string][][]uuid.UUID) ([]GroupFill, error) {
	byS := gridsBySession(c, grids)
	for s := range groups {
		if !c.HasSession(s) {
			return nil, fmt.Errorf("completeness: campaign %q has no session %q: %w", c.Name, s, ErrInvalidCampaign)
		}
		if byS[s] == nil {
			return nil, fmt.Errorf("completeness: session %q has no grid: %w", s, ErrInvalidGrid)
		}
	}
	// Only who answered what counts here, not the score: HR sees
	// completeness from answers whose content is sealed.
	answered := map[answerKey]bool{}
	for _, a := range answers {
		g := byS[a.Session]
		if a.Campaign != c.ID || g == nil || a.Criterion == OverallKey ||
			!c.HasParticipant(a.Evaluator) || !c.HasParticipant(a.Evaluated) {
			continue
		}
		if _, known := g.Criterion(a.Criterion); known {
			answered[answerKey{a.Session, a.Criterion, a.Evaluator, a.Evaluated}] = true
		}
	}
	var out []GroupFill
	for _, s := range c.Sessions {
		g := byS[s]
		for gi, members := range groups[s] {
			gf := GroupFill{Session: s, Group: gi, Members: slices.Clone(members)}
			for _, ev := range members {
				if !c.HasParticipant(ev) {
					return nil, fmt.Errorf("completeness: session %s group %d: %s: %w", s, gi+1, ev, ErrNotParticipant)
				}
				for _, ed := range members {
					f := Fill{Evaluator: ev, Evaluated: ed, Total: len(g.Criteria)}
					for _, cr := range g.Criteria {
						if answered[answerKey{s, cr.Key, ev, ed}] {
							f.Answered++
						}
					}
					gf.Fills = append(gf.Fills, f)
					gf.Answered += f.Answered
					gf.Total += f.Total
				}
			}
			out = append(out, gf)
		}
	}
	return out, nil
}
