package render

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/konbit/konbit/meetings"
)

// The minutes are laid out once, as a list of blocks (headings,
// paragraphs, lists, tables, the chart), then written by MinutesMarkdown
// or MinutesPDF: both formats say the same thing in the same order.

// span is a run of text in one style.
type span struct {
	text         string
	bold, italic bool
}

func plain(s string) span  { return span{text: s} }
func strong(s string) span { return span{text: s, bold: true} }
func em(s string) span     { return span{text: s, italic: true} }

// block is one part of the document; exactly one of its fields is set.
type block struct {
	heading int // level 1..3, with text in spans
	spans   []span
	list    [][]span
	quote   string
	table   *table
	chart   *chartBlock
}

type table struct {
	header []string
	rows   [][]string
	widths []float64 // relative column widths, for the PDF
	right  []bool    // right-aligned columns (numbers)
}

type chartBlock struct {
	bars []Bar
	text ChartText
}

// minutesLang picks the language of the document: the one asked, else
// the minutes', else the meeting's; English unless French.
func minutesLang(m meetings.Minutes, lang string) string {
	for _, l := range []string{lang, m.Language, m.Meeting.Language} {
		if l == meetings.French || l == meetings.English {
			return l
		}
	}
	return meetings.English
}

// minutesBlocks lays out the minutes in lang.
func minutesBlocks(m meetings.Minutes, lang string) []block {
	tx := textsFor(lang)
	var doc []block
	add := func(b block) { doc = append(doc, b) }
	heading := func(level int, s string) { add(block{heading: level, spans: []span{plain(s)}}) }

	title := m.Meeting.Title
	if title == "" {
		title = m.Template
	}
	heading(1, tx.label(tx.minutes)+" "+title)
	when := tx.date(m.Meeting.Date)
	if m.Start != "" {
		when += ", " + m.Start
		if m.End != "" {
			when += "–" + m.End
		}
	}
	body := m.Body
	if body == "" {
		body = tx.collective
	}
	head := [][]span{
		{strong(tx.label(tx.dateLabel)), plain(" " + when)},
		{strong(tx.label(tx.bodyLabel)), plain(" " + body)},
	}
	if m.Template != "" {
		head = append(head, []span{strong(tx.label(tx.typeLabel)), plain(" " + m.Template)})
	}
	add(block{list: head})

	// Attendance.
	heading(2, tx.attendance)
	var att [][]span
	group := func(label string, names []string) {
		if len(names) > 0 {
			att = append(att, []span{strong(tx.label(fmt.Sprintf("%s (%d)", label, len(names)))), plain(" " + strings.Join(names, ", "))})
		}
	}
	group(tx.present, m.Present)
	var late []string
	for _, l := range m.Late {
		if l.Arrived != "" {
			late = append(late, fmt.Sprintf("%s (%s)", l.Name, tx.arrived(l.Arrived)))
		} else {
			late = append(late, l.Name)
		}
	}
	group(tx.late, late)
	group(tx.excused, m.Excused)
	group(tx.absent, m.Absent)
	if len(att) == 0 {
		add(block{spans: []span{em(tx.noAttendance)}})
	} else {
		add(block{list: att})
	}

	// Roles.
	if len(m.Roles) > 0 {
		heading(2, tx.roles)
		var rl [][]span
		for _, r := range m.Roles {
			rl = append(rl, []span{strong(tx.label(r.Label)), plain(" " + r.Name)})
		}
		add(block{list: rl})
	}

	// Items.
	heading(2, tx.agenda)
	if len(m.Items) == 0 {
		add(block{spans: []span{em(tx.noItems)}})
	}
	session := ""
	for _, it := range m.Items {
		if it.Session != "" && it.Session != session {
			session = it.Session
			add(block{spans: []span{em(session)}})
		}
		heading(3, fmt.Sprintf("%d. %s", it.Number, it.Title))
		meta := []string{tx.itemType(it.Type)}
		if it.Presenter != "" {
			meta = append(meta, tx.presentedBy(it.Presenter))
		}
		switch {
		case it.Taken > 0 && it.Timebox > 0:
			meta = append(meta, tx.takenOf(it.Taken, it.Timebox))
		case it.Taken > 0:
			meta = append(meta, duration(it.Taken))
		case it.Timebox > 0:
			meta = append(meta, tx.notRunOf(it.Timebox))
		}
		add(block{spans: []span{em(strings.Join(meta, " · "))}})
		if notes := strings.TrimSpace(it.Notes); notes != "" {
			add(block{spans: []span{strong(tx.label(tx.notes)), plain(" " + notes)}})
		}
		if len(it.Reports) > 0 {
			var rs [][]span
			for _, r := range it.Reports {
				rs = append(rs, []span{strong(tx.label(r.Committee)), plain(" " + r.Note)})
			}
			add(block{list: rs})
		}
		for _, d := range it.Decisions {
			doc = append(doc, decisionBlocks(tx, d)...)
		}
		if p := it.NotAdopted; p != nil {
			add(block{spans: []span{strong(tx.notAdopted), plain(" (" + tx.outcome(p.Outcome) + tx.semicolon() + " " + tx.versions(p.Versions) + ")")}})
			add(block{quote: p.Text})
			doc = append(doc, objectionBlocks(tx, p.Objections)...)
		}
	}
	if len(m.Unplaced) > 0 {
		heading(2, tx.otherDecisions)
		for _, d := range m.Unplaced {
			doc = append(doc, decisionBlocks(tx, d)...)
		}
	}

	// Actions.
	heading(2, tx.actions)
	if len(m.Actions) == 0 {
		add(block{spans: []span{em(tx.noActions)}})
	} else {
		t := &table{header: []string{tx.action, tx.owner, tx.due}, widths: []float64{6, 2.5, 1.8}}
		for _, a := range m.Actions {
			due := a.Due
			if due == "" {
				due = "—"
			}
			text := a.Text
			if a.Done {
				text += " (" + tx.done + ")"
			}
			t.rows = append(t.rows, []string{text, a.Owner, due})
		}
		add(block{table: t})
	}

	// Speaking time.
	if m.IncludeChart {
		heading(2, tx.speaking)
		if len(m.Speaking) == 0 {
			add(block{spans: []span{em(tx.noSpeaking)}})
		} else {
			t := &table{header: []string{tx.name, tx.turns, tx.time, tx.share, tx.equalShare}, widths: []float64{4, 1.3, 1.6, 1.4, 1.8},
				right: []bool{false, true, true, true, true}}
			// No title: the section heading is just above.
			c := &chartBlock{text: ChartText{Value: tx.share, Reference: tx.equalShare}}
			for _, s := range m.Speaking {
				t.rows = append(t.rows, []string{s.Name, strconv.Itoa(s.Turns), duration(s.Time), tx.percent(s.Share), tx.percent(s.EqualShare)})
				c.bars = append(c.bars, Bar{Label: s.Name, Value: s.Share, Reference: s.EqualShare})
			}
			add(block{chart: c})
			add(block{table: t})
		}
	}
	return doc
}

func decisionBlocks(tx texts, d meetings.MinutesDecision) []block {
	state := tx.outcome(d.Outcome)
	if s := tx.status(d.Status); s != "" {
		state += ", " + s
	}
	state += tx.semicolon() + " " + tx.versions(d.Versions)
	head := []span{strong(tx.label(tx.decision) + " " + d.Title), plain(" (" + state + ")")}
	out := []block{{spans: head}, {quote: d.Text}}
	var extra [][]span
	if len(d.Tags) > 0 {
		extra = append(extra, []span{strong(tx.label(tx.tags)), plain(" " + strings.Join(d.Tags, ", "))})
	}
	if d.ReviewDate != "" {
		extra = append(extra, []span{strong(tx.label(tx.review)), plain(" " + tx.date(d.ReviewDate))})
	}
	if len(extra) > 0 {
		out = append(out, block{list: extra})
	}
	return append(out, objectionBlocks(tx, d.Objections)...)
}

func objectionBlocks(tx texts, os []meetings.ObjectionLine) []block {
	if len(os) == 0 {
		return nil
	}
	var l [][]span
	for _, o := range os {
		line := []span{strong(tx.objectionBy(o.By, o.Round)), plain(" " + tx.quote(o.Text))}
		if o.Resolved {
			line = append(line, plain(" — "+tx.resolved(o)))
		} else {
			line = append(line, plain(" — "+tx.unresolved))
		}
		l = append(l, line)
	}
	return []block{{spans: []span{strong(tx.label(tx.objections))}}, {list: l}}
}

// duration writes a length of time the same in both languages: "45 s",
// "12 min", "1 h 05".
func duration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0 s"
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Round(time.Minute)/time.Minute))
	}
	d = d.Round(time.Minute)
	return fmt.Sprintf("%d h %02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// texts are the fixed words of the minutes in one language. French
// follows French typography: a no-break space before « : ; ? ! » and
// inside guillemets, and before %.
type texts struct {
	lang                                           string
	minutes, dateLabel, bodyLabel, typeLabel       string
	collective                                     string
	attendance, present, late, excused, absent     string
	noAttendance, roles, agenda, noItems, notes    string
	decision, tags, review, objections, unresolved string
	notAdopted, otherDecisions                     string
	actions, noActions, action, owner, due, done   string
	speaking, noSpeaking, name, turns, time, share string
	equalShare, page                               string
	types                                          map[meetings.ItemType]string
	outcomes                                       map[meetings.Stage]string
	statuses                                       map[meetings.DecisionStatus]string
	days                                           [7]string
	months                                         [12]string
	presentedByF, arrivedF, takenOfF, notRunOfF    string
	versionF, versionsF, objectionByF, resolvedF   string
	amendedF, withdrawnByAuthorF, resolvedPlain    string
}

const nbsp = "\u00a0"

func englishTexts() texts {
	return texts{
		lang: "en", minutes: "Minutes", dateLabel: "Date", bodyLabel: "Body", typeLabel: "Meeting type",
		collective: "Work collective", attendance: "Attendance", present: "Present", late: "Late", excused: "Excused", absent: "Absent",
		noAttendance: "No attendance was taken.", roles: "Roles", agenda: "Agenda", noItems: "No item.", notes: "Notes",
		decision: "Decision", tags: "Themes", review: "Review on", objections: "Objections", unresolved: "not resolved",
		notAdopted: "Proposal not adopted", otherDecisions: "Other decisions",
		actions: "Actions", noActions: "No action was taken on.", action: "Action", owner: "Owner", due: "Due", done: "done",
		speaking: "Speaking time", noSpeaking: "No speaking time was recorded.", name: "Name", turns: "Turns", time: "Time",
		share: "Share", equalShare: "Equal share", page: "Page %d of %s",
		types:        map[meetings.ItemType]string{meetings.InfoItem: "Information", meetings.BrainstormItem: "Brainstorm", meetings.ProposalItem: "Proposal"},
		outcomes:     map[meetings.Stage]string{meetings.Adopted: "adopted", meetings.Withdrawn: "withdrawn", meetings.Postponed: "postponed", "": "no outcome"},
		statuses:     map[meetings.DecisionStatus]string{meetings.Active: "in force", meetings.Implemented: "implemented", meetings.Superseded: "superseded", meetings.Revoked: "revoked"},
		days:         [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
		months:       [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		presentedByF: "presented by %s", arrivedF: "arrived %s", takenOfF: "%s (timebox %s)", notRunOfF: "not run (timebox %s)",
		versionF: "%d version", versionsF: "%d versions", objectionByF: "%s (round %d)", resolvedF: "resolved: %s", resolvedPlain: "resolved",
		amendedF: "amended in version %s", withdrawnByAuthorF: "withdrawn by its author in round %s",
	}
}

func frenchTexts() texts {
	return texts{
		lang: "fr", minutes: "Compte rendu", dateLabel: "Date", bodyLabel: "Instance", typeLabel: "Type de réunion",
		collective: "Collectif de travail", attendance: "Présences", present: "Présent·es", late: "En retard", excused: "Excusé·es", absent: "Absent·es",
		noAttendance: "Les présences n'ont pas été notées.", roles: "Rôles", agenda: "Ordre du jour", noItems: "Aucun point.", notes: "Notes",
		decision: "Décision", tags: "Thèmes", review: "À revoir le", objections: "Objections", unresolved: "non résolue",
		notAdopted: "Proposition non adoptée", otherDecisions: "Autres décisions",
		actions: "Actions", noActions: "Aucune action n'a été prise.", action: "Action", owner: "Responsable", due: "Échéance", done: "faite",
		speaking: "Temps de parole", noSpeaking: "Aucun temps de parole n'a été noté.", name: "Nom", turns: "Tours", time: "Durée",
		share: "Part", equalShare: "Part égale", page: "Page %d sur %s",
		types:        map[meetings.ItemType]string{meetings.InfoItem: "Information", meetings.BrainstormItem: "Remue-méninges", meetings.ProposalItem: "Proposition"},
		outcomes:     map[meetings.Stage]string{meetings.Adopted: "adoptée", meetings.Withdrawn: "retirée", meetings.Postponed: "reportée", "": "sans issue"},
		statuses:     map[meetings.DecisionStatus]string{meetings.Active: "en vigueur", meetings.Implemented: "mise en œuvre", meetings.Superseded: "remplacée", meetings.Revoked: "révoquée"},
		days:         [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
		months:       [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		presentedByF: "présenté par %s", arrivedF: "arrivé·e à %s", takenOfF: "%s (prévu" + nbsp + ": %s)", notRunOfF: "non traité (prévu" + nbsp + ": %s)",
		versionF: "%d version", versionsF: "%d versions", objectionByF: "%s (tour %d)", resolvedF: "résolue" + nbsp + ": %s", resolvedPlain: "résolue",
		amendedF: "amendée en version %s", withdrawnByAuthorF: "retirée par son auteur·e au tour %s",
	}
}

func textsFor(lang string) texts {
	if lang == meetings.French {
		return frenchTexts()
	}
	return englishTexts()
}

func (t texts) fr() bool { return t.lang == meetings.French }

// label ends a label with a colon, spaced the French way in French.
func (t texts) label(s string) string {
	if t.fr() {
		return s + nbsp + ":"
	}
	return s + ":"
}

func (t texts) semicolon() string {
	if t.fr() {
		return nbsp + ";"
	}
	return ";"
}

// quote puts words said by someone in quotation marks: « guillemets »
// in French.
func (t texts) quote(s string) string {
	if t.fr() {
		return "«" + nbsp + s + nbsp + "»"
	}
	return "“" + s + "”"
}

func (t texts) percent(f float64) string {
	if t.fr() {
		return fmt.Sprintf("%.0f%s%%", 100*f, nbsp)
	}
	return fmt.Sprintf("%.0f%%", 100*f)
}

// date writes a YYYY-MM-DD date in words: "Tuesday 8 March 2011",
// "mardi 8 mars 2011"; anything else as given.
func (t texts) date(s string) string {
	d, err := time.Parse(meetings.DateLayout, s)
	if err != nil {
		return s
	}
	day := strconv.Itoa(d.Day())
	if t.fr() && d.Day() == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %s %d", t.days[d.Weekday()], day, t.months[d.Month()-1], d.Year())
}

func (t texts) itemType(k meetings.ItemType) string {
	if s, ok := t.types[k]; ok {
		return s
	}
	return string(k)
}

func (t texts) outcome(s meetings.Stage) string {
	if o, ok := t.outcomes[s]; ok {
		return o
	}
	return string(s)
}

func (t texts) status(s meetings.DecisionStatus) string { return t.statuses[s] }

func (t texts) presentedBy(name string) string { return fmt.Sprintf(t.presentedByF, name) }
func (t texts) arrived(at string) string       { return fmt.Sprintf(t.arrivedF, at) }
func (t texts) takenOf(taken, box time.Duration) string {
	return fmt.Sprintf(t.takenOfF, duration(taken), duration(box))
}
func (t texts) notRunOf(box time.Duration) string { return fmt.Sprintf(t.notRunOfF, duration(box)) }

func (t texts) versions(n int) string {
	if n == 1 {
		return fmt.Sprintf(t.versionF, n)
	}
	return fmt.Sprintf(t.versionsF, n)
}

func (t texts) objectionBy(name string, round int) string {
	return t.label(fmt.Sprintf(t.objectionByF, name, round))
}

// resolved says how an objection was resolved: by the process itself
// (amended, withdrawn by its author) in the reader's language, or in the
// words people typed, quoted.
func (t texts) resolved(o meetings.ObjectionLine) string {
	var how string
	switch {
	case o.How == meetings.ResolvedByAmendment:
		how = fmt.Sprintf(t.amendedF, strconv.Itoa(o.At))
	case o.How == meetings.WithdrawnByAuthor:
		how = fmt.Sprintf(t.withdrawnByAuthorF, strconv.Itoa(o.At))
	case o.Resolution == "":
		return t.resolvedPlain
	default:
		how = t.quote(o.Resolution)
	}
	return fmt.Sprintf(t.resolvedF, how)
}
