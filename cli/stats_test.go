package cli

import (
	"bytes"
	"encoding/csv"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two meetings typed in, the hand-computed case of the domain's tests:
//
//	2011-01-10 monthly reflection: Ana 60 s in two turns, Bob 30 s,
//	Chloé present and silent; 90 s among 3, 30 s each if equal.
//	2011-02-14 weekly meeting: Ana 10 s, Dan 30 s, Bob (not marked)
//	20 s; 60 s among 3, 20 s each if equal.
//
// Totals: 150 s; Ana 70 (equal 50), Bob 50 (50), Dan 30 (20), Chloé 0
// (30). Gini: (4/9·90 + 2/9·60) / 150 = 16/45.
func TestSpeakingStats(t *testing.T) {
	c := newClock(t, "2011-03-01")
	c.must("member", "add", "Ana", "--category", "salaried", "--lang", "fr", "--gender", "femme")
	c.must("member", "add", "Bob", "--category", "salaried", "--lang", "en,fr")
	c.must("member", "add", "Chloé", "--category", "freelancer", "--lang", "fr", "--gender", "femme")
	c.must("member", "add", "Dan", "--category", "salaried", "--lang", "en", "--gender", "homme")
	c.must("committee", "add", "Ventes")
	m1 := c.id("meeting", "new", "--template", "monthly-reflection", "--date", "2011-01-10", "--time", "13:30")
	m2 := c.id("meeting", "new", "--template", "weekly-production", "--date", "2011-02-14", "--time", "10:00")
	c.must("meeting", "attend", m1, "Ana", "Bob")
	c.must("meeting", "attend", m1, "Chloé", "--late", "13:40")
	c.must("meeting", "attend", m2, "Ana", "Dan")
	for _, s := range [][]string{
		{m1, "Ana", "13:31", "30s"}, {m1, "Bob", "13:32", "30s"}, {m1, "Ana", "13:33", "30s"},
		{m2, "Ana", "10:01", "10s"}, {m2, "Dan", "10:02", "30s"}, {m2, "Bob", "10:03", "20s"},
	} {
		c.must("meeting", "speak", s[0], s[1], "--start", s[2], "--duration", s[3])
	}

	type row struct {
		Key, Name      string
		People         int
		Seconds        float64
		Turns          int
		Share          float64
		EqualShare     float64 `json:"equal_share"`
		Meetings       int
		SilentMeetings int `json:"silent_meetings"`
	}
	type report struct {
		Gini          float64
		TopFifthShare float64 `json:"top_fifth_share"`
		Rows          []row
		Months        []struct{ Month string }
	}
	out := c.must("speaking-stats", "--format", "json")
	raw := decodeJSON[map[string]any](t, out)
	hasKeys(t, "report", raw, "gini", "rows")
	for _, r := range raw["rows"].([]any) {
		hasKeys(t, "row", r.(map[string]any), "key", "name", "people", "seconds", "turns", "share", "equal_share", "meetings", "silent_meetings")
	}
	rep := decodeJSON[report](t, out)
	want := []row{
		{Name: "Ana", People: 1, Seconds: 70, Turns: 3, Share: 70.0 / 150, EqualShare: 50.0 / 150, Meetings: 2},
		{Name: "Bob", People: 1, Seconds: 50, Turns: 2, Share: 50.0 / 150, EqualShare: 50.0 / 150, Meetings: 2},
		{Name: "Dan", People: 1, Seconds: 30, Turns: 1, Share: 30.0 / 150, EqualShare: 20.0 / 150, Meetings: 1},
		{Name: "Chloé", People: 1, Seconds: 0, Turns: 0, Share: 0, EqualShare: 30.0 / 150, Meetings: 1, SilentMeetings: 1},
	}
	if len(rep.Rows) != len(want) {
		t.Fatalf("rows: %+v", rep.Rows)
	}
	for i, w := range want {
		g := rep.Rows[i]
		w.Key = g.Key
		if g.Key == "" || g.Name != w.Name || g.People != w.People || g.Seconds != w.Seconds || g.Turns != w.Turns ||
			!closeTo(g.Share, w.Share) || !closeTo(g.EqualShare, w.EqualShare) || g.Meetings != w.Meetings || g.SilentMeetings != w.SilentMeetings {
			t.Errorf("row %d = %+v, want %+v", i, g, w)
		}
	}
	if !closeTo(rep.Gini, 16.0/45) || !closeTo(rep.TopFifthShare, 56.0/150) || len(rep.Months) != 2 {
		t.Errorf("gini %v, top fifth %v, months %v", rep.Gini, rep.TopFifthShare, rep.Months)
	}

	// Selection: the monthly meeting alone, by template name or key, by
	// date range, by body.
	for _, args := range [][]string{
		{"--template", "monthly-reflection"},
		{"--template", "Réunion de réflexion mensuelle"},
		{"--to", "2011-01-31"},
		{"--from", "2011-01-10", "--to", "2011-01-10"},
	} {
		rep := decodeJSON[report](t, c.must(append([]string{"speaking-stats", "--format", "json"}, args...)...))
		if len(rep.Rows) != 3 || rep.Rows[0].Name != "Ana" || rep.Rows[0].Seconds != 60 || !closeTo(rep.Rows[0].Share, 60.0/90) {
			t.Errorf("%v: %+v", args, rep.Rows)
		}
	}
	rep = decodeJSON[report](t, c.must("speaking-stats", "--format", "json", "--body", "Ventes"))
	if len(rep.Rows) != 0 || rep.Gini != 0 {
		t.Errorf("a committee that never met: %+v", rep)
	}
	rep = decodeJSON[report](t, c.must("speaking-stats", "--format", "json", "--body", "collective"))
	if len(rep.Rows) != 4 {
		t.Errorf("the work collective: %+v", rep.Rows)
	}

	// By gender: femme (Ana, Chloé), homme (Dan) and not given (Bob) are
	// all under 3 people: everyone is in "other".
	rep = decodeJSON[report](t, c.must("speaking-stats", "--format", "json", "--by", "gender"))
	var sum float64
	for _, r := range rep.Rows {
		sum += r.Share
		if r.People < 3 {
			t.Errorf("by gender: row %q of %d people", r.Key, r.People)
		}
	}
	if len(rep.Rows) != 1 || rep.Rows[0].Key != "other" || rep.Rows[0].People != 4 || !closeTo(sum, 1) {
		t.Errorf("by gender: %+v", rep.Rows)
	}
	// By category: salaried (Ana, Bob, Dan) stays; Chloé, the only
	// freelancer, is folded into "other" with too few, so "other" takes
	// the smallest group left, salaried: one row of 4.
	rep = decodeJSON[report](t, c.must("speaking-stats", "--format", "json", "--by", "category"))
	if len(rep.Rows) != 1 || rep.Rows[0].People != 4 || !closeTo(rep.Rows[0].Share, 1) || rep.Rows[0].Seconds != 150 {
		t.Errorf("by category: %+v", rep.Rows)
	}

	// CSV: a header and one line per person, '.' decimals.
	recs, err := csv.NewReader(strings.NewReader(c.must("speaking-stats", "--format", "csv"))).ReadAll()
	if err != nil || len(recs) != 5 || strings.Join(recs[0], ",") != "key,name,people,seconds,turns,share,equal_share,meetings,silent_meetings" ||
		recs[1][1] != "Ana" || recs[1][3] != "70" || recs[1][5] != "0.466667" || recs[4][8] != "1" {
		t.Errorf("csv: %v, %v", recs, err)
	}

	// PNG, to a file and to stdout.
	path := filepath.Join(t.TempDir(), "shares.png")
	if out := c.must("speaking-stats", "--format", "png", "--by", "person", "--out", path); out != "" {
		t.Errorf("--out printed %q", out)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil || img.Bounds().Dx() != 1000 {
		t.Fatalf("png: %v", err)
	}
	if out := c.must("speaking-stats", "--format", "png", "--from", "2011-02-01"); !strings.HasPrefix(out, "\x89PNG") {
		t.Errorf("png to stdout: %q...", out[:min(8, len(out))])
	}

	// Bad input: exit 1 with a clear message; a bad or missing format is a
	// usage error.
	for _, c2 := range []struct {
		code int
		want string
		args []string
	}{
		{1, "not a date", []string{"--from", "2011-02-30"}},
		{1, "not a date", []string{"--to", "tomorrow"}},
		{1, "before --from", []string{"--from", "2011-02-01", "--to", "2011-01-01"}},
		{1, "no such meeting template", []string{"--template", "tea-party"}},
		{1, "not a committee", []string{"--body", "Chess club"}},
		{1, "--by \"height\"", []string{"--by", "height"}},
		{1, "nothing to draw", []string{"--from", "2012-01-01", "--format", "png"}},
	} {
		c.refused(c2.code, c2.want, append([]string{"speaking-stats", "--format", "json"}, c2.args...)...)
	}
	c.refused(2, "--format", "speaking-stats", "--format", "xml")
	c.refused(2, "--format", "speaking-stats")
}

func closeTo(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// The demo's statistics show the skew of the field study.
func TestSpeakingStatsOfTheDemo(t *testing.T) {
	c := newClock(t, "2011-06-01")
	c.must("demo", "--weeks", "26")
	rep := decodeJSON[struct {
		Gini float64
		Rows []struct {
			Name       string
			Share      float64
			EqualShare float64 `json:"equal_share"`
		}
	}](t, c.must("speaking-stats", "--format", "json"))
	if rep.Gini < 0.3 || len(rep.Rows) < 20 || rep.Rows[0].Share < 1.5*rep.Rows[0].EqualShare {
		t.Errorf("demo: gini %.3f, %d rows, top %+v", rep.Gini, len(rep.Rows), rep.Rows[0])
	}
}
