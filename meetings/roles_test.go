package meetings_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
	"pgregory.net/rapid"
)

func people(n int) []uuid.UUID {
	out := make([]uuid.UUID, n)
	for i := range out {
		out[i] = id(byte(i + 1))
	}
	return out
}

func TestSuggestPrefersNeverThenFewest(t *testing.T) {
	ana, bob, cat := id(1), id(2), id(3)
	all := []uuid.UUID{ana, bob, cat}
	history := []meetings.PastRoles{ // newest first
		{Roles: map[string]uuid.UUID{meetings.Facilitator: ana, meetings.NoteTaker: bob}, Present: all},
		{Roles: map[string]uuid.UUID{meetings.Facilitator: bob, meetings.NoteTaker: ana}, Present: all},
		{Roles: map[string]uuid.UUID{meetings.Facilitator: ana}, Present: all},
	}
	got := meetings.Suggest(history, []string{meetings.Facilitator}, all, meetings.SuggestOptions{})
	if got[0].Member != cat || got[0].Reason.Code != meetings.ReasonNever || got[0].Reason.String() != "never facilitated" {
		t.Errorf("facilitator = %+v, want cat who never facilitated", got[0])
	}
	// Between ana and bob, who took notes once each, ana did so longer ago.
	got = meetings.Suggest(history, []string{meetings.NoteTaker}, []uuid.UUID{bob, ana}, meetings.SuggestOptions{})
	if got[0].Member != ana || got[0].Reason.Code != meetings.ReasonFewest || got[0].Reason.Count != 1 {
		t.Errorf("note-taker = %+v, want ana", got[0])
	}
	if s := got[0].Reason.String(); s != "took notes 1 time in the last 3 meetings" {
		t.Errorf("reason = %q", s)
	}
	// Two roles, three people: the one without any role gets one.
	got = meetings.Suggest(history, []string{meetings.Facilitator, meetings.NoteTaker}, all, meetings.SuggestOptions{})
	if got[0].Member == got[1].Member || (got[0].Member != cat && got[1].Member != cat) {
		t.Errorf("two roles = %+v", got)
	}
	r := meetings.Reason{Code: meetings.ReasonFewest, Count: 0, Window: 10, Role: meetings.Facilitator}
	if s := r.String(); s != "facilitated 0 times in the last 10 meetings" {
		t.Errorf("reason = %q", s)
	}
}

func TestSuggestOptions(t *testing.T) {
	all := people(2)
	roles := []string{meetings.Facilitator, meetings.NoteTaker, meetings.TimeKeeper}
	got := meetings.Suggest(nil, roles, all, meetings.SuggestOptions{})
	if got[2].Member != uuid.Nil || got[2].Reason.Code != meetings.ReasonNoneLeft {
		t.Errorf("third role with two people = %+v, want nobody", got[2])
	}
	if got[0].Member != id(1) {
		t.Errorf("Draw 0 picks lowest id, got %v", got[0].Member)
	}
	got = meetings.Suggest(nil, roles, all, meetings.SuggestOptions{AllowDouble: true})
	if got[2].Member == uuid.Nil || got[0].Member == got[1].Member {
		t.Errorf("AllowDouble: %+v", got)
	}
	// Different draws choose differently among equals, each deterministically.
	seen := map[uuid.UUID]bool{}
	for draw := uint64(1); draw < 40; draw++ {
		a := meetings.Suggest(nil, roles[:1], people(5), meetings.SuggestOptions{Draw: draw})
		b := meetings.Suggest(nil, roles[:1], people(5), meetings.SuggestOptions{Draw: draw})
		if a[0].Member != b[0].Member {
			t.Fatalf("draw %d is not deterministic", draw)
		}
		seen[a[0].Member] = true
	}
	if len(seen) < 2 {
		t.Errorf("draws always pick the same person")
	}
}

func TestSuggestPairsNewcomers(t *testing.T) {
	old := people(3)
	newbie := id(9)
	history := []meetings.PastRoles{{Roles: map[string]uuid.UUID{}, Present: old}}
	present := append(slices.Clone(old), newbie)
	got := meetings.Suggest(history, []string{meetings.Facilitator, meetings.NoteTaker}, present, meetings.SuggestOptions{PairNewcomers: true})
	for _, s := range got {
		if s.Member == newbie {
			t.Errorf("newcomer given %s to hold alone", s.Role)
		}
	}
	if got[0].CoHolder != newbie || got[1].CoHolder != uuid.Nil {
		t.Errorf("co-holders = %v, %v; want newcomer with the facilitator", got[0].CoHolder, got[1].CoHolder)
	}
}

// TestSuggestIsFair: the same people, all present, taking the suggested
// roles meeting after meeting, hold each role a number of times that
// differs by at most one between any two of them.
func TestSuggestIsFair(t *testing.T) {
	allRoles := meetings.DefaultRoleSet().Keys()
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 9).Draw(t, "people")
		r := rapid.IntRange(1, min(n, len(allRoles))).Draw(t, "roles")
		rounds := rapid.IntRange(1, 60).Draw(t, "meetings")
		opts := meetings.SuggestOptions{Window: rapid.IntRange(0, 30).Draw(t, "window"), Draw: rapid.Uint64().Draw(t, "draw")}
		if opts.Window > 0 && opts.Window < n {
			opts.Window = n // a window shorter than the group cannot see a whole rotation
		}
		all := people(n)
		roles := allRoles[:r]
		var history []meetings.PastRoles
		for range rounds {
			got := meetings.Suggest(history, roles, all, opts)
			past := meetings.PastRoles{Roles: map[string]uuid.UUID{}, Present: all}
			for _, s := range got {
				if s.Member == uuid.Nil {
					t.Fatalf("role %s left empty", s.Role)
				}
				if _, dup := past.Roles[s.Role]; dup {
					t.Fatalf("role %s twice", s.Role)
				}
				past.Roles[s.Role] = s.Member
			}
			history = append([]meetings.PastRoles{past}, history...)
		}
		counts := meetings.RoleHistory(history)
		for _, role := range roles {
			lo, hi := rounds, 0
			for _, p := range all {
				c := counts[p][role]
				lo, hi = min(lo, c), max(hi, c)
			}
			if hi-lo > 1 {
				t.Fatalf("role %s held between %d and %d times", role, lo, hi)
			}
		}
	})
}

func TestRoleSetAndAssignment(t *testing.T) {
	rs := meetings.DefaultRoleSet()
	if err := rs.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := rs.Label(meetings.NoteTaker, "fr"); got != "Prise de notes" {
		t.Errorf("French label = %q", got)
	}
	if got := rs.Label("juggler", "en"); got != "juggler" {
		t.Errorf("unknown label = %q", got)
	}
	rs.Roles = append(rs.Roles, rs.Roles[0])
	if err := rs.Validate(); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("duplicate role: %v", err)
	}
	a := meetings.Assignment{Meeting: id(1), Role: meetings.Facilitator, Member: id(2)}
	if a.ID() != meetings.RoleAssignmentID(id(1), meetings.Facilitator) || a.Validate() != nil || len(a.Fields()) != 2 {
		t.Errorf("assignment %+v", a)
	}
	if (&meetings.Assignment{Role: "x"}).Validate() == nil {
		t.Error("assignment without meeting validates")
	}
}

func TestRoleSetValidate(t *testing.T) {
	def := meetings.DefaultRoleSet()
	for _, tc := range []struct {
		name  string
		roles []meetings.RoleDef
		ok    bool
	}{
		{"default", def.Roles, true},
		{"empty", nil, false},
		{"one label missing", []meetings.RoleDef{{Key: "greeter", EN: "Greeter"}}, false},
		{"no key", []meetings.RoleDef{{EN: "Greeter", FR: "Accueil"}}, false},
		{"twice", []meetings.RoleDef{{Key: "a", EN: "A", FR: "A"}, {Key: "a", EN: "B", FR: "B"}}, false},
	} {
		s := meetings.RoleSet{Roles: tc.roles}
		if err := s.Validate(); (err == nil) != tc.ok {
			t.Errorf("%s: Validate() = %v", tc.name, err)
		}
	}
}
