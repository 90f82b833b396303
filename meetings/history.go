package meetings

import (
	"fmt"
	"math"
	"math/rand"
	"slices"
	"time"

	"github.com/google/uuid"
)

// HistoryPerson is someone of the organisation as the history generator
// sees them.
type HistoryPerson struct {
	ID uuid.UUID
	// Voice is how much the person tends to speak, relative to others:
	// the field study found "always the same people" on top (founders,
	// people who know the procedure) and newcomers timid.
	Voice float64
	// Joined is the week (from 0) from which they attend meetings.
	Joined int
	// Drifts marks someone who stops coming for weeks at a time (whom the
	// membership check should flag).
	Drifts bool
	// Collective: part of the work collective (external members are not).
	Collective bool
}

// HistoryCommittee is a committee and its members.
type HistoryCommittee struct {
	ID      uuid.UUID
	Name    string
	Members []uuid.UUID
}

// HistorySpec says what history to generate. The same spec and seed give
// the same history (ids included, drawn from the seed).
type HistorySpec struct {
	Start     time.Time // Monday of the first week, local midnight
	Weeks     int
	Seed      int64
	People    []HistoryPerson
	Committee []HistoryCommittee
	// CommitteeMeetingsPerWeek: committee meetings held each week.
	CommitteeMeetingsPerWeek int
	// TurnsPerHour is the pace of speaking turns (default 40).
	TurnsPerHour int
	// ProposalsPerMeeting is how many proposals a seated meeting adds to
	// its agenda (default 1).
	ProposalsPerMeeting int
	// Weekend holds a reflection weekend in that week (-1: none).
	Weekend int
	// Language of the meetings (titles), fr or en.
	Language string
}

// Held groups one meeting's records, in the order a meeting produces
// them.
type Held struct {
	Meeting   Meeting
	Items     []Item
	Marks     []Mark
	Roles     []Assignment
	Segments  []Segment
	Proposals []Proposal
	Decisions []Decision
	Actions   []Action
	Reports   []Report
}

// Topics of generated proposals, with their themes: what a web co-op
// decides over a year (field study, passim).
var historyTopics = [...]struct{ en, fr, tag string }{
	{"Hire a new developer", "Embaucher un nouveau développeur", "embauche"},
	{"Adopt the new hosting provider", "Adopter le nouvel hébergeur", "sysadmin"},
	{"Raise the hourly rate for clients", "Augmenter le taux horaire des clients", "finances"},
	{"Hold the stand-up at 9:30", "Tenir la rencontre debout à 9 h 30", "réunions"},
	{"Rotate facilitation every meeting", "Alterner l'animation à chaque réunion", "réunions"},
	{"Fund two training days per person", "Financer deux jours de formation par personne", "formation"},
	{"Publish the Drupal features as free software", "Publier les features Drupal en logiciel libre", "features"},
	{"Revise the evaluation procedure", "Réviser la procédure d'évaluation", "évaluation"},
	{"Buy a second projector", "Acheter un deuxième projecteur", "matériel"},
	{"Limit meetings to ninety minutes", "Limiter les réunions à quatre-vingt-dix minutes", "réunions"},
	{"Apply for the PAPSI grant again", "Redemander la subvention PAPSI", "financement"},
	{"Translate the website into English", "Traduire le site web en anglais", "communication"},
}

// GenerateHistory generates a realistic past of meetings: weekly
// production meetings (a stand-up round, then seated items), monthly
// reflections, committee meetings and a reflection weekend; attendance
// with some absences and people drifting away; roles rotated by Suggest;
// speaking skewed towards loud voices; proposals with objections worked
// into amendments; decisions and actions. Meetings come out in date order.
func GenerateHistory(spec HistorySpec) []Held {
	g := &historyGen{spec: spec, rng: rand.New(rand.NewSource(spec.Seed)), past: map[uuid.UUID][]PastRoles{}}
	if g.spec.TurnsPerHour <= 0 {
		g.spec.TurnsPerHour = 40
	}
	if g.spec.ProposalsPerMeeting <= 0 {
		g.spec.ProposalsPerMeeting = 1
	}
	if g.spec.Language == "" {
		g.spec.Language = French
	}
	var out []Held
	for w := 0; w < spec.Weeks; w++ {
		monday := spec.Start.AddDate(0, 0, 7*w)
		out = append(out, g.meeting(w, monday.AddDate(0, 0, 1), "09:30", TemplateWeeklyProduction, uuid.Nil))
		for c := 0; c < spec.CommitteeMeetingsPerWeek && len(spec.Committee) > 0; c++ {
			cm := spec.Committee[g.rng.Intn(len(spec.Committee))]
			out = append(out, g.meeting(w, monday.AddDate(0, 0, 2), fmt.Sprintf("%02d:00", 13+c), TemplateCommittee, cm.ID))
		}
		if w%4 == 3 {
			out = append(out, g.meeting(w, monday.AddDate(0, 0, 3), "13:30", TemplateMonthlyReflection, uuid.Nil))
		}
		if w == spec.Weekend {
			out = append(out, g.meeting(w, monday.AddDate(0, 0, 5), "09:00", TemplateWeekend, uuid.Nil))
		}
	}
	return out
}

type historyGen struct {
	spec  HistorySpec
	rng   *rand.Rand
	past  map[uuid.UUID][]PastRoles // per body, newest first
	topic int
}

// id draws a UUID from the generator's seed (version 7 layout), so that
// the same spec gives the same records.
func (g *historyGen) id(at time.Time) uuid.UUID {
	var u uuid.UUID
	g.rng.Read(u[:])
	ms := uint64(at.UnixMilli())
	for i := 0; i < 6; i++ {
		u[i] = byte(ms >> (40 - 8*i))
	}
	u[6] = u[6]&0x0f | 0x70
	u[8] = u[8]&0x3f | 0x80
	return u
}

func (g *historyGen) meeting(week int, day time.Time, clock, template string, body uuid.UUID) Held {
	var t Template
	for _, d := range DefaultTemplates() {
		if d.Key == template {
			t = d
		}
	}
	start, _ := time.ParseInLocation(DateLayout+" "+ClockLayout, day.Format(DateLayout)+" "+clock, day.Location())
	title := t.Name(g.spec.Language)
	for _, c := range g.spec.Committee {
		if c.ID == body && c.Name != "" {
			title += "\u00a0: " + c.Name
			if g.spec.Language == English {
				title = t.Name(English) + ": " + c.Name
			}
		}
	}
	m := Meeting{ID: g.id(start), Title: title, Template: template, Body: body,
		Date: day.Format(DateLayout), Time: clock, Language: g.spec.Language, Status: Finished,
		Ordering: FirstCome, SilenceConsent: true, StartedAt: start}
	if week%2 == 1 {
		m.Ordering = Progressive
	}
	h := Held{Meeting: m}

	// Who comes.
	invited := g.invited(body)
	var present []uuid.UUID
	for _, p := range invited {
		if p.Joined > week {
			continue
		}
		mk := Mark{Meeting: m.ID, Member: p.ID, Date: m.Date, Status: Present}
		r := g.rng.Float64()
		away := p.Drifts && (week/5)%2 == 1 // away every other five weeks
		switch {
		case away || r < 0.04:
			mk.Status = Absent
		case r < 0.09:
			mk.Status = Excused
		case r < 0.14:
			mk.Status, mk.Arrived = Late, start.Add(time.Duration(5+g.rng.Intn(25))*time.Minute)
		}
		h.Marks = append(h.Marks, mk)
		if mk.Attended() {
			present = append(present, p.ID)
		}
	}

	// Roles, rotated fairly over the body's history.
	roles := DefaultRoleSet().Keys()
	if template == TemplateWeeklyProduction || template == TemplateCommittee {
		roles = roles[:3] // facilitator, note-taker, time-keeper
	}
	sug := Suggest(g.past[body], roles, present, SuggestOptions{Draw: uint64(g.rng.Int63())})
	pr := PastRoles{Meeting: m.ID, Roles: map[string]uuid.UUID{}, Present: present}
	for _, s := range sug {
		if s.Member == uuid.Nil {
			continue
		}
		h.Roles = append(h.Roles, Assignment{Meeting: m.ID, Role: s.Role, Member: s.Member, Reason: s.Reason.String()})
		pr.Roles[s.Role] = s.Member
	}
	g.past[body] = append([]PastRoles{pr}, g.past[body]...)

	// The agenda: the template's items, then proposals and information.
	items := t.Instantiate(m.ID, g.spec.Language)
	for i := range items {
		items[i].ID = g.id(start)
	}
	if template != TemplateWeekend {
		for k := 0; k < g.spec.ProposalsPerMeeting; k++ {
			tp := historyTopics[g.topic%len(historyTopics)]
			g.topic++
			title := tp.fr
			if g.spec.Language == English {
				title = tp.en
			}
			items = append(items, Item{ID: g.id(start), Meeting: m.ID, Position: float64(len(items) + 1),
				Type: ProposalItem, Kind: KindNormal, Title: title, Timebox: 20 * time.Minute})
		}
	}
	if len(present) > 0 {
		for i := range items {
			items[i].Presenter = present[g.rng.Intn(len(present))]
		}
	}

	// Run it: each item takes about its timebox, turns follow voices.
	at := start
	for i := range items {
		it := &items[i]
		it.StartedAt = at
		box := it.Timebox
		if box == 0 {
			box = 15 * time.Minute
		}
		took := time.Duration(float64(box) * (0.7 + 0.6*g.rng.Float64())).Round(time.Second)
		end := at.Add(took)
		if len(present) > 0 {
			if it.Kind == KindRoundPeople {
				h.Segments = append(h.Segments, g.round(m, it, present, at, took)...)
			} else {
				h.Segments = append(h.Segments, g.debate(m, it, present, at, took)...)
			}
		}
		if it.Type == ProposalItem && len(present) > 0 {
			g.propose(&h, m, *it, present, at)
		}
		it.EndedAt = end
		at = end.Add(time.Duration(g.rng.Intn(120)) * time.Second)
		if it.Kind == KindRoundCommittees {
			for _, c := range g.spec.Committee {
				h.Reports = append(h.Reports, Report{Meeting: m.ID, Committee: c.ID, Note: "Rien de particulier ce mois-ci."})
			}
		}
	}
	h.Items = items
	h.Meeting.EndedAt = at

	// An action or two, done when old enough.
	if len(present) > 0 {
		for k := 0; k < 1+g.rng.Intn(2); k++ {
			a := Action{ID: g.id(start), Meeting: m.ID, Body: body, Owner: present[g.rng.Intn(len(present))],
				Text: "Faire le suivi : " + items[g.rng.Intn(len(items))].Title,
				Due:  day.AddDate(0, 0, 7+7*g.rng.Intn(3)).Format(DateLayout)}
			if week < g.spec.Weeks-4 && g.rng.Float64() < 0.85 {
				a.MarkDone(day.AddDate(0, 0, 5))
			}
			h.Actions = append(h.Actions, a)
		}
	}
	return h
}

// invited lists who is expected: the work collective, or a committee.
func (g *historyGen) invited(body uuid.UUID) []HistoryPerson {
	if body == uuid.Nil {
		var out []HistoryPerson
		for _, p := range g.spec.People {
			if p.Collective {
				out = append(out, p)
			}
		}
		return out
	}
	for _, c := range g.spec.Committee {
		if c.ID == body {
			var out []HistoryPerson
			for _, p := range g.spec.People {
				if slices.Contains(c.Members, p.ID) {
					out = append(out, p)
				}
			}
			return out
		}
	}
	return nil
}

// debate draws speaking turns over an item: louder voices take the floor
// more often and keep it longer.
func (g *historyGen) debate(m Meeting, it *Item, present []uuid.UUID, from time.Time, took time.Duration) []Segment {
	voice := map[uuid.UUID]float64{}
	var total float64
	for _, p := range g.spec.People {
		if slices.Contains(present, p.ID) {
			voice[p.ID] = p.Voice
			total += p.Voice
		}
	}
	n := max(1, int(took.Hours()*float64(g.spec.TurnsPerHour)))
	var out []Segment
	at := from
	per := took / time.Duration(n)
	for k := 0; k < n; k++ {
		r := g.rng.Float64() * total
		speaker := present[len(present)-1]
		for _, p := range present {
			if r -= voice[p]; r <= 0 {
				speaker = p
				break
			}
		}
		// Loud voices hold the floor longer: up to twice the pace's share.
		d := time.Duration(float64(per) * (0.3 + math.Min(1.7, voice[speaker]*g.rng.Float64()*1.2))).Round(time.Second)
		d = max(d, 5*time.Second)
		kind := Normal
		switch x := g.rng.Intn(40); {
		case x == 0:
			kind = PointOfOrder
		case x < 5:
			kind = DirectResponse
		}
		out = append(out, Segment{ID: g.id(at), Meeting: m.ID, Item: it.ID, Speaker: speaker, Kind: kind, Start: at, Duration: d, Language: m.Language})
		at = at.Add(per)
	}
	return out
}

// round gives each present person one timed turn.
func (g *historyGen) round(m Meeting, it *Item, present []uuid.UUID, from time.Time, took time.Duration) []Segment {
	per := took / time.Duration(len(present))
	var out []Segment
	at := from
	for _, p := range present {
		d := time.Duration(float64(per) * (0.5 + 0.5*g.rng.Float64())).Round(time.Second)
		out = append(out, Segment{ID: g.id(at), Meeting: m.ID, Item: it.ID, Speaker: p, Kind: Normal, Start: at, Duration: max(d, 5*time.Second), Language: m.Language})
		at = at.Add(per)
	}
	return out
}

// propose runs a proposal through the consent process: most pass, some
// after an objection is worked into an amendment, a few are postponed.
func (g *historyGen) propose(h *Held, m Meeting, it Item, present []uuid.UUID, at time.Time) {
	text := it.Title + "."
	p := NewProposal(it.ID, m.ID, text, true, at)
	_ = p.Advance() // clarifying questions
	_ = p.Advance() // reactions
	_ = p.Advance() // consent round
	if g.rng.Float64() < 0.3 {
		who := present[g.rng.Intn(len(present))]
		_ = p.Respond(who, ObjectionResponse, "Pas sans un bilan dans six mois.")
		_ = p.Advance() // amending
		ids := []string{}
		for _, o := range p.Open() {
			ids = append(ids, o.ID)
		}
		_ = p.Amend(text+" Bilan dans six mois.", ids, at.Add(10*time.Minute))
	}
	if g.rng.Float64() < 0.1 {
		_ = p.Postpone()
		h.Proposals = append(h.Proposals, p)
		return
	}
	if err := p.Adopt(present); err != nil {
		_ = p.Postpone()
		h.Proposals = append(h.Proposals, p)
		return
	}
	h.Proposals = append(h.Proposals, p)
	tag := historyTopics[(g.topic+len(historyTopics)-1)%len(historyTopics)].tag
	review := ""
	if g.rng.Intn(3) == 0 {
		review = at.AddDate(0, 6, 0).Format(DateLayout)
	}
	if d, err := DecisionFromProposal(p, it.Title, m.Body, m.Date, []string{tag}, review); err == nil {
		h.Decisions = append(h.Decisions, d)
	}
}
