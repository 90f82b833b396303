package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// The meeting commands are for scripts and for meetings held on paper and
// typed in afterwards. Every write checks all its input before it writes
// anything, so a refused command leaves the database as it was.

// meetingFlags is which flags each meeting subcommand accepts: the command
// table declares their union, and a flag meant for another subcommand is a
// usage error rather than silently ignored.
func meetingFlags(sub string) ([]string, bool) {
	switch sub {
	case "new":
		return []string{"template", "body", "date", "time", "title", "lang"}, true
	case "list", "show":
		return []string{"format"}, true
	case "attend":
		return []string{"late", "excused"}, true
	case "speak":
		return []string{"start", "duration", "item", "kind"}, true
	}
	return nil, false
}

func runMeeting(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if len(p.args) == 0 {
		return usagef("meeting needs a subcommand: new, list, show, attend or speak")
	}
	sub, args := p.args[0], p.args[1:]
	if sub == "ls" {
		sub = "list"
	}
	allowed, ok := meetingFlags(sub)
	if !ok {
		return usagef("unknown meeting subcommand %q", sub)
	}
	if err := onlyFlags(p, "meeting "+sub, allowed...); err != nil {
		return err
	}
	switch sub {
	case "new":
		return meetingNew(ctx, env, r, p, args)
	case "list":
		return meetingList(env, r, p, args)
	case "show":
		return meetingShow(ctx, env, r, p, args)
	case "attend":
		return meetingAttend(ctx, env, r, p, args)
	default:
		return meetingSpeak(ctx, env, r, p, args)
	}
}

// onlyFlags refuses the command's flags that this subcommand does not take.
func onlyFlags(p parsed, what string, allowed ...string) error {
	for name := range p.flags {
		if name != "data" && !slices.Contains(allowed, name) {
			return usagef("%s does not take --%s", what, name)
		}
	}
	return nil
}

// now reads the clock the store was given (tests inject one), so that
// "today" means the same day to the command and to its records.
func now(env *Env) time.Time {
	if env.Store.Now != nil {
		return env.Store.Now()
	}
	return time.Now()
}

// today is the local civil date of now.
func today(env *Env) string { return now(env).Local().Format(meetings.DateLayout) }

// jsonFormat reads --format: false for a table (the default), true for
// JSON, a usage error for anything else.
func jsonFormat(p parsed) (bool, error) {
	switch p.get("format") {
	case "", "table":
		return false, nil
	case "json":
		return true, nil
	}
	return false, usagef("--format %q: want table or json", p.get("format"))
}

func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// parseDate checks a YYYY-MM-DD date as typed.
func parseDate(flag, s string) (string, error) {
	if _, err := time.Parse(meetings.DateLayout, s); err != nil {
		return "", fmt.Errorf("--%s %q is not a date: use YYYY-MM-DD", flag, s)
	}
	return s, nil
}

// clockOn is a time of day typed as HH:MM (or HH:MM:SS when seconds are
// allowed) on a meeting's date, in local time.
func clockOn(flag, date, clock string, seconds bool) (time.Time, error) {
	layouts := []string{"15:04"}
	want := "HH:MM"
	if seconds {
		layouts = append(layouts, "15:04:05")
		want = "HH:MM or HH:MM:SS"
	}
	for _, l := range layouts {
		if t, err := time.ParseInLocation(meetings.DateLayout+" "+l, date+" "+clock, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("--%s %q is not a time of day: use %s", flag, clock, want)
}

// names maps member ids to names, for output; a member removed since is
// shown by id.
func names(r *replica.Replica) func(uuid.UUID) string {
	ms, _ := r.Members()
	byID := make(map[uuid.UUID]string, len(ms))
	for _, m := range ms {
		byID[m.ID] = m.Name
	}
	return func(id uuid.UUID) string {
		if id == uuid.Nil {
			return ""
		}
		if n, ok := byID[id]; ok {
			return n
		}
		return id.String()
	}
}

// bodyNames maps a meeting's body to its name: the work collective or a
// committee.
func bodyNames(r *replica.Replica) func(uuid.UUID) string {
	cs, _ := r.Committees()
	byID := make(map[uuid.UUID]string, len(cs))
	for _, c := range cs {
		byID[c.ID] = c.Name
	}
	return func(id uuid.UUID) string {
		if id == uuid.Nil {
			return "work collective"
		}
		if n, ok := byID[id]; ok {
			return n
		}
		return id.String()
	}
}

func idOrEmpty(id uuid.UUID) string {
	if id == uuid.Nil {
		return ""
	}
	return id.String()
}

func meetingNew(ctx context.Context, env *Env, r *replica.Replica, p parsed, args []string) error {
	if len(args) > 0 {
		return usagef("meeting new takes no argument (use --title TEXT)")
	}
	if !p.has("template") {
		return usagef("meeting new needs --template NAME (one of %s)", strings.Join(meetings.TemplateKeys(), ", "))
	}
	key, err := meetings.ParseTemplateKey(p.get("template"))
	if err != nil {
		return err
	}
	spec := replica.NewMeeting{Template: key, Date: today(env), Title: p.get("title"), Language: p.get("lang")}
	if p.has("date") {
		if spec.Date, err = parseDate("date", p.get("date")); err != nil {
			return err
		}
	}
	if p.has("time") {
		if _, err := time.Parse(meetings.ClockLayout, p.get("time")); err != nil {
			return fmt.Errorf("--time %q is not a time of day: use HH:MM", p.get("time"))
		}
		spec.Time = p.get("time")
	}
	if spec.Language != "" && spec.Language != meetings.French && spec.Language != meetings.English {
		return fmt.Errorf("--lang %q: want fr or en", spec.Language)
	}
	if p.has("body") {
		c, err := r.FindCommittee(p.get("body"))
		if err != nil {
			return err
		}
		spec.Body = c.ID
	}
	m, err := r.CreateMeeting(ctx, spec)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, m.ID)
	return nil
}

// meetingJSON is a meeting as `meeting list` and `meeting show` print it.
type meetingJSON struct {
	ID       string `json:"id"`
	Date     string `json:"date"`
	Time     string `json:"time"`
	Title    string `json:"title"`
	Template string `json:"template"`
	Body     string `json:"body"` // committee id, "" for the work collective
	BodyName string `json:"body_name"`
	Language string `json:"language"`
	Status   string `json:"status"`
}

func meetingOut(m meetings.Meeting, body func(uuid.UUID) string) meetingJSON {
	return meetingJSON{ID: m.ID.String(), Date: m.Date, Time: m.Time, Title: m.Title, Template: m.Template,
		Body: idOrEmpty(m.Body), BodyName: body(m.Body), Language: m.Language, Status: string(m.Status)}
}

func meetingList(env *Env, r *replica.Replica, p parsed, args []string) error {
	if len(args) > 0 {
		return usagef("meeting list takes no argument")
	}
	asJSON, err := jsonFormat(p)
	if err != nil {
		return err
	}
	ms, _ := r.Meetings()
	body := bodyNames(r)
	out := make([]meetingJSON, 0, len(ms))
	for _, m := range ms {
		out = append(out, meetingOut(m, body))
	}
	if asJSON {
		return writeJSON(env.Stdout, out)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tTIME\tTITLE\tTEMPLATE\tBODY\tSTATUS")
	for _, m := range out {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", m.ID, m.Date, dash(m.Time), m.Title, m.Template, m.BodyName, m.Status)
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// meetingDetail is `meeting show --format json`.
type meetingDetail struct {
	meetingJSON
	Agenda     []itemJSON     `json:"agenda"`
	Attendance []markJSON     `json:"attendance"`
	Roles      []roleJSON     `json:"roles"`
	Speaking   []speakingJSON `json:"speaking"`
	Decisions  []decisionJSON `json:"decisions"`
}

type itemJSON struct {
	Position       int    `json:"position"` // 1-based, as `meeting speak --item` takes it
	ID             string `json:"id"`
	Type           string `json:"type"`
	Kind           string `json:"kind"`
	Title          string `json:"title"`
	Presenter      string `json:"presenter"`
	PresenterName  string `json:"presenter_name"`
	TimeboxSeconds int64  `json:"timebox_seconds"`
	Session        string `json:"session"`
}

type markJSON struct {
	Member  string `json:"member"`
	Name    string `json:"name"`
	Status  string `json:"status"`
	Arrived string `json:"arrived"` // HH:MM for a late member, else ""
}

type speakingJSON struct {
	Member  string  `json:"member"`
	Name    string  `json:"name"`
	Turns   int     `json:"turns"`
	Seconds float64 `json:"seconds"`
	Time    string  `json:"time"`
	Share   float64 `json:"share"` // of the meeting's speaking time
}

type decisionJSON struct {
	ID         string   `json:"id"`
	Date       string   `json:"date"`
	Title      string   `json:"title"`
	Text       string   `json:"text"`
	Status     string   `json:"status"`
	Tags       []string `json:"tags"`
	ReviewDate string   `json:"review_date"`
}

func meetingShow(ctx context.Context, env *Env, r *replica.Replica, p parsed, args []string) error {
	if len(args) != 1 {
		return usagef("meeting show needs one MEETING")
	}
	asJSON, err := jsonFormat(p)
	if err != nil {
		return err
	}
	m, err := r.FindMeeting(args[0])
	if err != nil {
		return err
	}
	d, err := meetingDetails(ctx, r, m)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.Stdout, d)
	}
	return printMeeting(env.Stdout, d)
}

func meetingDetails(ctx context.Context, r *replica.Replica, m meetings.Meeting) (meetingDetail, error) {
	name := names(r)
	d := meetingDetail{meetingJSON: meetingOut(m, bodyNames(r)),
		Agenda: []itemJSON{}, Attendance: []markJSON{}, Roles: []roleJSON{}, Speaking: []speakingJSON{}, Decisions: []decisionJSON{}}
	items, _ := r.Agenda(m.ID)
	for i, it := range items {
		d.Agenda = append(d.Agenda, itemJSON{Position: i + 1, ID: it.ID.String(), Type: string(it.Type), Kind: string(it.Kind),
			Title: it.Title, Presenter: idOrEmpty(it.Presenter), PresenterName: name(it.Presenter),
			TimeboxSeconds: int64(it.Timebox / time.Second), Session: it.Session})
	}
	marks, err := r.Attendance(ctx, m.ID)
	if err != nil {
		return d, err
	}
	var present []uuid.UUID
	for _, mk := range marks {
		arrived := ""
		if mk.Status == meetings.Late && !mk.Arrived.IsZero() {
			arrived = mk.Arrived.Local().Format(meetings.ClockLayout)
		}
		d.Attendance = append(d.Attendance, markJSON{Member: mk.Member.String(), Name: name(mk.Member), Status: string(mk.Status), Arrived: arrived})
		if mk.Attended() {
			present = append(present, mk.Member)
		}
	}
	slices.SortStableFunc(d.Attendance, func(a, b markJSON) int { return strings.Compare(a.Name, b.Name) })
	d.Roles = rolesOut(r, m.ID, name)
	segs, err := r.Segments(ctx, m.ID)
	if err != nil {
		return d, err
	}
	for _, s := range meetings.LiveShares(segs, present) {
		d.Speaking = append(d.Speaking, speakingJSON{Member: s.Member.String(), Name: name(s.Member), Turns: s.Turns,
			Seconds: s.Time.Seconds(), Time: s.Time.Round(time.Second).String(), Share: s.Share})
	}
	decs, err := r.Decisions(ctx, m.ID)
	if err != nil {
		return d, err
	}
	for _, dc := range decs {
		tags := dc.Tags
		if tags == nil {
			tags = []string{}
		}
		d.Decisions = append(d.Decisions, decisionJSON{ID: dc.ID.String(), Date: dc.Date, Title: dc.Title, Text: dc.Text,
			Status: string(dc.Status), Tags: tags, ReviewDate: dc.ReviewDate})
	}
	return d, nil
}

func printMeeting(w io.Writer, d meetingDetail) error {
	when := d.Date
	if d.Time != "" {
		when += " " + d.Time
	}
	fmt.Fprintf(w, "%s\n%s, %s, template %s, %s, id %s\n", d.Title, when, d.BodyName, d.Template, d.Status, d.ID)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nAGENDA")
	fmt.Fprintln(tw, "#\tTYPE\tTITLE\tPRESENTER\tTIMEBOX")
	for _, it := range d.Agenda {
		box := "-"
		if it.TimeboxSeconds > 0 {
			box = (time.Duration(it.TimeboxSeconds) * time.Second).String()
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", it.Position, it.Type, it.Title, dash(it.PresenterName), box)
	}
	fmt.Fprintln(tw, "\nATTENDANCE")
	if len(d.Attendance) == 0 {
		fmt.Fprintln(tw, "(nobody marked yet)")
	} else {
		fmt.Fprintln(tw, "NAME\tSTATUS\tARRIVED")
	}
	for _, a := range d.Attendance {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", a.Name, a.Status, dash(a.Arrived))
	}
	fmt.Fprintln(tw, "\nROLES")
	if len(d.Roles) == 0 {
		fmt.Fprintln(tw, "(none assigned)")
	}
	for _, ro := range d.Roles {
		why := ro.Reason
		if why == "" {
			why = "chosen by hand"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", ro.Role, ro.Name, why)
	}
	fmt.Fprintln(tw, "\nSPEAKING")
	if len(d.Speaking) == 0 {
		fmt.Fprintln(tw, "(nobody present or spoken)")
	} else {
		fmt.Fprintln(tw, "NAME\tTURNS\tTIME\tSHARE")
	}
	for _, s := range d.Speaking {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%.0f%%\n", s.Name, s.Turns, s.Time, 100*s.Share)
	}
	fmt.Fprintln(tw, "\nDECISIONS")
	if len(d.Decisions) == 0 {
		fmt.Fprintln(tw, "(none)")
	}
	for _, dc := range d.Decisions {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", dc.Date, dc.Title, dc.Status)
	}
	return tw.Flush()
}

// resolveMembers finds every member named on the command line before
// anything is written: one unknown name refuses the whole command.
func resolveMembers(r *replica.Replica, refs []string) ([]uuid.UUID, []string, error) {
	var ids []uuid.UUID
	var ns []string
	for _, ref := range refs {
		m, err := r.FindMember(ref)
		if err != nil {
			return nil, nil, fmt.Errorf("%w; nobody was marked", err)
		}
		if !slices.Contains(ids, m.ID) {
			ids = append(ids, m.ID)
			ns = append(ns, m.Name)
		}
	}
	return ids, ns, nil
}

func meetingAttend(ctx context.Context, env *Env, r *replica.Replica, p parsed, args []string) error {
	if len(args) < 2 {
		return usagef("meeting attend needs MEETING and at least one MEMBER")
	}
	if p.has("late") && p.has("excused") {
		return usagef("--late and --excused exclude each other")
	}
	m, err := r.FindMeeting(args[0])
	if err != nil {
		return err
	}
	status, arrived := meetings.Present, time.Time{}
	switch {
	case p.has("late"):
		status = meetings.Late
		if arrived, err = clockOn("late", m.Date, p.get("late"), false); err != nil {
			return err
		}
	case p.has("excused"):
		status = meetings.Excused
	}
	ids, ns, err := resolveMembers(r, args[1:])
	if err != nil {
		return err
	}
	if err := r.Attend(ctx, m.ID, status, arrived, ids...); err != nil {
		return err
	}
	what := string(status)
	if status == meetings.Late {
		what += " (arrived " + arrived.Format(meetings.ClockLayout) + ")"
	}
	fmt.Fprintf(env.Stdout, "marked %s at %s: %s\n", what, m.Title, strings.Join(ns, ", "))
	return nil
}

func meetingSpeak(ctx context.Context, env *Env, r *replica.Replica, p parsed, args []string) error {
	if len(args) != 2 {
		return usagef("meeting speak needs MEETING and MEMBER")
	}
	if !p.has("start") || !p.has("duration") {
		return usagef("meeting speak needs --start HH:MM[:SS] and --duration DUR")
	}
	m, err := r.FindMeeting(args[0])
	if err != nil {
		return err
	}
	who, err := r.FindMember(args[1])
	if err != nil {
		return err
	}
	start, err := clockOn("start", m.Date, p.get("start"), true)
	if err != nil {
		return err
	}
	dur, err := time.ParseDuration(p.get("duration"))
	if err != nil {
		return fmt.Errorf("--duration %q is not a duration: write it like 90s or 2m30s", p.get("duration"))
	}
	if dur <= 0 {
		return fmt.Errorf("--duration %s: a speaking turn must last more than zero", dur)
	}
	if dur > meetings.MaxSegment {
		return fmt.Errorf("--duration %s: a speaking turn of more than %s is a timer left running", dur, meetings.MaxSegment)
	}
	kind := meetings.Normal
	if p.has("kind") {
		switch k := meetings.TurnKind(p.get("kind")); k {
		case meetings.Normal, meetings.PointOfOrder, meetings.DirectResponse:
			kind = k
		default:
			return fmt.Errorf("--kind %q: want normal, point-of-order or response", p.get("kind"))
		}
	}
	seg := meetings.Segment{Meeting: m.ID, Speaker: who.ID, Kind: kind, Start: start, Duration: dur}
	if p.has("item") {
		items, _ := r.Agenda(m.ID)
		n, err := strconv.Atoi(p.get("item"))
		if err != nil || n < 1 || n > len(items) {
			return fmt.Errorf("--item %q: want the item's position in the agenda, 1 to %d (see meeting show)", p.get("item"), len(items))
		}
		seg.Item = items[n-1].ID
	}
	seg, err = r.RecordSegment(ctx, seg)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s\n", seg.ID, who.Name, start.Format("15:04:05"), dur)
	return nil
}
