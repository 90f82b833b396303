package evaluation_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/evaluation"
	"pgregory.net/rapid"
)

// Helpers here are prefixed with grp: other files of evaluation_test are
// written alongside and must not collide.

func grpID(i int) uuid.UUID {
	return uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "konbit-grouping-%d", i))
}

func grpPeople(n int) []evaluation.Participant {
	out := make([]evaluation.Participant, n)
	for i := range out {
		out[i] = evaluation.Participant{ID: grpID(i)}
	}
	return out
}

// grpSample is 24 people as a co-op like the one studied has them: mostly
// salaried, some freelancers and external members; mostly French speakers.
func grpSample() []evaluation.Participant {
	people := grpPeople(24)
	for i := range people {
		cat := "salaried"
		switch {
		case i%4 == 1 && i < 24:
			cat = "freelancer" // 6
		case i%6 == 3:
			cat = "external" // 3, 9, 15, 21
		}
		lang := "fr"
		switch i % 8 {
		case 2, 5:
			lang = "en" // 6
		case 7:
			lang = "ht" // 3
		}
		seniority := []string{"<2y", "2-5y", ">5y"}[i%3]
		people[i].Attributes = map[string]string{"category": cat, "language": lang, "seniority": seniority}
		if i%5 == 0 {
			people[i].Attributes["gender"] = "woman"
		} else if i%5 == 2 {
			people[i].Attributes["gender"] = "man"
		} // others did not say
	}
	return people
}

// grpRepeats counts, independently of the package, the pairs together in
// more than one session (sessions beyond the first).
func grpRepeats(sessions []evaluation.Session) int {
	count := map[[2]uuid.UUID]int{}
	for _, s := range sessions {
		for _, grp := range s.Groups {
			for x, a := range grp {
				for _, b := range grp[x+1:] {
					k := [2]uuid.UUID{a, b}
					if strings.Compare(a.String(), b.String()) > 0 {
						k = [2]uuid.UUID{b, a}
					}
					count[k]++
				}
			}
		}
	}
	total := 0
	for _, c := range count {
		total += max(0, c-1)
	}
	return total
}

// grpT is what grpInvariants needs of *testing.T and *rapid.T.
type grpT interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Fatal(args ...any)
}

// grpInvariants checks what must hold of any plan Form returns.
func grpInvariants(t grpT, g evaluation.Grouping, plan evaluation.Plan) {
	t.Helper()
	sessions := g.Sessions
	if len(sessions) == 0 {
		sessions = evaluation.DefaultSessions()
	}
	if len(plan.Sessions) != len(sessions) {
		t.Fatalf("%d sessions, want %d", len(plan.Sessions), len(sessions))
	}
	want, err := evaluation.Sizes(len(g.People), g.Size)
	if err != nil {
		t.Fatal(err)
	}
	for s, sess := range plan.Sessions {
		if sess.Name != sessions[s] {
			t.Errorf("session %d named %q, want %q", s, sess.Name, sessions[s])
		}
		seen := map[uuid.UUID]int{}
		var sizes []int
		for _, grp := range sess.Groups {
			sizes = append(sizes, len(grp))
			for _, id := range grp {
				seen[id]++
			}
		}
		for _, p := range g.People {
			if seen[p.ID] != 1 {
				t.Fatalf("session %d: %s placed %d times", s, p.ID, seen[p.ID])
			}
		}
		if len(seen) != len(g.People) {
			t.Fatalf("session %d places %d people, want %d", s, len(seen), len(g.People))
		}
		slices.Sort(sizes)
		slices.Reverse(sizes)
		if !slices.Equal(sizes, want) {
			t.Fatalf("session %d sizes %v, want %v", s, sizes, want)
		}
		if sizes[0]-sizes[len(sizes)-1] > 1 {
			t.Fatalf("session %d sizes %v differ by more than one", s, sizes)
		}
		for _, kp := range g.KeepApart {
			for _, grp := range sess.Groups {
				if slices.Contains(grp, kp.A) && slices.Contains(grp, kp.B) {
					t.Fatalf("session %d: keep-apart pair %v together", s, kp)
				}
			}
		}
	}
	if got := grpRepeats(plan.Sessions); got != plan.Score.RepeatCount {
		t.Fatalf("score says %d repeats, counted %d", plan.Score.RepeatCount, got)
	}
	if !plan.Score.Valid() || len(plan.Score.KeepApart) != 0 {
		t.Fatalf("score not valid: %+v", plan.Score)
	}
	if again := g.Check(plan.Sessions); !reflect.DeepEqual(again, plan.Score) {
		t.Fatalf("Check disagrees with Form's score:\n%+v\n%+v", again, plan.Score)
	}
}

// grpMinRepeats is the fewest repeats a second session can have after a
// first one with groups of these sizes, by trying every second session.
// (Which first session does not matter: all with the same sizes are the
// same up to renaming people.)
func grpMinRepeats(sizes []int) int {
	var first []int // group of each person in session one
	for j, z := range sizes {
		for range z {
			first = append(first, j)
		}
	}
	n, g := len(first), len(sizes)
	free := slices.Clone(sizes)
	// shared[j][k]: people of old group j placed so far in new group k.
	shared := make([][]int, g)
	for j := range shared {
		shared[j] = make([]int, g)
	}
	best := math.MaxInt
	var place func(i, repeats int)
	place = func(i, repeats int) {
		if repeats >= best {
			return
		}
		if i == n {
			best = repeats
			return
		}
		for k := range g {
			if free[k] == 0 {
				continue
			}
			free[k]--
			shared[first[i]][k]++
			place(i+1, repeats+shared[first[i]][k]-1) // meets again everyone of its old group already there
			shared[first[i]][k]--
			free[k]++
		}
	}
	place(0, 0)
	return best
}

func TestSizes(t *testing.T) {
	cases := []struct {
		n, size int
		want    []int
	}{
		{24, 4, []int{4, 4, 4, 4, 4, 4}},
		{24, 0, []int{4, 4, 4, 4, 4, 4}},
		{10, 5, []int{5, 5}},
		{6, 4, []int{3, 3}},
		{7, 6, []int{4, 3}}, // one group of 7 would be too big
		{5, 4, []int{5}},
		{25, 4, []int{5, 4, 4, 4, 4, 4}},
		{26, 4, []int{4, 4, 4, 4, 4, 3, 3}}, // 26/7 = 3.71 is closer to 4 than 26/6 = 4.33
		{9, 6, []int{5, 4}},
		{30, 6, []int{6, 6, 6, 6, 6}},
	}
	for _, c := range cases {
		got, err := evaluation.Sizes(c.n, c.size)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("Sizes(%d, %d) = %v, %v; want %v", c.n, c.size, got, err, c.want)
		}
	}
	for n := 3; n <= 100; n++ {
		for size := evaluation.MinGroupSize; size <= evaluation.MaxGroupSize; size++ {
			got, err := evaluation.Sizes(n, size)
			if err != nil {
				t.Fatalf("Sizes(%d, %d): %v", n, size, err)
			}
			sum := 0
			for _, z := range got {
				sum += z
				if z < evaluation.MinGroupSize || z > evaluation.MaxGroupSize || got[0]-z > 1 {
					t.Fatalf("Sizes(%d, %d) = %v", n, size, got)
				}
			}
			if sum != n {
				t.Fatalf("Sizes(%d, %d) = %v does not add up", n, size, got)
			}
		}
	}
	if _, err := evaluation.Sizes(24, 7); !errors.Is(err, evaluation.ErrGroupSize) {
		t.Errorf("size 7: %v", err)
	}
	if _, err := evaluation.Sizes(2, 4); !errors.Is(err, evaluation.ErrTooFew) {
		t.Errorf("2 people: %v", err)
	}
}

func TestFormRepeats(t *testing.T) {
	// 10 people in two groups of 5, twice. Session one puts 2×C(5,2) = 20
	// pairs together. A group of session two takes a people from one old
	// group and 5-a from the other, and so meets C(a,2)+C(5-a,2) pairs
	// again; the other group the same, mirrored. The least is at a = 2 or
	// 3: 2×(1+3) = 8 repeats. grpMinRepeats confirms by trying all.
	if got := grpMinRepeats([]int{5, 5}); got != 8 {
		t.Fatalf("brute-force minimum for 10 in fives = %d, derived 8", got)
	}
	cases := []struct {
		name  string
		n     int
		size  int
		want  int // -1: compute by brute force
		under time.Duration
	}{
		{"24 in fours", 24, 4, 0, time.Second},
		{"10 in fives", 10, 5, 8, time.Second},
		{"8 in fours", 8, 4, -1, time.Second},
		{"7 around four", 7, 4, -1, time.Second},
		{"9 in threes", 9, 3, 0, time.Second},
		{"11 around five", 11, 5, -1, time.Second},
		{"12 in sixes", 12, 6, -1, time.Second},
		{"12 in fours", 12, 4, -1, time.Second},
		{"13 around four", 13, 4, -1, time.Second},
		{"36 in sixes", 36, 6, 0, time.Second},
		{"40 in fours", 40, 4, 0, time.Second},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := evaluation.Grouping{People: grpPeople(c.n), Size: c.size, Seed: 7}
			start := time.Now()
			plan, err := g.Form()
			took := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			grpInvariants(t, g, plan)
			want := c.want
			if want < 0 {
				sizes, _ := evaluation.Sizes(c.n, c.size)
				want = grpMinRepeats(sizes)
			}
			if plan.Score.RepeatCount != want {
				t.Errorf("%d repeats %v, the minimum is %d", plan.Score.RepeatCount, plan.Score.Repeats, want)
			}
			if !grpRace && took > c.under {
				t.Errorf("took %v", took)
			}
			t.Logf("%d repeats in %v", plan.Score.RepeatCount, took)
		})
	}
}

func TestFormSample(t *testing.T) {
	g := evaluation.Grouping{People: grpSample(), Seed: 2011}
	start := time.Now()
	plan, err := g.Form()
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	grpInvariants(t, g, plan)
	if plan.Score.RepeatCount != 0 {
		t.Errorf("repeats: %+v", plan.Score.Repeats)
	}
	if !grpRace && took > time.Second {
		t.Errorf("took %v", took)
	}
	keys := []string{"category", "gender", "language", "seniority"}
	if len(plan.Score.Balance) != len(keys) {
		t.Fatalf("balance %+v, want one per attribute %v", plan.Score.Balance, keys)
	}
	for i, b := range plan.Score.Balance {
		if b.Attribute != keys[i] {
			t.Errorf("balance %d is %q, want %q", i, b.Attribute, keys[i])
		}
		// Every group within one person of its proportional share.
		if b.Worst >= 1 {
			t.Errorf("%s: %v %q in group %d of session %d, expected %.2f", b.Attribute, b.Count, b.Value, b.Group, b.Session, b.Expected)
		}
		t.Logf("%s: worst gap %.2f, cost %.2f", b.Attribute, b.Worst, b.Cost)
	}
	// Recount one attribute by hand: the worst gap is what it says.
	b := plan.Score.Balance[2]
	grp := plan.Sessions[b.Session].Groups[b.Group]
	count := 0
	for _, id := range grp {
		for _, p := range g.People {
			if p.ID == id && p.Attributes["language"] == b.Value {
				count++
			}
		}
	}
	total := 0
	for _, p := range g.People {
		if p.Attributes["language"] == b.Value {
			total++
		}
	}
	if count != b.Count || math.Abs(b.Expected-float64(total*len(grp))/24) > 1e-9 {
		t.Errorf("language recount: %d of %q (share %.2f), score says %+v", count, b.Value, float64(total*len(grp))/24, b)
	}
	t.Logf("sample in %v", took)

	// Balancing only what is asked.
	g.Balance = []string{"language"}
	plan, err = g.Form()
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Score.Balance) != 1 || plan.Score.Balance[0].Attribute != "language" || plan.Score.Balance[0].Worst >= 1 {
		t.Errorf("language only: %+v", plan.Score.Balance)
	}
}

func TestFormKeepApart(t *testing.T) {
	people := grpPeople(24)
	id := func(i int) uuid.UUID { return people[i].ID }
	cases := []struct {
		name  string
		n     int
		size  int
		pairs [][2]int
	}{
		{"a few", 24, 4, [][2]int{{0, 1}, {2, 3}, {1, 5}, {23, 0}}},
		{"one person apart from most", 12, 4, [][2]int{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {0, 6}, {0, 7}}},
		{"a chain", 10, 5, [][2]int{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}}},
		{"two groups, bipartite", 8, 4, [][2]int{{0, 4}, {0, 5}, {1, 6}, {2, 7}, {3, 4}}},
		{"a clique as big as the number of groups", 12, 4, [][2]int{{0, 1}, {0, 2}, {1, 2}, {3, 4}, {3, 5}, {4, 5}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := evaluation.Grouping{People: people[:c.n], Size: c.size, Seed: 3}
			for _, pr := range c.pairs {
				g.KeepApart = append(g.KeepApart, evaluation.Pair{A: id(pr[0]), B: id(pr[1])})
			}
			plan, err := g.Form()
			if err != nil {
				t.Fatal(err)
			}
			grpInvariants(t, g, plan)
		})
	}
}

func TestFormKeepApartImpossible(t *testing.T) {
	people := grpPeople(8)
	id := func(i int) uuid.UUID { return people[i].ID }
	pair := func(a, b int) evaluation.Pair { return evaluation.Pair{A: id(a), B: id(b)} }
	cases := []struct {
		name  string
		n     int
		pairs []evaluation.Pair
		want  []evaluation.Pair // the minimal conflict named
	}{
		{"one group", 5, []evaluation.Pair{pair(3, 1)}, []evaluation.Pair{pair(1, 3)}},
		{"three apart in two groups", 8,
			[]evaluation.Pair{pair(6, 7), pair(0, 1), pair(1, 2), pair(2, 0), pair(4, 5)},
			[]evaluation.Pair{pair(0, 1), pair(0, 2), pair(1, 2)}},
		// Person 0 needs three companions in a group of four; with five
		// people kept from them only two remain. Any five of the six pairs
		// already make it impossible; the named set is minimal.
		{"someone apart from nearly everyone", 8,
			[]evaluation.Pair{pair(0, 1), pair(0, 2), pair(0, 3), pair(0, 4), pair(0, 5), pair(0, 6)},
			[]evaluation.Pair{pair(0, 2), pair(0, 3), pair(0, 4), pair(0, 5), pair(0, 6)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := evaluation.Grouping{People: people[:c.n], KeepApart: c.pairs}
			_, err := g.Form()
			var kae *evaluation.KeepApartError
			if !errors.Is(err, evaluation.ErrKeepApart) || !errors.As(err, &kae) {
				t.Fatalf("err = %v, want a KeepApartError", err)
			}
			if !kae.Proven || !slices.Equal(kae.Pairs, c.want) {
				t.Errorf("named %v (proven %v), want %v", kae.Pairs, kae.Proven, c.want)
			}
			for _, p := range c.want {
				if !strings.Contains(err.Error(), p.A.String()+" and "+p.B.String()) {
					t.Errorf("message %q does not name %v", err, p)
				}
			}
			t.Log(err)
		})
	}
}

func TestFormRefuses(t *testing.T) {
	people := grpPeople(10)
	cases := []struct {
		name string
		g    evaluation.Grouping
		want string
		is   error
	}{
		{"size too big", evaluation.Grouping{People: people, Size: 7}, "between 3 and 6", evaluation.ErrGroupSize},
		{"size too small", evaluation.Grouping{People: people, Size: 2}, "between 3 and 6", evaluation.ErrGroupSize},
		{"too few", evaluation.Grouping{People: people[:2]}, "at least 3", evaluation.ErrTooFew},
		{"twice", evaluation.Grouping{People: append(slices.Clone(people), people[4])}, "listed twice", nil},
		{"stranger", evaluation.Grouping{People: people, KeepApart: []evaluation.Pair{{A: people[0].ID, B: grpID(99)}}}, "not a participant", nil},
		{"self", evaluation.Grouping{People: people, KeepApart: []evaluation.Pair{{A: people[0].ID, B: people[0].ID}}}, "twice", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.g.Form()
			if err == nil || !strings.Contains(err.Error(), c.want) || (c.is != nil && !errors.Is(err, c.is)) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}

func TestFormDeterministic(t *testing.T) {
	g := evaluation.Grouping{People: grpSample(), Seed: 42,
		KeepApart: []evaluation.Pair{{A: grpID(0), B: grpID(1)}}}
	a, err := g.Form()
	if err != nil {
		t.Fatal(err)
	}
	b, err := g.Form()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different groups")
	}
	differ := false
	for seed := uint64(43); seed < 48 && !differ; seed++ {
		g.Seed = seed
		c, err := g.Form()
		if err != nil {
			t.Fatal(err)
		}
		grpInvariants(t, g, c)
		differ = !reflect.DeepEqual(a.Sessions, c.Sessions)
	}
	if !differ {
		t.Error("five other seeds all gave the same groups")
	}
}

func TestFormSessions(t *testing.T) {
	for _, names := range [][]string{{"only"}, {"work", "involvement", "third"}} {
		g := evaluation.Grouping{People: grpPeople(24), Sessions: names, Seed: 1}
		plan, err := g.Form()
		if err != nil {
			t.Fatal(err)
		}
		grpInvariants(t, g, plan)
		// 24 in fours admits three sessions without a repeat (a resolvable
		// design is easy at this density): the search should find one.
		if plan.Score.RepeatCount != 0 {
			t.Errorf("%v: %d repeats", names, plan.Score.RepeatCount)
		}
	}
}

func TestFormAllSizes(t *testing.T) {
	for n := 6; n <= 40; n++ {
		for _, size := range []int{3, 4, 5, 6} {
			g := evaluation.Grouping{People: grpPeople(n), Size: size, Seed: uint64(n)}
			plan, err := g.Form()
			if err != nil {
				t.Fatalf("%d around %d: %v", n, size, err)
			}
			grpInvariants(t, g, plan)
		}
	}
}

func TestCheckHandEdits(t *testing.T) {
	people := grpSample()
	g := evaluation.Grouping{People: people, Seed: 5, KeepApart: []evaluation.Pair{{A: people[0].ID, B: people[1].ID}}}
	plan, err := g.Form()
	if err != nil {
		t.Fatal(err)
	}
	where := func(s int, id uuid.UUID) int {
		for j, grp := range plan.Sessions[s].Groups {
			if slices.Contains(grp, id) {
				return j
			}
		}
		return -1
	}
	clone := func() []evaluation.Session {
		out := slices.Clone(plan.Sessions)
		for s := range out {
			out[s].Groups = slices.Clone(out[s].Groups)
			for j := range out[s].Groups {
				out[s].Groups[j] = slices.Clone(out[s].Groups[j])
			}
		}
		return out
	}

	// The committee swaps person 1 into person 0's group in session 0.
	edited := clone()
	j0, j1 := where(0, people[0].ID), where(0, people[1].ID)
	other := edited[0].Groups[j0][0]
	if other == people[0].ID {
		other = edited[0].Groups[j0][1]
	}
	edited[0].Groups[j0][slices.Index(edited[0].Groups[j0], other)] = people[1].ID
	edited[0].Groups[j1][slices.Index(edited[0].Groups[j1], people[1].ID)] = other
	sc := g.Check(edited)
	if len(sc.KeepApart) != 1 || sc.KeepApart[0] != (evaluation.Violation{Pair: evaluation.Pair{A: people[0].ID, B: people[1].ID}, Session: 0, Group: j0}) {
		t.Errorf("keep-apart after edit: %+v", sc.KeepApart)
	}
	if sc.Valid() || !sc.Even() || len(sc.Misplaced) != 0 {
		t.Errorf("valid %v even %v misplaced %v", sc.Valid(), sc.Even(), sc.Misplaced)
	}
	if sc.RepeatCount != grpRepeats(edited) {
		t.Errorf("repeats %d, counted %d", sc.RepeatCount, grpRepeats(edited))
	}

	// Someone moved into a group without a swap: sizes 5 and 3.
	edited = clone()
	mover := edited[1].Groups[0][0]
	edited[1].Groups[0] = edited[1].Groups[0][1:]
	edited[1].Groups[1] = append(edited[1].Groups[1], mover)
	sc = g.Check(edited)
	if sc.Even() || sc.Valid() || sc.Sizes[1].Min != 3 || sc.Sizes[1].Max != 5 || sc.Sizes[1].Sizes[0] != 3 {
		t.Errorf("sizes after move: %+v", sc.Sizes)
	}

	// A repeat on purpose: the first group of session 0 again in session 1.
	edited = clone()
	first := edited[0].Groups[0]
	for j := range edited[1].Groups {
		edited[1].Groups[j] = slices.DeleteFunc(edited[1].Groups[j], func(id uuid.UUID) bool { return slices.Contains(first, id) })
	}
	edited[1].Groups = append(edited[1].Groups, slices.Clone(first))
	sc = g.Check(edited)
	if sc.RepeatCount != 6 || len(sc.Repeats) != 6 || !slices.Equal(sc.Repeats[0].Sessions, []int{0, 1}) {
		t.Errorf("repeats %d: %+v", sc.RepeatCount, sc.Repeats)
	}

	// Missing, twice, unknown.
	edited = clone()
	gone := edited[0].Groups[2][0]
	edited[0].Groups[2] = edited[0].Groups[2][1:]
	edited[1].Groups[0] = append(edited[1].Groups[0], edited[1].Groups[1][0], grpID(1000))
	sc = g.Check(edited)
	want := []evaluation.Misplacement{
		{Person: gone, Session: 0, Kind: evaluation.Missing},
		{Person: edited[1].Groups[1][0], Session: 1, Kind: evaluation.Twice},
		{Person: grpID(1000), Session: 1, Kind: evaluation.Unknown},
	}
	if !slices.Equal(sc.Misplaced, want) {
		t.Errorf("misplaced %+v, want %+v", sc.Misplaced, want)
	}
	if evaluation.Twice.String() != "twice" {
		t.Errorf("kind name %q", evaluation.Twice)
	}
}

// TestFormProperties: for random sizes 6-40, target sizes, one to three
// sessions, random attributes (some not given) and random keep-apart pairs
// that some grouping honours, everyone is placed exactly once per session,
// sizes differ by at most one, keep-apart pairs are apart, and Check agrees
// with the score.
func TestFormProperties(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(6, 40).Draw(rt, "n")
		size := rapid.IntRange(3, 6).Draw(rt, "size")
		sessions := rapid.IntRange(1, 3).Draw(rt, "sessions")
		people := grpPeople(n)
		attr := rapid.SampledFrom([]string{"", "a", "b", "c"})
		for i := range people {
			people[i].Attributes = map[string]string{
				"category": attr.Draw(rt, "category"),
				"language": attr.Draw(rt, "language"),
			}
		}
		// Feasible keep-apart pairs: a hidden grouping with the right
		// sizes, and pairs only across its groups.
		sizes, err := evaluation.Sizes(n, size)
		if err != nil {
			rt.Fatal(err)
		}
		perm := rapid.Permutation(grpSeq(n)).Draw(rt, "hidden")
		hidden := make([]int, n)
		pos := 0
		for j, z := range sizes {
			for range z {
				hidden[perm[pos]] = j
				pos++
			}
		}
		var pairs []evaluation.Pair
		for range rapid.IntRange(0, n).Draw(rt, "pairs") {
			a := rapid.IntRange(0, n-1).Draw(rt, "a")
			b := rapid.IntRange(0, n-1).Draw(rt, "b")
			if hidden[a] != hidden[b] {
				pairs = append(pairs, evaluation.Pair{A: people[a].ID, B: people[b].ID})
			}
		}
		g := evaluation.Grouping{People: people, Size: size, KeepApart: pairs,
			Sessions: evaluation.DefaultSessions(), Seed: rapid.Uint64().Draw(rt, "seed")}
		for len(g.Sessions) < sessions {
			g.Sessions = append(g.Sessions, fmt.Sprintf("s%d", len(g.Sessions)))
		}
		g.Sessions = g.Sessions[:sessions]
		plan, err := g.Form()
		if err != nil {
			rt.Fatalf("Form: %v", err)
		}
		grpInvariants(rt, g, plan)
	})
}

func grpSeq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// grpRace is true under the race detector, which slows the search tenfold:
// timings are only asserted without it.
var grpRace = func() bool {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range info.Settings {
		if s.Key == "-race" && s.Value == "true" {
			return true
		}
	}
	return false
}()
