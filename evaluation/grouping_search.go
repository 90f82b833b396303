package evaluation

// This file holds the search behind Grouping.Form: exact separation of
// keep-apart pairs, then seeded local search over swaps. The rules it
// optimises are in grouping.go.

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/google/uuid"
)

// problem is a Grouping turned into indexes, checked.
type problem struct {
	g      Grouping
	n      int
	names  []string
	sizes  []int
	apart  []bool   // n*n
	pairs  [][2]int // keep-apart, a < b, sorted, distinct
	vals   [][]int  // vals[k][i]: value index of person i for key k, -1 if not given
	totals [][]int  // totals[k][v]
	offset []int    // offset[k]: first slot of key k in a group's value counts
	slots  int      // value slots per group
}

func (g Grouping) problem() (*problem, error) {
	n := len(g.People)
	sizes, err := Sizes(n, g.Size)
	if err != nil {
		return nil, err
	}
	p := &problem{g: g, n: n, sizes: sizes, names: g.Sessions, apart: make([]bool, n*n)}
	if len(p.names) == 0 {
		p.names = DefaultSessions()
	}
	index := make(map[uuid.UUID]int, n)
	for i, pp := range g.People {
		if _, dup := index[pp.ID]; dup {
			return nil, fmt.Errorf("evaluation groups: participant %s listed twice", pp.ID)
		}
		index[pp.ID] = i
	}
	for _, kp := range g.KeepApart {
		a, okA := index[kp.A]
		b, okB := index[kp.B]
		switch {
		case !okA || !okB:
			return nil, fmt.Errorf("evaluation groups: keep-apart pair %s and %s names someone who is not a participant", kp.A, kp.B)
		case a == b:
			return nil, fmt.Errorf("evaluation groups: keep-apart pair names %s twice", kp.A)
		}
		if !p.apart[a*n+b] {
			p.apart[a*n+b], p.apart[b*n+a] = true, true
			p.pairs = append(p.pairs, ordered(a, b))
		}
	}
	slices.SortFunc(p.pairs, comparePairs)
	for _, key := range g.balanceKeys() {
		index := map[string]int{}
		var values []string
		for _, pp := range g.People {
			if v := pp.Attributes[key]; v != "" && !slices.Contains(values, v) {
				values = append(values, v)
			}
		}
		slices.Sort(values)
		for v, name := range values {
			index[name] = v
		}
		vals := make([]int, n)
		totals := make([]int, len(values))
		for i, pp := range g.People {
			vals[i] = -1
			if v, ok := index[pp.Attributes[key]]; ok {
				vals[i] = v
				totals[v]++
			}
		}
		p.vals = append(p.vals, vals)
		p.totals = append(p.totals, totals)
		p.offset = append(p.offset, p.slots)
		p.slots += len(values)
	}
	return p, nil
}

func (p *problem) named(pairs [][2]int) []Pair {
	out := make([]Pair, len(pairs))
	for i, pr := range pairs {
		out[i] = p.g.pair(pr[0], pr[1])
	}
	return out
}

// separationBudget bounds the exact keep-apart search (nodes per attempt).
const separationBudget = 200_000

// separate places the people named in pairs into the groups (capacities
// p.sizes) so that no pair shares a group, by backtracking. Everyone else
// fills the remaining seats, so this decides feasibility for every session.
// It returns the group of each constrained person (-1 for the others),
// whether it succeeded, and whether a failure is a proof rather than the
// budget running out.
func (p *problem) separate(pairs [][2]int) (assign []int, ok, proven bool) {
	deg := make([]int, p.n)
	adj := make([][]int, p.n)
	for _, pr := range pairs {
		deg[pr[0]]++
		deg[pr[1]]++
		adj[pr[0]] = append(adj[pr[0]], pr[1])
		adj[pr[1]] = append(adj[pr[1]], pr[0])
	}
	var order []int
	for i, d := range deg {
		if d > 0 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(deg[b], deg[a]) })
	assign = make([]int, p.n)
	for i := range assign {
		assign[i] = -1
	}
	free := slices.Clone(p.sizes)
	used := make([]int, len(free))
	nodes := 0
	var place func(k int) bool
	place = func(k int) bool {
		if k == len(order) {
			return true
		}
		if nodes++; nodes > separationBudget {
			return false
		}
		i := order[k]
		triedEmpty := map[int]bool{} // an empty group is as good as any other empty group of its size
	groups:
		for j := range free {
			if free[j] == 0 {
				continue
			}
			if used[j] == 0 {
				if triedEmpty[p.sizes[j]] {
					continue
				}
				triedEmpty[p.sizes[j]] = true
			}
			for _, o := range adj[i] {
				if assign[o] == j {
					continue groups
				}
			}
			assign[i] = j
			free[j]--
			used[j]++
			if place(k + 1) {
				return true
			}
			assign[i] = -1
			free[j]++
			used[j]--
		}
		return false
	}
	if place(0) {
		return assign, true, false
	}
	return nil, false, nodes <= separationBudget
}

// conflict shrinks the keep-apart pairs to a minimal set that still cannot
// be separated: dropping any one of them would make it possible. That is
// the set worth showing the committee.
func (p *problem) conflict() [][2]int {
	cur := slices.Clone(p.pairs)
	for i := 0; i < len(cur); {
		without := slices.Delete(slices.Clone(cur), i, i+1)
		if _, ok, proven := p.separate(without); !ok && proven {
			cur = without
		} else {
			i++
		}
	}
	return cur
}

// Search effort. A climb is a pass over every swap of every session, again
// until none improves; kicks perturb the current best and climb again.
const (
	searchRestarts = 4
	searchKicks    = 40
	searchEvals    = 3_000_000 // swap evaluations over the whole search
)

// search runs the restarts and returns the best state found.
func (p *problem) search(witness []int) *state {
	rng := rand.New(rand.NewPCG(p.g.Seed, 0x6b6f6e626974)) // "konbit"
	budget := searchEvals
	floor := p.floor(len(p.names))
	var best *state
	for r := range searchRestarts {
		var st *state
		if witness != nil && r%2 == 1 {
			st = p.fromWitness(rng, witness)
		} else {
			st = p.transversal(rng, &budget)
		}
		st = st.iterate(rng, &budget, floor)
		if best == nil || st.cost.less(best.cost) {
			best = st
		}
		if best.cost == floor || budget <= 0 {
			break
		}
	}
	if best.cost.viol > 0 && witness != nil {
		// Unreachable in practice: a witness start never gains violations.
		st := p.fromWitness(rng, witness)
		st.climb(rng, &budget)
		best = st
	}
	return best
}

// floor is a cost no grouping can beat: no violations, the fewest repeats
// between two sessions (each old group spread as evenly as possible over
// the new groups) and, per group, the balance gap of the nearest whole
// count. Reaching it ends the search early.
func (p *problem) floor(sessions int) cost {
	var f cost
	g := len(p.sizes)
	if sessions >= 2 {
		for _, z := range p.sizes {
			q, r := z/g, z%g
			f.rep += r*q*(q+1)/2 + (g-r)*q*(q-1)/2
		}
	}
	n := int64(p.n)
	for _, totals := range p.totals {
		for _, c := range totals {
			for _, z := range p.sizes {
				want := int64(c) * int64(z)
				lo := want / n
				d1, d2 := n*lo-want, n*(lo+1)-want
				f.bal += min(d1*d1, d2*d2)
			}
		}
	}
	f.bal *= int64(sessions)
	return f
}

// transversal builds session one at random and climbs it alone (balance,
// keep-apart), then deals each later session from the previous one.
func (p *problem) transversal(rng *rand.Rand, budget *int) *state {
	first := newState(p, [][]int{p.randomFill(rng, nil)})
	first.climb(rng, budget)
	assign := [][]int{first.assign[0]}
	g := len(p.sizes)
	for s := 1; s < len(p.names); s++ {
		prev := newState(p, assign[s-1:s])
		next := make([]int, p.n)
		pos := 0
		for j := range g {
			members := slices.Clone(prev.members[0][j])
			rng.Shuffle(len(members), func(a, b int) { members[a], members[b] = members[b], members[a] })
			for _, i := range members {
				next[i] = pos % g
				pos++
			}
		}
		assign = append(assign, next)
	}
	return newState(p, assign)
}

// fromWitness places the constrained people as the exact search did (group
// labels shuffled among groups of equal size, differently per session) and
// everyone else at random.
func (p *problem) fromWitness(rng *rand.Rand, witness []int) *state {
	assign := make([][]int, len(p.names))
	for s := range assign {
		label := rng.Perm(len(p.sizes))
		// Keep sizes: only relabel within runs of equal size.
		slices.SortStableFunc(label, func(a, b int) int { return cmp.Compare(p.sizes[b], p.sizes[a]) })
		w := make([]int, p.n)
		for i, j := range witness {
			w[i] = -1
			if j >= 0 {
				w[i] = label[j]
			}
		}
		assign[s] = p.randomFill(rng, w)
	}
	return newState(p, assign)
}

// randomFill completes a partial assignment (-1 = unplaced; nil = none)
// with the unplaced people in random order.
func (p *problem) randomFill(rng *rand.Rand, partial []int) []int {
	assign := make([]int, p.n)
	free := slices.Clone(p.sizes)
	for i := range assign {
		assign[i] = -1
		if partial != nil && partial[i] >= 0 {
			assign[i] = partial[i]
			free[partial[i]]--
		}
	}
	j := 0
	for _, i := range rng.Perm(p.n) {
		if assign[i] >= 0 {
			continue
		}
		for free[j] == 0 {
			j++
		}
		assign[i] = j
		free[j]--
	}
	return assign
}

// cost is the lexicographic objective: keep-apart violations, then repeats,
// then balance (sum over sessions, groups, attributes and values of the
// squared gap to the proportional share, scaled by n² to stay integral).
type cost struct {
	viol, rep int
	bal       int64
}

func (c cost) less(d cost) bool {
	if c.viol != d.viol {
		return c.viol < d.viol
	}
	if c.rep != d.rep {
		return c.rep < d.rep
	}
	return c.bal < d.bal
}

func (c cost) add(d cost) cost { return cost{c.viol + d.viol, c.rep + d.rep, c.bal + d.bal} }

// state is a full assignment with the counters that make a swap's effect
// cheap to evaluate.
type state struct {
	p        *problem
	sessions int
	assign   [][]int   // assign[s][i]: group of person i
	members  [][][]int // members[s][j]
	together []int     // n*n: sessions shared by each pair
	counts   []int     // (s*groups + j)*slots + offset[k] + v
	cost     cost
}

func newState(p *problem, assign [][]int) *state {
	n, g := p.n, len(p.sizes)
	st := &state{p: p, sessions: len(assign), assign: assign, together: make([]int, n*n), counts: make([]int, len(assign)*g*p.slots)}
	for s, a := range assign {
		st.members = append(st.members, make([][]int, g))
		for i, j := range a {
			st.members[s][j] = append(st.members[s][j], i)
			for k, vals := range p.vals {
				if v := vals[i]; v >= 0 {
					st.counts[(s*g+j)*p.slots+p.offset[k]+v]++
				}
			}
		}
		for _, in := range st.members[s] {
			for x, a := range in {
				for _, b := range in[x+1:] {
					st.together[a*n+b]++
					st.together[b*n+a]++
					if p.apart[a*n+b] {
						st.cost.viol++
					}
				}
			}
		}
	}
	for a := range n {
		for b := a + 1; b < n; b++ {
			st.cost.rep += max(0, st.together[a*n+b]-1)
		}
	}
	nn := int64(n)
	for s := range assign {
		for j, z := range p.sizes {
			for k, totals := range p.totals {
				for v, c := range totals {
					d := nn*int64(st.counts[(s*g+j)*p.slots+p.offset[k]+v]) - int64(c)*int64(z)
					st.cost.bal += d * d
				}
			}
		}
	}
	return st
}

func (st *state) clone() *state {
	c := *st
	c.assign = make([][]int, len(st.assign))
	c.members = make([][][]int, len(st.members))
	for s := range st.assign {
		c.assign[s] = slices.Clone(st.assign[s])
		c.members[s] = make([][]int, len(st.members[s]))
		for j := range st.members[s] {
			c.members[s][j] = slices.Clone(st.members[s][j])
		}
	}
	c.together = slices.Clone(st.together)
	c.counts = slices.Clone(st.counts)
	return &c
}

// delta is the change of cost if a and b (in different groups) swapped
// groups in session s. Each pair's shared-session count moves by at most
// one, so repeats change by one exactly when a count crosses 1.
func (st *state) delta(s, a, b int) cost {
	p := st.p
	ga, gb := st.assign[s][a], st.assign[s][b]
	d := st.exchange(s, ga, a, b)
	d2 := st.exchange(s, gb, b, a)
	d.viol += d2.viol
	d.rep += d2.rep
	for k, vals := range p.vals {
		va, vb := vals[a], vals[b]
		if va == vb {
			continue
		}
		d.bal += st.shift(s, ga, k, va, -1) + st.shift(s, ga, k, vb, 1) + st.shift(s, gb, k, va, 1) + st.shift(s, gb, k, vb, -1)
	}
	return d
}

// exchange is the change of keep-apart violations and repeats within group
// g of session s when out (a member of it) leaves and in takes its place.
func (st *state) exchange(s, g, out, in int) cost {
	p, n := st.p, st.p.n
	var d cost
	for _, m := range st.members[s][g] {
		if m == out {
			continue
		}
		if p.apart[out*n+m] {
			d.viol--
		}
		if p.apart[in*n+m] {
			d.viol++
		}
		if st.together[out*n+m] >= 2 {
			d.rep--
		}
		if st.together[in*n+m] >= 1 {
			d.rep++
		}
	}
	return d
}

// shift is the balance change of one more (dir 1) or one fewer (-1) person
// with value v of key k in group j of session s.
func (st *state) shift(s, j, k, v int, dir int64) int64 {
	if v < 0 {
		return 0
	}
	p := st.p
	n := int64(p.n)
	d := n*int64(st.counts[(s*len(p.sizes)+j)*p.slots+p.offset[k]+v]) - int64(p.totals[k][v])*int64(p.sizes[j])
	e := d + dir*n
	return e*e - d*d
}

// swap exchanges the groups of a and b in session s, given its delta.
func (st *state) swap(s, a, b int, d cost) {
	p, n := st.p, st.p.n
	ga, gb := st.assign[s][a], st.assign[s][b]
	for _, m := range st.members[s][ga] {
		if m != a {
			st.together[a*n+m]--
			st.together[m*n+a]--
			st.together[b*n+m]++
			st.together[m*n+b]++
		}
	}
	for _, m := range st.members[s][gb] {
		if m != b {
			st.together[b*n+m]--
			st.together[m*n+b]--
			st.together[a*n+m]++
			st.together[m*n+a]++
		}
	}
	g := len(p.sizes)
	for k, vals := range p.vals {
		if va := vals[a]; va >= 0 {
			st.counts[(s*g+ga)*p.slots+p.offset[k]+va]--
			st.counts[(s*g+gb)*p.slots+p.offset[k]+va]++
		}
		if vb := vals[b]; vb >= 0 {
			st.counts[(s*g+gb)*p.slots+p.offset[k]+vb]--
			st.counts[(s*g+ga)*p.slots+p.offset[k]+vb]++
		}
	}
	ma, mb := st.members[s][ga], st.members[s][gb]
	ma[slices.Index(ma, a)] = b
	mb[slices.Index(mb, b)] = a
	st.assign[s][a], st.assign[s][b] = gb, ga
	st.cost = st.cost.add(d)
}

// climb applies improving swaps, in a random order, until none is left or
// the budget is spent.
func (st *state) climb(rng *rand.Rand, budget *int) {
	for *budget > 0 {
		improved := false
		order := rng.Perm(st.p.n)
		for s := range st.sessions {
			for x, a := range order {
				for _, b := range order[x+1:] {
					if st.assign[s][a] == st.assign[s][b] {
						continue
					}
					*budget--
					if d := st.delta(s, a, b); d.less(cost{}) {
						st.swap(s, a, b, d)
						improved = true
					}
				}
			}
		}
		if !improved {
			return
		}
	}
}

// iterate is an iterated local search: climb, then repeatedly kick a copy
// of the current state with a few random swaps and climb again, keeping it
// when no worse (so plateaus get explored) and remembering the best.
func (st *state) iterate(rng *rand.Rand, budget *int, floor cost) *state {
	st.climb(rng, budget)
	best, cur := st.clone(), st
	if len(st.p.sizes) < 2 {
		return best
	}
	for range searchKicks {
		if best.cost == floor || *budget <= 0 {
			break
		}
		next := cur.clone()
		for range 1 + rng.IntN(3) {
			s := rng.IntN(next.sessions)
			a, b := rng.IntN(st.p.n), rng.IntN(st.p.n)
			if next.assign[s][a] != next.assign[s][b] {
				next.swap(s, a, b, next.delta(s, a, b))
			}
		}
		next.climb(rng, budget)
		if !cur.cost.less(next.cost) {
			cur = next
			if cur.cost.less(best.cost) {
				best = cur.clone()
			}
		}
	}
	return best
}

// violated lists the keep-apart pairs sharing a group in some session.
func (st *state) violated() [][2]int {
	var out [][2]int
	for _, pr := range st.p.pairs {
		for s := range st.sessions {
			if st.assign[s][pr[0]] == st.assign[s][pr[1]] {
				out = append(out, pr)
				break
			}
		}
	}
	return out
}

// groups returns session s's groups as ids, each in participant order.
func (st *state) groups(s int) [][]uuid.UUID {
	out := make([][]uuid.UUID, len(st.members[s]))
	for j, in := range st.members[s] {
		in = slices.Sorted(slices.Values(in))
		out[j] = make([]uuid.UUID, len(in))
		for x, i := range in {
			out[j][x] = st.p.g.People[i].ID
		}
	}
	return out
}

func comparePairs(x, y [2]int) int {
	return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1]))
}

func ordered(a, b int) [2]int {
	if a > b {
		return [2]int{b, a}
	}
	return [2]int{a, b}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
