package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// evalDemo loads the sample organisation and creates a campaign of its 24
// workers, run by Omar and Lydie; it returns the data dir and campaign id.
func evalDemo(t *testing.T) (string, string) {
	t.Helper()
	d := t.TempDir()
	must(t, "--data", d, "demo", "--weeks", "0", "--no-eval")
	evalHRKeys(t, d)
	id := strings.TrimSpace(must(t, "--data", d, "eval", "new", "Évaluation 2011", "--hr", "Omar,Lydie", "--start", "2011-03-01", "--end", "2011-03-31"))
	if _, err := uuid.Parse(id); err != nil {
		t.Fatalf("eval new printed %q", id)
	}
	return d, id
}

func TestEvalGroupsJSONOnSample(t *testing.T) {
	d, id := evalDemo(t)
	out := must(t, "--data", d, "eval", "groups", "Évaluation 2011", "--format", "json")
	var got struct {
		Sessions []struct {
			Name   string     `json:"name"`
			Groups [][]string `json:"groups"`
		} `json:"sessions"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got.Sessions) != 2 || got.Sessions[0].Name != "work" || got.Sessions[1].Name != "involvement" {
		t.Fatalf("sessions %+v", got.Sessions)
	}
	together := map[[2]string]int{}
	for _, s := range got.Sessions {
		seen := map[string]int{}
		if len(s.Groups) != 6 {
			t.Fatalf("%s: %d groups", s.Name, len(s.Groups))
		}
		for _, g := range s.Groups {
			if len(g) != 4 {
				t.Fatalf("%s: group of %d", s.Name, len(g))
			}
			for i, a := range g {
				seen[a]++
				for _, b := range g[i+1:] {
					k := [2]string{min(a, b), max(a, b)}
					together[k]++
				}
			}
		}
		if len(seen) != 24 {
			t.Fatalf("%s: %d people", s.Name, len(seen))
		}
		for p, n := range seen {
			if n != 1 {
				t.Fatalf("%s: %s placed %d times", s.Name, p, n)
			}
		}
	}
	for k, n := range together {
		if n > 1 {
			t.Fatalf("%v together in both sessions", k)
		}
	}
	// Same seed, same output; the campaign is found by id prefix too.
	if again := must(t, "--data", d, "eval", "groups", id[:8], "--format", "json", "--seed", "1"); again != out {
		t.Fatal("same seed, different groups")
	}
	// Another seed explores another arrangement of 24 people.
	if other := must(t, "--data", d, "eval", "groups", id, "--format", "json", "--seed", "2"); other == out {
		t.Fatal("seed 2 gave the same groups as seed 1")
	}
}

func TestEvalTableAndList(t *testing.T) {
	d, id := evalDemo(t)
	out := must(t, "--data", d, "eval", "groups", id)
	for _, want := range []string{"0 repeated pairs", "work", "involvement", "Omar", "Geneviève"} {
		if !strings.Contains(out, want) {
			t.Fatalf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Marie-Claude") {
		t.Fatal("an external board member is in the groups")
	}
	list := must(t, "--data", d, "eval", "list")
	if !strings.Contains(list, "Évaluation 2011") || !strings.Contains(list, id[:8]) || !strings.Contains(list, "24") {
		t.Fatalf("list:\n%s", list)
	}
	var js []map[string]any
	if err := json.Unmarshal([]byte(must(t, "--data", d, "eval", "list", "--format", "json")), &js); err != nil || len(js) != 1 || js[0]["id"] != id {
		t.Fatalf("list json %v %v", js, err)
	}
}

func TestEvalErrors(t *testing.T) {
	d, id := evalDemo(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"eval", "groups", "Automne"}, ExitError, "no campaign"},
		{[]string{"eval", "new", "X", "--hr", "Omar"}, ExitError, "too few HR members"},
		{[]string{"eval", "new", "X", "--hr", "Omar,Personne"}, ExitError, "no member"},
		{[]string{"eval", "new", "X", "--hr", "Omar,Lydie", "--participants", "Omar"}, ExitError, "participants"},
		{[]string{"eval", "groups", id, "--size", "6", "--keep-apart",
			"Omar:Lydie,Omar:Jenny,Omar:Heidi,Lydie:Jenny,Lydie:Heidi,Jenny:Heidi,Omar:Steve,Lydie:Steve,Jenny:Steve,Heidi:Steve"}, ExitError, "cannot keep apart"},
		{[]string{"eval", "groups", id, "--seed", "x"}, ExitUsage, "--seed"},
		{[]string{"eval", "new", "X"}, ExitUsage, "--hr"},
		{[]string{"eval"}, ExitUsage, "subcommand"},
	} {
		r := run(t, append([]string{"--data", d}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d with %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
}
