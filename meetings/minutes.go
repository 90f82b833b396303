package meetings

import (
	"cmp"
	"slices"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Minutes are the synthetic minutes of one meeting, built from its records
// (DOMAIN.md, "the minutes exist when the meeting ends"): who came, who
// held which role, what each item took and decided, who took on what, and
// who spoke how much. Everything is already resolved to names and labels,
// so that a renderer (Markdown, PDF, the app) needs nothing else; only
// the fixed words of the document (headings, "late", dates) are left to
// the renderer's language.
type Minutes struct {
	Meeting  Meeting
	Template string // the meeting type's name in Language, or its key
	Body     string // the committee's name, "" for the work collective
	Language string // "fr" or "en": the language the names were resolved in
	// Start and End are when the meeting ran (HH:MM in the input's time
	// zone): Start is the planned time if it was never started, End is ""
	// if it never ended.
	Start, End string

	Present []string      // sorted by name
	Late    []LateArrival // sorted by arrival, then name
	Excused []string
	Absent  []string

	Roles   []RoleLine
	Items   []MinutesItem
	Actions []ActionLine // in the order they were taken on (due date, then text)
	// Unplaced holds decisions of the meeting whose item is no longer on
	// its agenda (removed after the vote), so that none is lost.
	Unplaced []MinutesDecision

	Speaking []SpeakingRow // most time first
	// IncludeChart says whether the speaking-time summary (table and bar
	// chart) goes in the minutes. Some groups leave it out of what they
	// circulate; the choice is made when the minutes are written
	// (`konbit minutes --no-chart`), not stored with the meeting.
	IncludeChart bool
}

// LateArrival is someone who came late, with their arrival time (HH:MM,
// "" if not noted).
type LateArrival struct {
	Name    string
	Arrived string
}

// RoleLine is one facilitation role and who held it.
type RoleLine struct {
	Label string
	Name  string
}

// MinutesItem is one agenda item as it went.
type MinutesItem struct {
	Number    int // 1-based, in agenda order
	Type      ItemType
	Kind      ItemKind
	Title     string
	Session   string
	Presenter string        // "" if none
	Timebox   time.Duration // 0 if none
	Taken     time.Duration // 0 if the item was not run (or not timed)
	Notes     string
	Reports   []ReportLine // committee reports, for a round of committees
	Decisions []MinutesDecision
	// NotAdopted is the item's proposal when it ended otherwise than
	// adopted (withdrawn, postponed) or without an outcome.
	NotAdopted *ProposalLine
}

// ReportLine is what a committee reported.
type ReportLine struct {
	Committee string
	Note      string
}

// MinutesDecision is a decision as the minutes show it.
type MinutesDecision struct {
	Title      string
	Text       string // the adopted wording
	Outcome    Stage  // Adopted
	Status     DecisionStatus
	Versions   int // wordings it went through, the adopted one included
	Objections []ObjectionLine
	Tags       []string
	ReviewDate string
}

// ProposalLine is a proposal that was not adopted.
type ProposalLine struct {
	Text       string
	Outcome    Stage // Withdrawn, Postponed, or "" if left without an outcome
	Versions   int
	Objections []ObjectionLine
}

// ObjectionLine is an objection and how it was resolved.
type ObjectionLine struct {
	By         string
	Text       string
	Round      int
	Resolved   bool
	Resolution string
	How        ResolvedHow // see Objection
	At         int
}

// ActionLine is an action taken on at the meeting.
type ActionLine struct {
	Text  string
	Owner string // a member's or a committee's name
	Due   string // YYYY-MM-DD, "" if none
	Done  bool
}

// SpeakingRow is one person's speaking time at the meeting against the
// share they would have had if everyone present had spoken equally.
type SpeakingRow struct {
	Name       string
	Turns      int
	Time       time.Duration
	Share      float64 // fraction of the meeting's speaking time
	EqualShare float64 // 1 / number present
}

// MinutesInput is everything the minutes are built from, as read from the
// store. Names maps member and committee ids to names; an id missing from
// it (a member since removed) shows as the start of its id.
type MinutesInput struct {
	Meeting   Meeting
	Template  *Template // nil if unknown
	Language  string    // "" for the meeting's
	Items     []Item
	Marks     []Mark
	Roles     []Assignment
	RoleSet   RoleSet
	Proposals map[uuid.UUID]Proposal // by item id
	Decisions []Decision
	Actions   []Action // of the meeting (others are ignored)
	Reports   []Report
	Segments  []Segment
	Names     map[uuid.UUID]string
	// Location is the time zone arrival times are shown in; nil for
	// time.Local.
	Location *time.Location
}

// BuildMinutes turns a meeting's records into its minutes. It is pure:
// the same records give the same minutes.
func BuildMinutes(in MinutesInput) Minutes {
	m := in.Meeting
	lang := in.Language
	if lang == "" {
		lang = m.Language
	}
	if lang != French {
		lang = English
	}
	loc := in.Location
	if loc == nil {
		loc = time.Local
	}
	name := func(id uuid.UUID) string {
		if id == uuid.Nil {
			return ""
		}
		if n, ok := in.Names[id]; ok && n != "" {
			return n
		}
		return id.String()[:8]
	}
	out := Minutes{Meeting: m, Language: lang, IncludeChart: true, Template: m.Template}
	if in.Template != nil {
		t := in.Template
		if lang == French && t.NameFR != "" {
			out.Template = t.NameFR
		} else if t.NameEN != "" {
			out.Template = t.NameEN
		}
	}
	if !m.Collective() {
		out.Body = name(m.Body)
	}
	out.Start = m.Time
	if !m.StartedAt.IsZero() {
		out.Start = m.StartedAt.In(loc).Format(ClockLayout)
	}
	if !m.EndedAt.IsZero() {
		out.End = m.EndedAt.In(loc).Format(ClockLayout)
	}

	// Attendance.
	col := collate.New(language.French, collate.IgnoreCase, collate.IgnoreDiacritics)
	var present []uuid.UUID
	for _, mk := range in.Marks {
		if mk.Meeting != m.ID {
			continue
		}
		n := name(mk.Member)
		switch mk.Status {
		case Present:
			out.Present = append(out.Present, n)
		case Late:
			at := ""
			if !mk.Arrived.IsZero() {
				at = mk.Arrived.In(loc).Format(ClockLayout)
			}
			out.Late = append(out.Late, LateArrival{Name: n, Arrived: at})
		case Excused:
			out.Excused = append(out.Excused, n)
		case Absent:
			out.Absent = append(out.Absent, n)
		}
		if mk.Attended() {
			present = append(present, mk.Member)
		}
	}
	for _, l := range [][]string{out.Present, out.Excused, out.Absent} {
		slices.SortStableFunc(l, col.CompareString)
	}
	slices.SortStableFunc(out.Late, func(a, b LateArrival) int {
		return cmp.Or(cmp.Compare(a.Arrived, b.Arrived), col.CompareString(a.Name, b.Name))
	})

	// Roles, in the role set's order, then any others by key.
	order := map[string]int{}
	for i, k := range in.RoleSet.Keys() {
		order[k] = i
	}
	roles := slices.Clone(in.Roles)
	slices.SortStableFunc(roles, func(a, b Assignment) int {
		ia, oka := order[a.Role]
		ib, okb := order[b.Role]
		switch {
		case oka && okb:
			return cmp.Compare(ia, ib)
		case oka:
			return -1
		case okb:
			return 1
		}
		return cmp.Compare(a.Role, b.Role)
	})
	for _, a := range roles {
		if a.Meeting == m.ID && a.Member != uuid.Nil {
			out.Roles = append(out.Roles, RoleLine{Label: in.RoleSet.Label(a.Role, lang), Name: name(a.Member)})
		}
	}

	// Items, with their decisions and proposals.
	items := slices.Clone(in.Items)
	SortItems(items)
	placed := map[uuid.UUID]bool{}
	decisionsOf := map[uuid.UUID][]Decision{}
	for _, d := range in.Decisions {
		if d.Meeting == m.ID {
			decisionsOf[d.Item] = append(decisionsOf[d.Item], d)
		}
	}
	objections := func(os []Objection) []ObjectionLine {
		var out []ObjectionLine
		for _, o := range os {
			out = append(out, ObjectionLine{By: name(o.Member), Text: o.Text, Round: o.Round, Resolved: o.Resolved, Resolution: o.Resolution, How: o.How, At: o.At})
		}
		return out
	}
	decision := func(d Decision) MinutesDecision {
		return MinutesDecision{Title: d.Title, Text: d.Text, Outcome: Adopted, Status: d.Status, Versions: max(len(d.Versions), 1),
			Objections: objections(d.Objections), Tags: slices.Clone(d.Tags), ReviewDate: d.ReviewDate}
	}
	for i, it := range items {
		mi := MinutesItem{Number: i + 1, Type: it.Type, Kind: it.Kind, Title: it.Title, Session: it.Session,
			Presenter: name(it.Presenter), Timebox: it.Timebox, Notes: it.Notes}
		if !it.StartedAt.IsZero() && it.EndedAt.After(it.StartedAt) {
			mi.Taken = it.EndedAt.Sub(it.StartedAt)
		}
		for _, rep := range in.Reports {
			if rep.Meeting == m.ID && it.Kind == KindRoundCommittees && rep.Note != "" {
				mi.Reports = append(mi.Reports, ReportLine{Committee: name(rep.Committee), Note: rep.Note})
			}
		}
		slices.SortStableFunc(mi.Reports, func(a, b ReportLine) int { return col.CompareString(a.Committee, b.Committee) })
		for _, d := range decisionsOf[it.ID] {
			mi.Decisions = append(mi.Decisions, decision(d))
		}
		placed[it.ID] = true
		if p, ok := in.Proposals[it.ID]; ok && p.Outcome != Adopted && len(p.Versions) > 0 {
			mi.NotAdopted = &ProposalLine{Text: p.Text(), Outcome: p.Outcome, Versions: len(p.Versions), Objections: objections(p.Objections)}
		}
		out.Items = append(out.Items, mi)
	}
	var unplaced []Decision
	for item, ds := range decisionsOf {
		if !placed[item] {
			unplaced = append(unplaced, ds...)
		}
	}
	slices.SortFunc(unplaced, func(a, b Decision) int {
		return cmp.Or(cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID.String(), b.ID.String()))
	})
	for _, d := range unplaced {
		out.Unplaced = append(out.Unplaced, decision(d))
	}

	// Actions.
	var actions []Action
	for _, a := range in.Actions {
		if a.Meeting == m.ID {
			actions = append(actions, a)
		}
	}
	undated := func(a Action) int { // dated actions first
		if a.Due == "" {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(actions, func(a, b Action) int {
		return cmp.Or(cmp.Compare(undated(a), undated(b)), cmp.Compare(a.Due, b.Due), cmp.Compare(a.Text, b.Text))
	})
	for _, a := range actions {
		out.Actions = append(out.Actions, ActionLine{Text: a.Text, Owner: name(a.Owner), Due: a.Due, Done: a.Done})
	}

	// Speaking time.
	var segs []Segment
	for _, s := range in.Segments {
		if s.Meeting == m.ID {
			segs = append(segs, s)
		}
	}
	for _, s := range LiveShares(segs, present) {
		out.Speaking = append(out.Speaking, SpeakingRow{Name: name(s.Member), Turns: s.Turns, Time: s.Time, Share: s.Share, EqualShare: s.EqualShare})
	}
	return out
}
