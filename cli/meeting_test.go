package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/konbit/konbit/sqlite"
)

// clockAt runs commands with the store's clock set to at, so that "today"
// is a known day.
type clockAt struct {
	t  *testing.T
	at time.Time
	d  string
}

func newClock(t *testing.T, date string) *clockAt {
	at, err := time.ParseInLocation("2006-01-02 15:04", date+" 10:00", time.Local)
	if err != nil {
		t.Fatal(err)
	}
	return &clockAt{t: t, at: at, d: t.TempDir()}
}

func (c *clockAt) run(args ...string) result {
	c.t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, Store: sqlite.Options{Synchronous: "OFF", Now: func() time.Time { return c.at }}, KeyParams: testKeyParams()}
	code := Run(context.Background(), append([]string{"--data", c.d}, args...), env)
	return result{code, out.String(), errb.String()}
}

func (c *clockAt) must(args ...string) string {
	c.t.Helper()
	r := c.run(args...)
	if r.code != 0 {
		c.t.Fatalf("konbit %v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// id runs a command that prints an id first and returns it.
func (c *clockAt) id(args ...string) string {
	c.t.Helper()
	return strings.Fields(c.must(args...))[0]
}

// refused checks that a command fails with the code and a message
// containing want, and that the database is unchanged.
func (c *clockAt) refused(code int, want string, args ...string) {
	c.t.Helper()
	before := c.must("dump")
	r := c.run(args...)
	if r.code != code || !strings.Contains(r.stderr, want) {
		c.t.Errorf("konbit %v: exit %d, stderr %q; want exit %d and %q", args, r.code, r.stderr, code, want)
	}
	if after := c.must("dump"); after != before {
		c.t.Errorf("konbit %v was refused but changed the database", args)
	}
}

func decodeJSON[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return v
}

func hasKeys(t *testing.T, what string, obj map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := obj[k]; !ok {
			t.Errorf("%s lacks %q: %v", what, k, obj)
		}
	}
}

func TestMeetingNewAndList(t *testing.T) {
	c := newClock(t, "2024-05-06")
	vente := c.id("committee", "add", "Vente")
	id := c.must("meeting", "new", "--template", "weekly-production")
	if strings.Count(id, "\n") != 1 || len(strings.TrimSpace(id)) != 36 {
		t.Fatalf("meeting new should print just the id: %q", id)
	}
	id = strings.TrimSpace(id)
	cid := strings.TrimSpace(c.must("meeting", "new", "--template", "committee", "--body", "vente", "--date", "2024-05-08", "--time", "14:00", "--title", "Ventes de mai"))

	list := decodeJSON[[]map[string]any](t, c.must("meeting", "list", "--format", "json"))
	if len(list) != 2 {
		t.Fatalf("list: %v", list)
	}
	for _, m := range list {
		hasKeys(t, "meeting", m, "id", "date", "title", "template", "body", "body_name", "time", "status")
	}
	// Newest first.
	if list[0]["id"] != cid || list[0]["body"] != vente || list[0]["body_name"] != "Vente" || list[0]["title"] != "Ventes de mai" ||
		list[0]["date"] != "2024-05-08" || list[0]["time"] != "14:00" || list[0]["template"] != "committee" {
		t.Errorf("committee meeting: %v", list[0])
	}
	if list[1]["id"] != id || list[1]["body"] != "" || list[1]["date"] != "2024-05-06" || list[1]["template"] != "weekly-production" || list[1]["status"] != "planned" {
		t.Errorf("weekly meeting (date from the clock): %v", list[1])
	}
	if tbl := c.must("meeting", "list"); !strings.Contains(tbl, "Ventes de mai") || !strings.Contains(tbl, "work collective") || !strings.HasPrefix(tbl, "ID  ") {
		t.Errorf("table:\n%s", tbl)
	}

	c.refused(ExitError, `unknown template "weekly"`, "meeting", "new", "--template", "weekly")
	c.refused(ExitError, "not a date", "meeting", "new", "--template", "blank", "--date", "2024-02-30")
	c.refused(ExitError, "not a time of day", "meeting", "new", "--template", "blank", "--time", "25:00")
	c.refused(ExitError, `no committee "Nope"`, "meeting", "new", "--template", "blank", "--body", "Nope")
	c.refused(ExitUsage, "--template", "meeting", "new")
	c.refused(ExitUsage, "does not take --late", "meeting", "new", "--template", "blank", "--late", "10:00")
	c.refused(ExitUsage, "--format", "meeting", "list", "--format", "xml")
	c.refused(ExitError, `no meeting "nope"`, "meeting", "show", "nope")
}

func TestMeetingAttendSpeakShow(t *testing.T) {
	c := newClock(t, "2024-05-06")
	ana := c.id("member", "add", "Ana", "Lopez")
	bruno := c.id("member", "add", "Bruno")
	carla := c.id("member", "add", "Carla")
	m := c.id("meeting", "new", "--template", "weekly-production", "--time", "09:00")

	// By unique id prefix and by exact name (case ignored).
	c.must("meeting", "attend", m[:13], ana[:30], "bruno")
	if out := c.must("meeting", "attend", m, "Carla", "--late", "09:20"); !strings.Contains(out, "late (arrived 09:20)") {
		t.Errorf("late: %s", out)
	}
	c.refused(ExitError, `no member "Zoé"`, "meeting", "attend", m, "Ana Lopez", "Zoé", "--excused")
	c.refused(ExitUsage, "exclude", "meeting", "attend", m, "Ana Lopez", "--late", "09:30", "--excused")
	c.refused(ExitError, "not a time of day", "meeting", "attend", m, "Ana Lopez", "--late", "half past nine")

	c.must("meeting", "speak", m, "Ana Lopez", "--start", "09:05", "--duration", "90s", "--item", "1")
	c.must("meeting", "speak", m, ana, "--start", "09:10:30", "--duration", "2m30s", "--kind", "response")
	c.must("meeting", "speak", m, "Bruno", "--start", "09:12", "--duration", "1m", "--kind", "point-of-order", "--item", "2")
	for _, bad := range []struct {
		want string
		args []string
	}{
		{"more than zero", []string{"--duration", "-5s"}},
		{"more than zero", []string{"--duration", "0s"}},
		{"timer left running", []string{"--duration", "5h"}},
		{"not a duration", []string{"--duration", "abc"}},
		{"not a time of day", []string{"--duration", "1m", "--start", "9h"}},
		{"position in the agenda", []string{"--duration", "1m", "--item", "9"}},
		{"position in the agenda", []string{"--duration", "1m", "--item", "0"}},
		{"want normal, point-of-order or response", []string{"--duration", "1m", "--kind", "shout"}},
	} {
		args := append([]string{"meeting", "speak", m, "Ana Lopez", "--start", "09:00"}, bad.args...)
		c.refused(ExitError, bad.want, args...)
	}
	c.refused(ExitError, `no member "Zoé"`, "meeting", "speak", m, "Zoé", "--start", "09:00", "--duration", "1m")
	c.refused(ExitError, "no meeting", "meeting", "speak", bruno, "Ana Lopez", "--start", "09:00", "--duration", "1m")
	c.refused(ExitUsage, "--duration", "meeting", "speak", m, "Ana Lopez", "--start", "09:00")

	type show struct {
		ID     string `json:"id"`
		Agenda []struct {
			Position       int    `json:"position"`
			Type           string `json:"type"`
			Title          string `json:"title"`
			Presenter      string `json:"presenter"`
			TimeboxSeconds int64  `json:"timebox_seconds"`
		} `json:"agenda"`
		Attendance []struct {
			Member, Name, Status, Arrived string
		} `json:"attendance"`
		Roles    []map[string]any `json:"roles"`
		Speaking []struct {
			Member  string  `json:"member"`
			Name    string  `json:"name"`
			Turns   int     `json:"turns"`
			Seconds float64 `json:"seconds"`
		} `json:"speaking"`
		Decisions []map[string]any `json:"decisions"`
	}
	raw := c.must("meeting", "show", m, "--format", "json")
	s := decodeJSON[show](t, raw)
	keys := decodeJSON[map[string]any](t, raw)
	hasKeys(t, "meeting show", keys, "id", "title", "date", "agenda", "attendance", "roles", "speaking", "decisions")
	if s.ID != m || len(s.Agenda) < 2 || s.Agenda[0].Position != 1 || s.Agenda[0].Title == "" || s.Agenda[0].TimeboxSeconds <= 0 {
		t.Errorf("agenda: %+v", s.Agenda)
	}
	if len(s.Attendance) != 3 || s.Attendance[0].Name != "Ana Lopez" || s.Attendance[0].Status != "present" ||
		s.Attendance[2].Member != carla || s.Attendance[2].Status != "late" || s.Attendance[2].Arrived != "09:20" {
		t.Errorf("attendance: %+v", s.Attendance)
	}
	if s.Roles == nil || s.Decisions == nil {
		t.Errorf("empty lists should be [] not null:\n%s", raw)
	}
	// Totals per person, most time first; Carla, present, has not spoken.
	if len(s.Speaking) != 3 || s.Speaking[0].Member != ana || s.Speaking[0].Turns != 2 || s.Speaking[0].Seconds != 240 ||
		s.Speaking[1].Name != "Bruno" || s.Speaking[1].Seconds != 60 || s.Speaking[2].Name != "Carla" || s.Speaking[2].Turns != 0 {
		t.Errorf("speaking: %+v", s.Speaking)
	}
	tbl := c.must("meeting", "show", m)
	for _, want := range []string{"AGENDA", "ATTENDANCE", "Carla", "09:20", "SPEAKING", "4m0s"} {
		if !strings.Contains(tbl, want) {
			t.Errorf("show lacks %q:\n%s", want, tbl)
		}
	}
}

func TestRoles(t *testing.T) {
	c := newClock(t, "2024-05-06")
	for _, n := range []string{"Ana", "Bruno", "Carla"} {
		c.must("member", "add", n)
	}
	m := c.id("meeting", "new", "--template", "monthly-reflection")
	c.refused(ExitError, "nobody is marked present", "roles", "suggest", m)
	c.must("meeting", "attend", m, "Ana", "Bruno", "Carla")

	type role struct {
		Role, Member, Name, Reason string
	}
	sug := decodeJSON[[]role](t, c.must("roles", "suggest", m, "--format", "json"))
	for _, o := range decodeJSON[[]map[string]any](t, c.must("roles", "suggest", m, "--format", "json")) {
		hasKeys(t, "suggestion", o, "role", "member", "name", "reason")
	}
	if len(sug) != 6 || sug[0].Role != "facilitator" || sug[0].Member == "" || sug[0].Name == "" || sug[0].Reason != "never facilitated" {
		t.Fatalf("suggest: %+v", sug)
	}
	if sug[5].Member != "" || !strings.Contains(sug[5].Reason, "already has a role") {
		t.Errorf("with 3 present, the last roles get nobody: %+v", sug[5])
	}
	if before := c.must("dump"); c.must("roles", "suggest", m) == "" || c.must("dump") != before {
		t.Error("suggest must not write")
	}

	got := decodeJSON[[]role](t, c.must("roles", "assign", m, "--suggested", "--format", "json"))
	if len(got) != 3 || got[0] != sug[0] || got[2] != sug[2] {
		t.Fatalf("assign --suggested: %+v, suggested %+v", got, sug)
	}
	r := c.run("roles", "assign", m, "mood-watcher", got[0].Name, "--format", "json")
	one := decodeJSON[[]role](t, r.stdout)
	if r.code != 0 || len(one) != 1 || one[0].Role != "mood-watcher" || one[0].Member != got[0].Member || !strings.Contains(r.stderr, "also holds facilitator") {
		t.Errorf("assign by hand: %+v", r)
	}
	c.refused(ExitError, "the roles are facilitator, note-taker", "roles", "assign", m, "boss", "Ana")
	c.refused(ExitError, `no member "Zoé"`, "roles", "assign", m, "facilitator", "Zoé")
	c.refused(ExitUsage, "--suggested or ROLE MEMBER", "roles", "assign", m)
	c.refused(ExitUsage, "unknown roles subcommand", "roles", "draw", m)

	type show struct {
		Roles []role `json:"roles"`
	}
	held := decodeJSON[show](t, c.must("meeting", "show", m, "--format", "json")).Roles
	if len(held) != 4 || held[0].Role != "facilitator" || held[0].Reason != "never facilitated" || held[3].Role != "mood-watcher" || held[3].Reason != "" {
		t.Errorf("roles in show: %+v", held)
	}
}

func TestMembershipCheck(t *testing.T) {
	c := newClock(t, "2024-06-03")
	ana := c.id("member", "add", "Ana")
	c.must("member", "add", "Bruno")
	c.must("member", "add", "Board", "Person", "--category", "external")
	c.must("member", "add", "Newcomer")
	old := c.id("meeting", "new", "--template", "weekly-production", "--date", "2024-04-29")
	recent := c.id("meeting", "new", "--template", "weekly-production", "--date", "2024-05-27")
	c.must("meeting", "attend", old, "Ana", "Bruno")
	c.must("meeting", "attend", recent, "Bruno")
	c.must("meeting", "attend", recent, "Newcomer", "--excused")

	type absentee struct {
		Member       string `json:"member"`
		Name         string `json:"name"`
		LastAttended string `json:"last_attended"`
	}
	raw := c.must("membership-check", "--format", "json")
	for _, o := range decodeJSON[[]map[string]any](t, raw) {
		hasKeys(t, "absentee", o, "member", "name", "last_attended")
	}
	// Ana: 5 weeks away; Bruno came a week ago; the external board member
	// is not in the work collective; an excuse is still an absence.
	got := decodeJSON[[]absentee](t, raw)
	want := []absentee{{ana, "Ana", "2024-04-29"}, {Name: "Newcomer"}}
	if len(got) != 2 || got[0] != want[0] || got[1].Name != "Newcomer" || got[1].LastAttended != "" {
		t.Fatalf("membership check: %+v, want %+v", got, want)
	}
	// On 2024-05-20, Ana and Bruno had come three weeks before.
	if got := decodeJSON[[]absentee](t, c.must("membership-check", "--date", "2024-05-20", "--format", "json")); len(got) != 1 || got[0].Name != "Newcomer" {
		t.Errorf("on 2024-05-20: %+v", got)
	}
	if tbl := c.must("membership-check"); !strings.Contains(tbl, "Ana") || !strings.Contains(tbl, "2024-04-29") || !strings.Contains(tbl, "never") || strings.Contains(tbl, "Bruno") {
		t.Errorf("table:\n%s", tbl)
	}
	c.refused(ExitError, "not a date", "membership-check", "--date", "03/06/2024")
	if out := c.must("membership-check", "--date", "2020-01-01", "--format", "json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("no meeting yet: %q", out)
	}
}

func TestDemoAddsHistory(t *testing.T) {
	c := newClock(t, "2024-06-03")
	out := c.must("demo")
	if !strings.Contains(out, "26 members, 13 committees") || !strings.Contains(out, "added 52 weeks of meetings") {
		t.Fatalf("demo: %s", out)
	}
	list := decodeJSON[[]map[string]any](t, c.must("meeting", "list", "--format", "json"))
	if len(list) < 52 {
		t.Fatalf("a year of weekly meetings at least, got %d", len(list))
	}
	if d, _ := list[0]["date"].(string); d >= "2024-06-03" || d < "2024-05-20" {
		t.Errorf("the history should end just before today (the clock's): newest %v", list[0])
	}
	if d, _ := list[len(list)-1]["date"].(string); d > "2023-06-10" {
		t.Errorf("the history should start a year back: oldest %v", list[len(list)-1])
	}
	// Role suggestions now have history to be fair with.
	m := c.id("meeting", "new", "--template", "weekly-production")
	c.must("meeting", "attend", m, "Albert", "Antoine", "Chris")
	if s := c.must("roles", "suggest", m); !strings.Contains(s, "in the last") && !strings.Contains(s, "never") {
		t.Errorf("suggest after demo:\n%s", s)
	}
}
