package evaluation

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/google/uuid"
)

// Group sizes the HR committee may ask for. Below three a peer evaluation is
// a conversation between two people; above six it is the plenary the 2011
// procedure was designed to avoid.
const (
	DefaultGroupSize = 4
	MinGroupSize     = 3
	MaxGroupSize     = 6
)

// DefaultSessions names the two sessions of the 2011 procedure: one on work,
// one on involvement. It is a function so that no caller can alter a shared
// default.
func DefaultSessions() []string { return []string{SessionWork, SessionInvolvement} }

// Errors a Grouping can refuse with; KeepApartError wraps ErrKeepApart.
var (
	ErrTooFew    = errors.New("evaluation groups need at least 3 participants")
	ErrGroupSize = errors.New("group size must be between 3 and 6")
	ErrKeepApart = errors.New("keep-apart pairs cannot all be honoured")
)

// Participant is one person to place. Attributes hold what the committee may
// want spread across groups (seniority band, category, language,
// self-described gender...); an empty value means "not given" and is never
// counted, so nobody is grouped by an answer they did not give.
type Participant struct {
	ID         uuid.UUID
	Attributes map[string]string
}

// Pair is two people. In what Form and Check return, A comes before B in the
// order of Grouping.People; in KeepApart the order does not matter.
type Pair struct{ A, B uuid.UUID }

// Grouping is what the HR committee asks for: who, how many sessions, what
// group size, who must never sit together, what to spread, and a seed so
// that the same request always gives the same groups (the committee can
// regenerate on another laptop and compare).
type Grouping struct {
	People []Participant
	// Sessions names the sessions; empty means DefaultSessions.
	Sessions []string
	// Size is the target group size, 3-6; 0 means DefaultGroupSize.
	Size int
	// KeepApart pairs are never in the same group in any session.
	KeepApart []Pair
	// Balance lists the attribute keys to spread across groups; empty means
	// every key some participant has.
	Balance []string
	Seed    uint64
}

// Session is one session's groups, as the CLI prints them in JSON.
type Session struct {
	Name   string        `json:"name"`
	Groups [][]uuid.UUID `json:"groups"`
}

// Plan is the generated groups with their score.
type Plan struct {
	Sessions []Session
	Score    Score
}

// Score says why a set of groups is good or not, so that a screen can show
// it and update it live while the committee moves people by hand.
type Score struct {
	// KeepApart lists keep-apart pairs found in the same group; Form never
	// returns any.
	KeepApart []Violation
	// Repeats lists the pairs who are together in more than one session;
	// RepeatCount adds, for each, the sessions beyond the first.
	Repeats     []Repeat
	RepeatCount int
	// Balance has one entry per balanced attribute, in key order.
	Balance []AttributeBalance
	// Sizes has one entry per session.
	Sizes []SessionSizes
	// Misplaced lists people missing from a session, placed twice in it, or
	// not among the participants (by session, then kind): only hand edits
	// produce these.
	Misplaced []Misplacement
}

// Violation is a keep-apart pair found together.
type Violation struct {
	Pair           Pair
	Session, Group int
}

// Repeat is a pair together in several sessions (indexes into the sessions).
type Repeat struct {
	Pair     Pair
	Sessions []int
}

// AttributeBalance tells how evenly one attribute is spread. A group's
// expected count of a value is its proportional share: the value's count
// among all participants times the group's size, divided by the number of
// participants. Worst is the largest gap between a count and its share (in
// people; below 1 is as even as whole people allow in most cases), found in
// group Group of session Session for Value; Cost adds the squared gaps over
// every session, group and value, and is what the search lowers.
type AttributeBalance struct {
	Attribute      string
	Cost           float64
	Worst          float64
	Session, Group int
	Value          string
	Count          int
	Expected       float64
}

// SessionSizes gives a session's group sizes, in group order.
type SessionSizes struct {
	Session  int
	Sizes    []int
	Min, Max int
}

// MisplacementKind says what is wrong with a person's place in a session.
type MisplacementKind int

const (
	Missing MisplacementKind = iota + 1 // in no group of the session
	Twice                               // in more than one place in the session
	Unknown                             // not among the participants
)

func (k MisplacementKind) String() string {
	switch k {
	case Missing:
		return "missing"
	case Twice:
		return "twice"
	case Unknown:
		return "unknown"
	}
	return fmt.Sprintf("MisplacementKind(%d)", int(k))
}

// Misplacement is one person wrongly placed in one session.
type Misplacement struct {
	Person  uuid.UUID
	Session int
	Kind    MisplacementKind
}

// Even reports whether in every session group sizes differ by at most one.
func (s Score) Even() bool {
	for _, z := range s.Sizes {
		if z.Max-z.Min > 1 {
			return false
		}
	}
	return true
}

// Valid reports whether the groups can be used as they are: everyone placed
// exactly once per session, sizes even, and no keep-apart pair together.
// Repeats and balance are qualities, not validity.
func (s Score) Valid() bool {
	return len(s.KeepApart) == 0 && len(s.Misplaced) == 0 && s.Even()
}

// KeepApartError names the keep-apart pairs that cannot all be honoured.
// When Proven, no grouping with these sizes separates them all (and no pair
// can be dropped from Pairs without it becoming possible); otherwise the
// search gave up and Pairs are those it left together.
type KeepApartError struct {
	Pairs  []Pair
	Sizes  []int
	Proven bool
}

func (e *KeepApartError) Error() string {
	names := make([]string, len(e.Pairs))
	for i, p := range e.Pairs {
		names[i] = p.A.String() + " and " + p.B.String()
	}
	how := "cannot all be honoured"
	if !e.Proven {
		how = "could not be honoured by the search"
	}
	return fmt.Sprintf("keep-apart pairs %s %s in %s", strings.Join(names, "; "), how, describeSizes(e.Sizes))
}

// describeSizes says "2 groups of 5", "1 group of 4" or "7 groups of 3-4".
func describeSizes(sizes []int) string {
	if len(sizes) == 0 {
		return "no groups"
	}
	lo, hi := slices.Min(sizes), slices.Max(sizes)
	of := fmt.Sprint(lo)
	if hi != lo {
		of = fmt.Sprintf("%d-%d", lo, hi)
	}
	if len(sizes) == 1 {
		return "1 group of " + of
	}
	return fmt.Sprintf("%d groups of %s", len(sizes), of)
}

func (e *KeepApartError) Unwrap() error { return ErrKeepApart }

// Sizes returns the group sizes for n people around a target size, largest
// first: as many groups as bring the average closest to the target (ties go
// to more, smaller groups), every group between MinGroupSize and
// MaxGroupSize, sizes differing by at most one.
func Sizes(n, size int) ([]int, error) {
	if size == 0 {
		size = DefaultGroupSize
	}
	if size < MinGroupSize || size > MaxGroupSize {
		return nil, fmt.Errorf("%w: got %d", ErrGroupSize, size)
	}
	if n < MinGroupSize {
		return nil, fmt.Errorf("%w: got %d", ErrTooFew, n)
	}
	best := 0
	for g := (n + MaxGroupSize - 1) / MaxGroupSize; g <= n/MinGroupSize; g++ {
		// |n/g - size| <= |n/best - size|, in integers.
		if best == 0 || abs(n-g*size)*best <= abs(n-best*size)*g {
			best = g
		}
	}
	out := make([]int, best)
	for j := range out {
		out[j] = n / best
		if j < n%best {
			out[j]++
		}
	}
	return out, nil
}

// Form generates the groups of every session.
//
// Session one is built for balance; each later session starts as a
// transversal of the one before (people are dealt round-robin, group after
// group, so an old group of at most as many people as there are groups
// lands in distinct new groups: zero repeats, and for two sessions the
// fewest possible in any case). A local search then swaps pairs of people
// between groups of a session, accepting only improvements of, in this
// order, keep-apart violations, repeats and balance, with seeded kicks and
// restarts and a fixed amount of work. When keep-apart pairs exist, half
// the restarts start from an exact placement of the constrained people, so
// a possible separation is always found, and an impossible one is refused
// with the smallest set of pairs that causes it.
func (g Grouping) Form() (Plan, error) {
	p, err := g.problem()
	if err != nil {
		return Plan{}, err
	}
	var witness []int
	if len(p.pairs) > 0 {
		w, ok, proven := p.separate(p.pairs)
		if !ok && proven {
			return Plan{}, &KeepApartError{Pairs: p.named(p.conflict()), Sizes: p.sizes, Proven: true}
		}
		if ok {
			witness = w
		}
	}
	best := p.search(witness)
	if best.cost.viol > 0 {
		return Plan{}, &KeepApartError{Pairs: p.named(best.violated()), Sizes: p.sizes}
	}
	sessions := make([]Session, best.sessions)
	for s := range sessions {
		sessions[s] = Session{Name: p.names[s], Groups: best.groups(s)}
	}
	return Plan{Sessions: sessions, Score: g.Check(sessions)}, nil
}

// Check scores groups as they are, typically after the committee moved
// people by hand: it does not need them to be complete or well formed, and
// reports what is wrong in Misplaced. Keep-apart pairs naming people who are
// not participants are ignored.
func (g Grouping) Check(sessions []Session) Score {
	n := len(g.People)
	index := make(map[uuid.UUID]int, n)
	for i, pp := range g.People {
		if _, dup := index[pp.ID]; !dup {
			index[pp.ID] = i
		}
	}
	apart := make(map[[2]int]bool, len(g.KeepApart))
	for _, kp := range g.KeepApart {
		a, okA := index[kp.A]
		b, okB := index[kp.B]
		if okA && okB && a != b {
			apart[ordered(a, b)] = true
		}
	}
	keys := g.balanceKeys()
	var sc Score
	together := map[[2]int][]int{}
	members := make([][][]int, len(sessions)) // distinct known people per group
	for s, sess := range sessions {
		seen := make([]int, n)
		sz := SessionSizes{Session: s, Sizes: make([]int, len(sess.Groups))}
		members[s] = make([][]int, len(sess.Groups))
		for j, grp := range sess.Groups {
			sz.Sizes[j] = len(grp)
			var in []int
			for _, id := range grp {
				i, ok := index[id]
				if !ok {
					sc.Misplaced = append(sc.Misplaced, Misplacement{Person: id, Session: s, Kind: Unknown})
					continue
				}
				seen[i]++
				if seen[i] == 2 {
					sc.Misplaced = append(sc.Misplaced, Misplacement{Person: id, Session: s, Kind: Twice})
				}
				if !slices.Contains(in, i) {
					in = append(in, i)
				}
			}
			slices.Sort(in)
			members[s][j] = in
			for x, a := range in {
				for _, b := range in[x+1:] {
					k := [2]int{a, b}
					if l := together[k]; len(l) == 0 || l[len(l)-1] != s {
						together[k] = append(l, s)
					}
					if apart[k] {
						sc.KeepApart = append(sc.KeepApart, Violation{Pair: g.pair(a, b), Session: s, Group: j})
					}
				}
			}
		}
		for i, c := range seen {
			if c == 0 {
				sc.Misplaced = append(sc.Misplaced, Misplacement{Person: g.People[i].ID, Session: s, Kind: Missing})
			}
		}
		if len(sz.Sizes) > 0 {
			sz.Min, sz.Max = slices.Min(sz.Sizes), slices.Max(sz.Sizes)
		}
		sc.Sizes = append(sc.Sizes, sz)
	}
	slices.SortStableFunc(sc.Misplaced, func(x, y Misplacement) int {
		return cmp.Or(cmp.Compare(x.Session, y.Session), cmp.Compare(x.Kind, y.Kind))
	})
	for _, k := range slices.SortedFunc(maps.Keys(together), comparePairs) {
		if l := together[k]; len(l) > 1 {
			sc.Repeats = append(sc.Repeats, Repeat{Pair: g.pair(k[0], k[1]), Sessions: l})
			sc.RepeatCount += len(l) - 1
		}
	}
	for _, key := range keys {
		sc.Balance = append(sc.Balance, g.balance(key, members))
	}
	return sc
}

// balance measures one attribute over the given groups (participant
// indexes).
func (g Grouping) balance(key string, members [][][]int) AttributeBalance {
	n := len(g.People)
	totals := map[string]int{}
	for _, pp := range g.People {
		if v := pp.Attributes[key]; v != "" {
			totals[v]++
		}
	}
	values := slices.Sorted(maps.Keys(totals))
	ab := AttributeBalance{Attribute: key, Worst: -1}
	for s, groups := range members {
		for j, in := range groups {
			for _, v := range values {
				count := 0
				for _, i := range in {
					if g.People[i].Attributes[key] == v {
						count++
					}
				}
				want := float64(totals[v]*len(in)) / float64(n)
				gap := float64(count) - want
				ab.Cost += gap * gap
				if gap < 0 {
					gap = -gap
				}
				if gap > ab.Worst {
					ab.Worst, ab.Session, ab.Group, ab.Value, ab.Count, ab.Expected = gap, s, j, v, count, want
				}
			}
		}
	}
	if ab.Worst < 0 {
		ab.Worst = 0
	}
	return ab
}

func (g Grouping) balanceKeys() []string {
	if len(g.Balance) > 0 {
		keys := slices.Clone(g.Balance)
		slices.Sort(keys)
		return slices.Compact(keys)
	}
	set := map[string]bool{}
	for _, pp := range g.People {
		for k, v := range pp.Attributes {
			if v != "" {
				set[k] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

func (g Grouping) pair(a, b int) Pair {
	if a > b {
		a, b = b, a
	}
	return Pair{A: g.People[a].ID, B: g.People[b].ID}
}
