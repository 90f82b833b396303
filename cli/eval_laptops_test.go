package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"testing"

	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation"
)

// Three laptops: the HR committee sets a campaign up on Omar's laptop
// (Lydie, the second HR member, has her key on her own); the groups type
// their grids on three other laptops with no network, one with the
// command line and two through the screens' call (SubmitGrid); each
// laptop's bundle is carried to HR's, which sees every group complete and
// reports exactly what was typed; a laptop that relays the same bundles
// holds none of the comments; once released, a person reads their own
// report on the laptop their group used.
func TestEvalThreeLaptops(t *testing.T) {
	hr := t.TempDir()
	must(t, "--data", hr, "demo", "--weeks", "0", "--no-eval")
	hr2 := evalHRKeys(t, hr)
	l1, l2, l3, relay := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
	pairDirs(t, hr, hr2, l1, l2, l3, relay)
	must(t, "--data", hr, "eval", "new", "Trois laptops", "--hr", "Omar,Lydie", "--participants", "Omar,Lydie,Jenny,Heidi,Steve,Geneviève",
		"--start", "2011-03-01", "--end", "2011-03-31")
	must(t, "--data", hr, "eval", "groups", "Trois laptops", "--size", "3")
	for _, l := range []string{l1, l2, l3, relay} {
		carry(t, hr, l)
	}

	rs := openDirs(t, hr)
	c, err := rs[0].FindCampaign("Trois laptops")
	if err != nil {
		t.Fatal(err)
	}
	grids, _, err := rs[0].CampaignGrids(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	jennyM, err := rs[0].FindMember("Jenny")
	if err != nil {
		t.Fatal(err)
	}
	jenny := jennyM.ID
	sessions, _, err := rs[0].Groups(c.ID)
	closeAll(rs)
	if err != nil || len(sessions) != 2 || len(sessions[0].Groups) != 2 || len(sessions[1].Groups) != 2 {
		t.Fatalf("groups %+v %v", sessions, err)
	}
	gridOf := map[string]evaluation.Grid{}
	for _, g := range grids {
		gridOf[g.Session] = g
	}

	// Each group fills its grids: for itself and each peer, every
	// criterion (now and then "can't say"), a comment here and there,
	// and an overall comment; all different, all kept to compute what
	// HR must find.
	var typed []evaluation.Answer
	var comments []string
	grid := func(session string, group []uuid.UUID, withOverall bool) [][]evaluation.Answer {
		g := gridOf[session]
		var out [][]evaluation.Answer
		for i, ev := range group {
			for j, ed := range group {
				var one []evaluation.Answer
				for k, cr := range g.Criteria {
					n := len(typed) + len(one)
					a := evaluation.Answer{Campaign: c.ID, Session: session, Criterion: cr.Key, Evaluator: ev, Evaluated: ed}
					if (i*7+j*5+k*3+n)%11 == 0 && g.Scale.CantSay {
						a.CantSay = true
					} else {
						a.Score = g.Scale.Min + (i*3+j*7+k*5+n)%(g.Scale.Max-g.Scale.Min+1)
					}
					if (i+j+k)%3 == 0 {
						a.Comment = fmt.Sprintf("commentaire tapé %s %d→%d sur %s", session, i, j, cr.Key)
					}
					one = append(one, a)
				}
				if withOverall {
					one = append(one, evaluation.Answer{Campaign: c.ID, Session: session, Criterion: evaluation.OverallKey,
						Evaluator: ev, Evaluated: ed, Comment: fmt.Sprintf("avis général tapé %s %d→%d", session, i, j)})
				}
				for _, a := range one {
					typed = append(typed, a)
					if a.Comment != "" {
						comments = append(comments, a.Comment)
					}
				}
				out = append(out, one)
			}
		}
		return out
	}

	// Laptop 1, the first work group, on the command line (an overall
	// comment has no command: the screens write it).
	for _, one := range grid("work", sessions[0].Groups[0], false) {
		for _, a := range one {
			args := []string{"--data", l1, "eval", "answer", "Trois laptops", "--session", a.Session, "--criterion", a.Criterion,
				"--evaluator", a.Evaluator.String(), "--evaluated", a.Evaluated.String()}
			if a.CantSay {
				args = append(args, "--cant-say")
			} else {
				args = append(args, "--score", strconv.Itoa(a.Score))
			}
			if a.Comment != "" {
				args = append(args, "--comment", a.Comment)
			}
			must(t, args...)
		}
	}
	// The other groups through SubmitGrid, one whole grid at a time:
	// the second work group on laptop 2, the involvement groups on
	// laptops 3 and 1.
	submit := func(dir, session string, group []uuid.UUID) {
		t.Helper()
		rs := openDirs(t, dir)
		defer closeAll(rs)
		for _, one := range grid(session, group, true) {
			if err := rs[0].SubmitGrid(context.Background(), one); err != nil {
				t.Fatal(err)
			}
		}
	}
	submit(l2, "work", sessions[0].Groups[1])
	submit(l3, "involvement", sessions[1].Groups[0])
	submit(l1, "involvement", sessions[1].Groups[1])
	if len(comments) < 20 {
		t.Fatalf("only %d comments typed", len(comments))
	}

	// Each laptop's bundle goes to HR, and to a laptop that only relays.
	var bundles []string
	for i, l := range []string{l1, l2, l3} {
		b := filepath.Join(t.TempDir(), fmt.Sprintf("laptop%d.konbit", i+1))
		must(t, "--data", l, "export", "--out", b)
		bundles = append(bundles, b)
	}
	must(t, append([]string{"--data", hr, "import"}, bundles...)...)
	must(t, append([]string{"--data", relay, "import"}, bundles...)...)

	// Every group complete.
	status := must(t, "--data", hr, "eval", "status", "Trois laptops")
	groups := regexp.MustCompile(`(?m)^(work|involvement) group \d+: (\d+)/(\d+)$`).FindAllStringSubmatch(status, -1)
	if len(groups) != 4 {
		t.Fatalf("status lists %d groups, want 4:\n%s", len(groups), status)
	}
	for _, g := range groups {
		if g[2] != g[3] || g[2] == "0" {
			t.Fatalf("group incomplete: %s\n%s", g[0], status)
		}
	}

	// HR's report is what was typed: each person's, computed here from
	// the typed answers, in the HR view.
	expected := func(c *evaluation.Campaign, person uuid.UUID, view evaluation.View) evaluation.Report {
		t.Helper()
		rep, err := evaluation.PersonReport(c, grids, typed, person, view)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	var all struct {
		Reports []struct{ evaluation.Report } `json:"reports"`
	}
	if err := json.Unmarshal([]byte(must(t, "--data", hr, "eval", "report", "Trois laptops", "--format", "json")), &all); err != nil {
		t.Fatal(err)
	}
	if len(all.Reports) != len(c.Participants) {
		t.Fatalf("%d reports for %d people", len(all.Reports), len(c.Participants))
	}
	for _, got := range all.Reports {
		want := expected(&c, got.Person, evaluation.HRView)
		if !reflect.DeepEqual(got.Lines, want.Lines) || !reflect.DeepEqual(got.Comments, want.Comments) || got.Ignored != 0 {
			t.Errorf("report of %s:\n got %+v\nwant %+v", got.Person, got.Report, want)
		}
	}
	one := must(t, "--data", hr, "eval", "report", "Trois laptops", "--person", "Jenny", "--format", "json")
	var mine struct{ evaluation.Report }
	if err := json.Unmarshal([]byte(one), &mine); err != nil {
		t.Fatal(err)
	}
	want := expected(&c, jenny, evaluation.HRView)
	var peers int
	for i, l := range mine.Lines {
		if i >= len(want.Lines) || l.Peers.Count != want.Lines[i].Peers.Count || l.Peers.Mean != want.Lines[i].Peers.Mean ||
			l.Peers.CantSay != want.Lines[i].Peers.CantSay || l.Self != want.Lines[i].Self {
			t.Errorf("Jenny's line %d: %+v, want %+v", i, l, want.Lines)
		}
		peers += l.Peers.Count + l.Peers.CantSay
	}
	if len(mine.Lines) != 5 || peers != 5*2 {
		t.Errorf("Jenny: %d lines, %d peer answers; want 5 criteria with her two peers each", len(mine.Lines), peers)
	}

	// Lydie, the other HR member, reads the same on her own laptop.
	carry(t, hr, hr2)
	t.Setenv(PassphraseEnv, "lydie")
	if got := must(t, "--data", hr2, "eval", "report", "Trois laptops", "--person", "Jenny", "--format", "json"); got != one {
		t.Errorf("Lydie's laptop reports otherwise:\n%s\nwant\n%s", got, one)
	}

	// The relay holds every answer and reads none; nor do the bundles
	// carried around.
	if r := run(t, "--data", relay, "eval", "report", "Trois laptops", "--format", "json"); r.code != ExitError {
		t.Errorf("the relay reads a report: exit %d", r.code)
	}
	if st := must(t, "--data", relay, "eval", "status", "Trois laptops"); st != status {
		t.Errorf("the relay's status differs:\n%s\nwant\n%s", st, status)
	}
	assertNoneInDir(t, relay, comments...)
	for _, b := range bundles {
		assertNoneInDir(t, filepath.Dir(b), comments...)
	}

	// HR releases; the code opens Jenny's report, in her view, on the
	// laptop her work group used.
	t.Setenv(PassphraseEnv, "omar")
	var rel releaseJSON
	if err := json.Unmarshal([]byte(must(t, "--data", hr, "eval", "release", "Trois laptops", "--format", "json")), &rel); err != nil {
		t.Fatal(err)
	}
	code := ""
	for _, rc := range rel.Codes {
		if rc.Member == jenny.String() {
			code = rc.Code
		}
	}
	where := l1
	for _, m := range sessions[0].Groups[1] {
		if m == jenny {
			where = l2
		}
	}
	carry(t, hr, where)
	t.Setenv(PassphraseEnv, "")
	t.Setenv(ReportCodeEnv, code)
	if err := json.Unmarshal([]byte(must(t, "--data", where, "eval", "my-report", "Trois laptops", "--person", jenny.String())), &mine); err != nil {
		t.Fatal(err)
	}
	released := c
	released.Visibility.Released = true
	if want := expected(&released, jenny, evaluation.PersonView); !reflect.DeepEqual(mine.Lines, want.Lines) || !reflect.DeepEqual(mine.Comments, want.Comments) {
		t.Errorf("Jenny's own report:\n got %+v\nwant %+v", mine.Report, want)
	}
	assertNoneInDir(t, relay, comments...)
}
