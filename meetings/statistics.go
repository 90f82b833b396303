package meetings

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
)

// Speaking-time equity across meetings: "it is always the same people who
// speak" (DOMAIN.md, Speaking). These rules turn what the records hold
// (who was there, who spoke how long) into shares, groups and inequality
// figures. They are pure: the replica gathers the inputs with a few SQL
// aggregates, the app and the command line show the result.

// Grouping is how the rows of a statistics report are formed.
type Grouping string

// Groupings.
const (
	ByPerson    Grouping = "person"
	ByCategory  Grouping = "category"  // salaried, freelancer, external
	BySeniority Grouping = "seniority" // from the first attendance ever
	ByLanguage  Grouping = "language"  // the languages a member speaks
	ByCommittee Grouping = "committee"
	ByGender    Grouping = "gender" // self-described, where given
)

// Groupings lists the groupings in menu order.
func Groupings() []Grouping {
	return []Grouping{ByPerson, ByCategory, BySeniority, ByLanguage, ByCommittee, ByGender}
}

// ParseGrouping checks a grouping name ("" is by person).
func ParseGrouping(s string) (Grouping, error) {
	if s == "" {
		return ByPerson, nil
	}
	for _, g := range Groupings() {
		if string(g) == s {
			return g, nil
		}
	}
	names := make([]string, 0, 6)
	for _, g := range Groupings() {
		names = append(names, string(g))
	}
	return "", fmt.Errorf("unknown grouping %q: want one of %s", s, strings.Join(names, ", "))
}

// MinGroup is the smallest group shown on its own: a group of fewer people
// is folded into OtherKey, so that no one is singled out by a statistic
// that names their category, language or gender.
const MinGroup = 3

// Keys of the rows that are not a value of the grouping itself.
const (
	OtherKey    = "other"     // small groups folded together
	NotGivenKey = "not-given" // no gender, no language given
	NoCommittee = "none"      // in no committee
)

// Seniority bands, measured at the end of the selection from the first
// meeting the person ever attended.
const (
	SeniorityUnder1 = "under-1y"
	Seniority1to3   = "1-3y"
	Seniority3Plus  = "3y+"
)

// Speech is one person's speaking in one meeting.
type Speech struct {
	Turns int
	Time  time.Duration
}

// MeetingSpeech is what the statistics need of one meeting.
type MeetingSpeech struct {
	ID   uuid.UUID
	Date string // YYYY-MM-DD
	// Present lists the members marked present or late. Someone who spoke
	// without being marked was there all the same and counts as present.
	Present []uuid.UUID
	Speech  map[uuid.UUID]Speech // per speaker
}

// StatsPerson is what the groupings need to know of a person.
type StatsPerson struct {
	Member konbit.Member
	// Committees the person sits on regularly; Occasional, those they take
	// part in now and then (used only when there is no regular one).
	Committees, Occasional []uuid.UUID
	// FirstAttended is the date of the first meeting they ever attended
	// ("" if unknown: then the first in the selection).
	FirstAttended string
}

// StatsInput is the selection a report is computed over.
type StatsInput struct {
	Meetings []MeetingSpeech
	// People describes the members; a speaker missing from it (a member
	// removed since) is still counted, by id, under "not given" groups.
	People map[uuid.UUID]StatsPerson
	// CommitteeNames names committees for the rows (by committee).
	CommitteeNames map[uuid.UUID]string
	// End is the date seniority is measured at (YYYY-MM-DD); "" for the
	// date of the last meeting of the selection.
	End string
}

// StatsRow is one row of a report: a person or a group.
//
// Share is the row's part of all the speaking time of the selection.
// EqualShare is the part it would have had if, at every meeting, everyone
// present had spoken equally: for a person,
//
//	EqualShare(p) = Σ over meetings m attended by p of (T(m) / N(m)), divided by Σ over all meetings of T(m)
//
// where T(m) is the total speaking time of meeting m and N(m) the number
// of people present at it (those marked present or late, and anyone who
// spoke). Over all persons both Share and EqualShare sum to 1; a group's
// are the sums of its people's (split across committees, see
// ByCommittee), so they sum to 1 over the rows of any grouping.
//
// Meetings counts the meetings at which at least one of the row's people
// was present, SilentMeetings those of them at which none of them spoke:
// for a person, the meetings attended and those where they never spoke;
// for a group, e.g. the meetings where no woman spoke.
type StatsRow struct {
	Key                      string // member id (by person) or the group's key
	Name                     string // member's name or the group's label (English)
	People                   int    // distinct people in the row
	Time                     time.Duration
	Turns                    int
	Share, EqualShare        float64
	Meetings, SilentMeetings int
}

// MeetingEquity is the inequality of one meeting (meetings where nobody
// was marked present and nobody spoke are left out of the report).
type MeetingEquity struct {
	ID       uuid.UUID
	Date     string
	Present  int // people present (marked, or who spoke)
	Speakers int
	Time     time.Duration
	Gini     float64 // of speaking time among those present
}

// MonthEquity is the inequality of a calendar month, for trends.
type MonthEquity struct {
	Month         string // YYYY-MM
	Meetings      int    // meetings with speech
	Time          time.Duration
	Gini          float64 // as StatsReport.Gini, over the month's meetings
	TopFifthShare float64 // as StatsReport.TopFifthShare, over the month
}

// StatsReport is speaking-time equity over a selection of meetings.
type StatsReport struct {
	By     Grouping
	People int // distinct people present at least once
	Time   time.Duration
	Turns  int
	// Gini is the inequality of speaking time among those present: the
	// mean of the meetings' Gini coefficients, each weighted by its total
	// speaking time (a two-hour meeting weighs more than a ten-minute one;
	// meetings where nobody spoke are left out). 0: everyone present spoke
	// equally; near 1: one person spoke and the others listened.
	Gini float64
	// TopFifthShare is the part of all speaking time taken by the fifth of
	// the people present who spoke most (over their totals in the
	// selection; with n people the top n/5, the last one counted in
	// part: 5 people, the first; 12 people, the first two and 40 % of
	// the third).
	TopFifthShare float64
	Rows          []StatsRow
	Meetings      []MeetingEquity // in date order
	Months        []MonthEquity   // in month order, months with speech only
}

// Gini is the Gini coefficient of the values: the mean absolute difference
// between any two of them divided by twice their mean, 0 when all are
// equal (or all zero), (n-1)/n when one holds everything among n.
func Gini(values []float64) float64 {
	n := len(values)
	if n == 0 {
		return 0
	}
	xs := slices.Clone(values)
	slices.Sort(xs)
	var sum, weighted float64
	for i, x := range xs {
		sum += x
		weighted += float64(i+1) * x
	}
	if sum <= 0 {
		return 0
	}
	g := 2*weighted/(float64(n)*sum) - float64(n+1)/float64(n)
	return math.Max(0, g)
}

// TopFifthShare is the part of the total held by the top fifth of the
// values (n/5 of them, the last counted in part), 0 for no total.
func TopFifthShare(values []float64) float64 {
	xs := slices.Clone(values)
	slices.SortFunc(xs, func(a, b float64) int { return cmp.Compare(b, a) })
	var sum float64
	for _, x := range xs {
		sum += x
	}
	if sum <= 0 {
		return 0
	}
	left := float64(len(xs)) / 5
	var top float64
	for _, x := range xs {
		if left <= 0 {
			break
		}
		top += x * math.Min(1, left)
		left--
	}
	return top / sum
}

// person accumulates one person's figures over the selection.
type personAcc struct {
	id       uuid.UUID
	time     time.Duration
	turns    int
	equal    float64 // Σ T(m)/N(m), in nanoseconds
	meetings map[int]bool
	spoke    map[int]bool
	first    string
}

// BuildStats computes the report of a selection, rows grouped by by.
func BuildStats(in StatsInput, by Grouping) (StatsReport, error) {
	if _, err := ParseGrouping(string(by)); err != nil {
		return StatsReport{}, err
	}
	if by == "" {
		by = ByPerson
	}
	ms := slices.Clone(in.Meetings)
	slices.SortStableFunc(ms, func(a, b MeetingSpeech) int {
		if c := cmp.Compare(a.Date, b.Date); c != 0 {
			return c
		}
		return compareIDs(a.ID, b.ID)
	})
	rep := StatsReport{By: by}
	acc := map[uuid.UUID]*personAcc{}
	at := func(id uuid.UUID) *personAcc {
		if p, ok := acc[id]; ok {
			return p
		}
		p := &personAcc{id: id, meetings: map[int]bool{}, spoke: map[int]bool{}}
		acc[id] = p
		return p
	}
	type month struct {
		meetings     int
		time         time.Duration
		weightedGini float64
		perPerson    map[uuid.UUID]time.Duration
	}
	months := map[string]*month{}
	var weightedGini float64
	end := in.End
	for mi, m := range ms {
		present := presentOf(m)
		var total time.Duration
		for _, s := range m.Speech {
			total += s.Time
		}
		times := make([]float64, len(present))
		for i, id := range present {
			p := at(id)
			s := m.Speech[id]
			p.meetings[mi] = true
			if s.Turns > 0 || s.Time > 0 {
				p.spoke[mi] = true
			}
			p.time += s.Time
			p.turns += s.Turns
			p.equal += float64(total) / float64(len(present))
			if p.first == "" || m.Date < p.first {
				p.first = m.Date
			}
			times[i] = float64(s.Time)
			rep.Turns += s.Turns
		}
		if len(present) == 0 {
			continue
		}
		g := Gini(times)
		rep.Meetings = append(rep.Meetings, MeetingEquity{ID: m.ID, Date: m.Date, Present: len(present),
			Speakers: len(m.Speech), Time: total, Gini: g})
		if m.Date > end && in.End == "" {
			end = m.Date
		}
		if total <= 0 {
			continue
		}
		rep.Time += total
		weightedGini += g * float64(total)
		key := monthOf(m.Date)
		mo := months[key]
		if mo == nil {
			mo = &month{perPerson: map[uuid.UUID]time.Duration{}}
			months[key] = mo
		}
		mo.meetings++
		mo.time += total
		mo.weightedGini += g * float64(total)
		for _, id := range present {
			mo.perPerson[id] += m.Speech[id].Time
		}
	}
	rep.People = len(acc)
	if rep.Time > 0 {
		rep.Gini = weightedGini / float64(rep.Time)
	}
	totals := make([]float64, 0, len(acc))
	for _, p := range acc {
		totals = append(totals, float64(p.time))
	}
	rep.TopFifthShare = TopFifthShare(totals)
	for _, key := range sortedKeys(months) {
		mo := months[key]
		vals := make([]float64, 0, len(mo.perPerson))
		for _, t := range mo.perPerson {
			vals = append(vals, float64(t))
		}
		rep.Months = append(rep.Months, MonthEquity{Month: key, Meetings: mo.meetings, Time: mo.time,
			Gini: mo.weightedGini / float64(mo.time), TopFifthShare: TopFifthShare(vals)})
	}
	rep.Rows = groupRows(in, by, acc, rep.Time, end)
	return rep, nil
}

// presentOf is everyone present at a meeting: the marked and the speakers,
// once each, in a stable order.
func presentOf(m MeetingSpeech) []uuid.UUID {
	seen := make(map[uuid.UUID]bool, len(m.Present)+len(m.Speech))
	var out []uuid.UUID
	for _, id := range m.Present {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	var extra []uuid.UUID
	for id := range m.Speech {
		if !seen[id] {
			seen[id] = true
			extra = append(extra, id)
		}
	}
	slices.SortFunc(extra, compareIDs)
	return append(out, extra...)
}

func monthOf(date string) string {
	if len(date) >= 7 {
		return date[:7]
	}
	return date
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// membership is a person's part in a group: 1, or 1/k when their time is
// split across k committees.
type membership struct {
	key    string
	weight float64
}

// groupsOf says which groups a person belongs to under a grouping.
//
// By language, a person speaking several languages counts once, in the
// combined key of their languages in order ("en+fr"), so each person is in
// exactly one row. By committee, a person's time (and equal share) is
// split equally across the committees they sit on regularly (or, with
// none, the occasional ones; with none at all, NoCommittee): a person in
// two committees counts for half in each, and is one of the people of
// both rows (so People may sum to more than the people present, and
// Turns, which are not split, to more than the turns taken).
func groupsOf(in StatsInput, by Grouping, id uuid.UUID, first, end string) []membership {
	p, known := in.People[id]
	one := func(key string) []membership { return []membership{{key, 1}} }
	switch by {
	case ByCategory:
		if !known || p.Member.Category == "" {
			return one(NotGivenKey)
		}
		return one(string(p.Member.Category))
	case BySeniority:
		if known && p.FirstAttended != "" && p.FirstAttended < first {
			first = p.FirstAttended
		}
		return one(SeniorityBand(first, end))
	case ByLanguage:
		if !known || len(p.Member.Languages) == 0 {
			return one(NotGivenKey)
		}
		langs := make([]string, 0, len(p.Member.Languages))
		for _, l := range p.Member.Languages {
			if l = strings.ToLower(strings.TrimSpace(l)); l != "" && !slices.Contains(langs, l) {
				langs = append(langs, l)
			}
		}
		if len(langs) == 0 {
			return one(NotGivenKey)
		}
		slices.Sort(langs)
		return one(strings.Join(langs, "+"))
	case ByCommittee:
		cs := p.Committees
		if len(cs) == 0 {
			cs = p.Occasional
		}
		seen := map[uuid.UUID]bool{}
		var out []membership
		for _, c := range cs {
			if !seen[c] {
				seen[c] = true
				out = append(out, membership{key: c.String()})
			}
		}
		if len(out) == 0 {
			return one(NoCommittee)
		}
		for i := range out {
			out[i].weight = 1 / float64(len(out))
		}
		return out
	case ByGender:
		g := strings.TrimSpace(p.Member.Gender)
		if !known || g == "" {
			return one(NotGivenKey)
		}
		return one(strings.ToLower(g))
	}
	return one(id.String())
}

// SeniorityBand is the band of someone who first attended on first, at
// date end (both YYYY-MM-DD); an unreadable date counts as a newcomer.
func SeniorityBand(first, end string) string {
	f, err1 := time.Parse(DateLayout, first)
	e, err2 := time.Parse(DateLayout, end)
	switch {
	case err1 != nil || err2 != nil || f.AddDate(1, 0, 0).After(e):
		return SeniorityUnder1
	case f.AddDate(3, 0, 0).After(e):
		return Seniority1to3
	}
	return Seniority3Plus
}

// groupAcc accumulates a row.
type groupAcc struct {
	row      StatsRow
	time     float64
	equal    float64
	people   map[uuid.UUID]bool
	meetings map[int]bool
	spoke    map[int]bool
}

func groupRows(in StatsInput, by Grouping, acc map[uuid.UUID]*personAcc, total time.Duration, end string) []StatsRow {
	groups := map[string]*groupAcc{}
	get := func(key string) *groupAcc {
		g := groups[key]
		if g == nil {
			g = &groupAcc{row: StatsRow{Key: key}, people: map[uuid.UUID]bool{}, meetings: map[int]bool{}, spoke: map[int]bool{}}
			groups[key] = g
		}
		return g
	}
	for id, p := range acc {
		var gs []membership
		if by == ByPerson {
			gs = []membership{{id.String(), 1}}
		} else {
			gs = groupsOf(in, by, id, p.first, end)
		}
		for _, ms := range gs {
			g := get(ms.key)
			g.people[id] = true
			g.time += float64(p.time) * ms.weight
			g.equal += p.equal * ms.weight
			g.row.Turns += p.turns // turns are not split: a turn is a turn
			for mi := range p.meetings {
				g.meetings[mi] = true
			}
			for mi := range p.spoke {
				g.spoke[mi] = true
			}
		}
	}
	if by != ByPerson {
		foldSmall(groups)
	}
	rows := make([]StatsRow, 0, len(groups))
	for _, g := range groups {
		r := g.row
		r.People = len(g.people)
		r.Time = time.Duration(math.Round(g.time))
		if total > 0 {
			r.Share = g.time / float64(total)
			r.EqualShare = g.equal / float64(total)
		}
		r.Meetings = len(g.meetings)
		for mi := range g.meetings {
			if !g.spoke[mi] {
				r.SilentMeetings++
			}
		}
		r.Name = rowName(in, by, r.Key)
		rows = append(rows, r)
	}
	sortRows(rows, by)
	return rows
}

// foldSmall folds every group of fewer than MinGroup people into OtherKey.
// If "other" itself ends up with fewer than MinGroup people, the smallest
// remaining group is folded into it too, and so on, until "other" is big
// enough or is all there is: no row ever describes fewer than MinGroup
// people unless the whole selection has fewer.
func foldSmall(groups map[string]*groupAcc) {
	fold := func(key string) {
		g := groups[key]
		delete(groups, key)
		o := groups[OtherKey]
		if o == nil {
			o = &groupAcc{row: StatsRow{Key: OtherKey}, people: map[uuid.UUID]bool{}, meetings: map[int]bool{}, spoke: map[int]bool{}}
			groups[OtherKey] = o
		}
		for id := range g.people {
			o.people[id] = true
		}
		o.time += g.time
		o.equal += g.equal
		o.row.Turns += g.row.Turns
		for mi := range g.meetings {
			o.meetings[mi] = true
		}
		for mi := range g.spoke {
			o.spoke[mi] = true
		}
	}
	// A group literally named "other" (a self-described gender) is small
	// or not like any other; it is merged with the folded ones.
	for _, key := range sortedKeys(groups) {
		if key != OtherKey && len(groups[key].people) < MinGroup {
			fold(key)
		}
	}
	for {
		o := groups[OtherKey]
		if o == nil || len(o.people) >= MinGroup || len(groups) == 1 {
			return
		}
		smallest := ""
		for _, key := range sortedKeys(groups) {
			if key == OtherKey {
				continue
			}
			if smallest == "" || len(groups[key].people) < len(groups[smallest].people) {
				smallest = key
			}
		}
		fold(smallest)
	}
}

// rowName labels a row in English; the app translates the fixed keys.
func rowName(in StatsInput, by Grouping, key string) string {
	switch key {
	case OtherKey:
		return "other"
	case NotGivenKey:
		return "not given"
	}
	switch by {
	case ByPerson:
		if id, err := uuid.Parse(key); err == nil {
			if p, ok := in.People[id]; ok && p.Member.Name != "" {
				return p.Member.Name
			}
		}
		return key
	case BySeniority:
		switch key {
		case SeniorityUnder1:
			return "less than 1 year"
		case Seniority1to3:
			return "1 to 3 years"
		case Seniority3Plus:
			return "3 years or more"
		}
	case ByCommittee:
		if key == NoCommittee {
			return "no committee"
		}
		if id, err := uuid.Parse(key); err == nil {
			if n, ok := in.CommitteeNames[id]; ok {
				return n
			}
		}
	case ByGender:
		// The words as someone gave them, not lowered.
		for _, p := range in.People {
			if strings.ToLower(strings.TrimSpace(p.Member.Gender)) == key {
				return strings.TrimSpace(p.Member.Gender)
			}
		}
	}
	return key
}

// sortRows orders rows: seniority bands in their order; other groupings
// by share, largest first, then key; "other" always last.
func sortRows(rows []StatsRow, by Grouping) {
	band := map[string]int{SeniorityUnder1: 0, Seniority1to3: 1, Seniority3Plus: 2}
	slices.SortFunc(rows, func(a, b StatsRow) int {
		if (a.Key == OtherKey) != (b.Key == OtherKey) {
			if a.Key == OtherKey {
				return 1
			}
			return -1
		}
		if by == BySeniority {
			if c := cmp.Compare(band[a.Key], band[b.Key]); c != 0 {
				return c
			}
		}
		if c := cmp.Compare(b.Share, a.Share); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
}
