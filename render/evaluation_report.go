package render

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// EvaluationReport is one person's peer-evaluation report as the PDF
// shows it: names and texts already in the reader's language, numbers
// already aggregated. The render package does not compute or hide
// anything: the caller builds it from evaluation.Report in the view it
// means to hand out (the person's own view withholds small peer groups
// and keeps raters anonymous).
type EvaluationReport struct {
	Person   string
	Campaign string
	Start    string // YYYY-MM-DD
	End      string // YYYY-MM-DD; also the PDF's date, so the same report gives the same bytes
	Sessions []EvaluationSession
	// Actions is the action plan the reflections ended in, followed up
	// until done; shown after the sessions, even when all are done, so
	// that the person sees what was agreed.
	Actions []EvaluationAction
}

// EvaluationSession is one session (work, involvement) of the report.
type EvaluationSession struct {
	Key      string // "work" and "involvement" are titled in the language; another key is shown as is
	Title    string // overrides the title derived from Key
	ScaleMin int
	ScaleMax int
	Lines    []EvaluationLine
	Comments []EvaluationComment
	// Reflection is what the group wrote together about the person in
	// this session, in the order of the five questions; questions left
	// blank are left out.
	Reflection []EvaluationAnswer
}

// EvaluationAnswer is the group's answer to one question of the
// collective reflection.
type EvaluationAnswer struct {
	Question string // key: improve, org-help, showcase, share, relations (worded in the language); another key is shown as is
	Text     string
}

// EvaluationAction is one item of the person's action plan.
type EvaluationAction struct {
	Text  string
	Owner string // the person's or the committee's name
	Due   string // YYYY-MM-DD, "" if none
	Done  bool
}

// EvaluationLine is one criterion: the person's own score beside the
// peers' aggregate (which never includes the self score).
type EvaluationLine struct {
	Criterion   string // name in the language
	Self        int
	HasSelf     bool
	SelfCantSay bool
	PeerCount   int // peers who gave a score
	PeerCantSay int // peers who answered "can't say"
	PeerMean    float64
	PeerSD      float64
	PeerMin     int
	PeerMax     int
	Gap         float64 // Self - PeerMean, when HasGap
	HasGap      bool
	Withheld    bool // the peer aggregate is hidden: fewer than Need raters
	Need        int  // k
}

// EvaluationComment is one comment on the person.
type EvaluationComment struct {
	Criterion string // name in the language; "" for the overall comment
	Self      bool   // written by the person
	Author    string // the rater's name when the campaign names raters; "" keeps them anonymous
	Text      string
}

// evalTexts are the words of the evaluation PDF in one language.
type evalTexts struct {
	lang                                        string
	title, campaign, period, page               string
	sessions                                    map[string]string
	criterion, self, peers, spread, count, gap  string
	cantSay, none, withheld, withheldNote       string
	cantSayNote                                 string
	chartTitle, comments, overall, selfAuthor   string
	anonymous, noLines, noComments, fromTo      string
	reflection, plan, action, owner, due, state string
	done, open                                  string
	questions                                   map[string]string
}

func evalTextsFor(lang string) evalTexts {
	if lang == "en" {
		return evalTexts{lang: "en",
			title: "Peer evaluation — %s", campaign: "Campaign: ", period: "Period: ", page: "Page %d of %s",
			sessions:  map[string]string{"work": "Session: work", "involvement": "Session: involvement"},
			criterion: "Criterion", self: "Self", peers: "Peer mean", spread: "Spread (SD, min–max)", count: "Peers", gap: "Gap",
			cantSay: "can't say", none: "–", withheld: "withheld",
			cantSayNote:  "+n ?: peers who answered \"can't say\", left out of the figures.",
			withheldNote: "Withheld: fewer than %d peers scored this criterion, so their scores are not shown, to keep each answer anonymous.",
			chartTitle:   "Self and peers, by criterion", comments: "Comments", overall: "Overall", selfAuthor: "you",
			anonymous: "a peer", noLines: "No criterion in this session.", noComments: "No comments.", fromTo: "%s to %s",
			reflection: "Collective reflection", plan: "Action plan", action: "Action", owner: "Owner", due: "Due", state: "Status",
			done: "done", open: "to do",
			questions: map[string]string{
				"improve":   "How can the person improve their weak points?",
				"org-help":  "How can the organisation help them do so?",
				"showcase":  "How can the organisation better showcase their strengths?",
				"share":     "How could the person better share those strengths?",
				"relations": "How can interpersonal relations be improved?",
			}}
	}
	return evalTexts{lang: "fr",
		title: "Évaluation par les pairs — %s", campaign: "Campagne" + nbsp + ": ", period: "Période" + nbsp + ": ", page: "Page %d sur %s",
		sessions:  map[string]string{"work": "Séance" + nbsp + ": travail", "involvement": "Séance" + nbsp + ": implication"},
		criterion: "Critère", self: "Soi", peers: "Moyenne des pairs", spread: "Dispersion (écart type, min–max)", count: "Pairs", gap: "Écart",
		cantSay: "ne sait pas", none: "–", withheld: "masqué",
		cantSayNote:  "+n ?" + nbsp + ": pairs qui ont répondu « ne sait pas »" + nbsp + "; ces réponses ne comptent pas dans les chiffres.",
		withheldNote: "Masqué" + nbsp + ": moins de %d pairs ont noté ce critère" + nbsp + "; leurs notes ne sont pas montrées, pour que chaque réponse reste anonyme.",
		chartTitle:   "Soi et pairs, par critère", comments: "Commentaires", overall: "Général", selfAuthor: "vous",
		anonymous: "un·e pair", noLines: "Aucun critère dans cette séance.", noComments: "Aucun commentaire.", fromTo: "du %s au %s",
		reflection: "Réflexion collective", plan: "Plan d’action", action: "Action", owner: "Responsable", due: "Échéance", state: "État",
		done: "faite", open: "à faire",
		questions: map[string]string{
			"improve":   "Comment la personne peut-elle améliorer ses points faibles" + nbsp + "?",
			"org-help":  "Comment l’organisation peut-elle l’y aider" + nbsp + "?",
			"showcase":  "Comment l’organisation peut-elle mieux mettre en valeur ses points forts" + nbsp + "?",
			"share":     "Comment la personne pourrait-elle mieux les partager" + nbsp + "?",
			"relations": "Comment améliorer les relations interpersonnelles" + nbsp + "?",
		}}
}

// num writes a figure with two decimals, with a comma in French.
func (t evalTexts) num(f float64) string { return decimalIn(t.lang)(f) }

// signed writes a gap with its sign, so that "above" and "below" read at
// a glance.
func (t evalTexts) signed(f float64) string {
	s := t.num(f)
	if f > 0.005 {
		return "+" + s
	}
	if s == t.num(0) || s == "-"+t.num(0) {
		return t.num(0)
	}
	return s
}

func (t evalTexts) sessionTitle(s EvaluationSession) string {
	if s.Title != "" {
		return s.Title
	}
	if v, ok := t.sessions[s.Key]; ok {
		return v
	}
	return s.Key
}

// EvaluationPDF writes one person's evaluation report as a PDF in lang
// ("fr" or "en"; "" for French, the co-op's language) on paper "a4" or
// "letter" ("" for A4): per session, a chart of the person's own score
// against their peers' mean for each criterion, the same numbers in a
// table (the chart is an image; the table keeps them searchable and
// readable by screen readers), a note where a peer aggregate is withheld,
// the comments and the group's collective reflection; then the action
// plan. The same report gives the same bytes.
func EvaluationPDF(w io.Writer, r EvaluationReport, lang, paper string) error {
	size, err := pdfPaper(paper)
	if err != nil {
		return fmt.Errorf("evaluation report: %w", err)
	}
	switch lang {
	case "":
		lang = "fr"
	case "fr", "en":
	default:
		return fmt.Errorf("evaluation report: language %q: want fr or en", lang)
	}
	tx := evalTextsFor(lang)
	title := fmt.Sprintf(tx.title, r.Person)
	// A fixed date, so that the same report gives the same file.
	stamp, err := time.Parse(time.DateOnly, r.End)
	if err != nil {
		stamp = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	pdf := newPDF(size, lang, title, stamp, tx.page)

	pw := &pdfWriter{pdf: pdf, tx: textsFor(lang)}
	head := []block{
		{heading: 1, spans: []span{plain(title)}},
		{spans: []span{strong(tx.campaign), plain(r.Campaign)}},
	}
	if r.Start != "" || r.End != "" {
		head = append(head, block{spans: []span{strong(tx.period), plain(fmt.Sprintf(tx.fromTo, r.Start, r.End))}})
	}
	for _, b := range head {
		if err := pw.block(b); err != nil {
			return err
		}
	}
	for i, s := range r.Sessions {
		if err := pw.evalSession(s, tx, i+1); err != nil {
			return err
		}
		if pdf.Err() {
			break
		}
	}
	if err := pw.evalActions(r.Actions, tx); err != nil {
		return err
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("evaluation report: pdf: %w", err)
	}
	return nil
}

// evalSession writes one session: its chart, its table, the withheld
// note and its comments.
func (p *pdfWriter) evalSession(s EvaluationSession, tx evalTexts, n int) error {
	chartH := p.scoresHeight(len(s.Lines))
	p.room(chartH + 20) // the heading with its chart
	if err := p.block(block{heading: 2, spans: []span{plain(tx.sessionTitle(s))}}); err != nil {
		return err
	}
	if len(s.Lines) == 0 {
		if err := p.block(block{spans: []span{em(tx.noLines)}}); err != nil {
			return err
		}
		return p.evalReflection(s.Reflection, tx)
	}
	if err := p.scoresChart(s, tx, n, chartH); err != nil {
		return err
	}
	t := &table{
		header: []string{tx.criterion, tx.self, tx.peers, tx.spread, tx.count, tx.gap},
		widths: []float64{3.0, 1.3, 1.8, 2.6, 1.2, 1.1},
		right:  []bool{false, true, true, true, true, true},
	}
	need, cantSay := 0, false
	for _, l := range s.Lines {
		self := tx.none
		switch {
		case l.HasSelf:
			self = strconv.Itoa(l.Self)
		case l.SelfCantSay:
			self = tx.cantSay
		}
		mean, spread, gap := tx.none, tx.none, tx.none
		switch {
		case l.Withheld:
			mean, spread = tx.withheld+" *", tx.withheld
			need = max(need, l.Need)
		case l.PeerCount > 0:
			mean = tx.num(l.PeerMean)
			spread = fmt.Sprintf("%s (%d–%d)", tx.num(l.PeerSD), l.PeerMin, l.PeerMax)
		}
		if l.HasGap && !l.Withheld {
			gap = tx.signed(l.Gap)
		}
		count := strconv.Itoa(l.PeerCount)
		if l.PeerCantSay > 0 {
			count += fmt.Sprintf(" +%d ?", l.PeerCantSay)
			cantSay = true
		}
		t.rows = append(t.rows, []string{l.Criterion, self, mean, spread, count, gap})
	}
	p.table(t)
	var notes []string
	if need > 0 {
		notes = append(notes, "* "+fmt.Sprintf(tx.withheldNote, need))
	}
	if cantSay {
		notes = append(notes, tx.cantSayNote)
	}
	if len(notes) > 0 {
		p.font(false, 9)
		p.pdf.SetTextColor(90, 90, 90)
		for _, n := range notes {
			p.pdf.MultiCell(0, 4.6, pdfText(n), "", "L", false)
		}
		p.pdf.SetTextColor(0, 0, 0)
		p.pdf.Ln(2)
	}
	if err := p.evalComments(s.Comments, tx); err != nil {
		return err
	}
	return p.evalReflection(s.Reflection, tx)
}

// evalComments writes a session's comments, each with what it is about
// and who wrote it (as far as the report names them).
func (p *pdfWriter) evalComments(comments []EvaluationComment, tx evalTexts) error {
	if len(comments) == 0 {
		return nil
	}
	if err := p.block(block{heading: 3, spans: []span{plain(tx.comments)}}); err != nil {
		return err
	}
	var items [][]span
	for _, c := range comments {
		about := c.Criterion
		if about == "" {
			about = tx.overall
		}
		who := c.Author
		switch {
		case c.Self:
			who = tx.selfAuthor
		case who == "":
			who = tx.anonymous
		}
		items = append(items, []span{strong(about), em(" (" + who + ")"), plain(" — " + c.Text)})
	}
	return p.block(block{list: items})
}

// evalReflection writes the group's answers to the five questions, each
// question worded in the language above the group's text; questions left
// blank are left out, and a reflection with nothing written shows nothing.
func (p *pdfWriter) evalReflection(answers []EvaluationAnswer, tx evalTexts) error {
	var written []EvaluationAnswer
	for _, a := range answers {
		if strings.TrimSpace(a.Text) != "" {
			written = append(written, a)
		}
	}
	if len(written) == 0 {
		return nil
	}
	if err := p.block(block{heading: 3, spans: []span{plain(tx.reflection)}}); err != nil {
		return err
	}
	for _, a := range written {
		q := a.Question
		if v, ok := tx.questions[q]; ok {
			q = v
		}
		// The question stays with the start of its answer.
		p.room(3 * pdfLine)
		if err := p.block(block{spans: []span{strong(q)}}); err != nil {
			return err
		}
		if err := p.block(block{quote: a.Text}); err != nil {
			return err
		}
	}
	return nil
}

// evalActions writes the action plan as a table: what, who, by when,
// and whether it is done.
func (p *pdfWriter) evalActions(actions []EvaluationAction, tx evalTexts) error {
	if len(actions) == 0 {
		return nil
	}
	if err := p.block(block{heading: 2, spans: []span{plain(tx.plan)}}); err != nil {
		return err
	}
	t := &table{
		header: []string{tx.action, tx.owner, tx.due, tx.state},
		widths: []float64{5.0, 2.4, 1.5, 1.1},
	}
	for _, a := range actions {
		due, state := a.Due, tx.open
		if due == "" {
			due = tx.none
		}
		if a.Done {
			state = tx.done
		}
		t.rows = append(t.rows, []string{a.Text, a.Owner, due, state})
	}
	p.table(t)
	return nil
}

// scoresChart places the session's self-against-peers chart, drawn by
// ScoresPNG at the width of the text.
func (p *pdfWriter) scoresChart(s EvaluationSession, tx evalTexts, n int, hmm float64) error {
	bars := make([]ScoreBar, len(s.Lines))
	for i, l := range s.Lines {
		bars[i] = ScoreBar{Label: l.Criterion, Self: float64(l.Self), HasSelf: l.HasSelf,
			Peers: l.PeerMean, HasPeer: !l.Withheld && l.PeerCount > 0, Withheld: l.Withheld}
	}
	lo, hi := s.ScaleMin, s.ScaleMax
	if hi <= lo {
		lo, hi = 1, 5
	}
	wmm := p.width()
	wpx, hpx := int(wmm/25.4*pdfDPI+0.5), int(hmm/25.4*pdfDPI+0.5)
	// fpdf's catalog sort orders images by pixel width only, and images
	// of equal width in map order: one pixel less per chart gives each a
	// width of its own, so the same report keeps the same bytes. The
	// image is scaled to the same width on the page.
	wpx -= n - 1
	var buf bytes.Buffer
	text := ScoreChartText{Title: tx.chartTitle, Self: tx.self, Peers: tx.peers, Missing: tx.none, Withheld: tx.withheld, Language: tx.lang}
	if err := ScoresPNG(&buf, bars, lo, hi, text, wpx, hpx); err != nil {
		return fmt.Errorf("evaluation report: %w", err)
	}
	name := fmt.Sprintf("scores-%d", n)
	opts := fpdf.ImageOptions{ImageType: "PNG", ReadDpi: false}
	p.pdf.RegisterImageOptionsReader(name, opts, &buf)
	p.room(hmm + 2)
	l, _, _, _ := p.pdf.GetMargins()
	y := p.pdf.GetY()
	p.pdf.ImageOptions(name, l, y, wmm, hmm, false, opts, 0, "")
	p.pdf.SetXY(l, y+hmm+3)
	return nil
}

// scoresHeight is a chart's height in mm: room for each pair of bars, at
// most a page.
func (p *pdfWriter) scoresHeight(n int) float64 {
	_, ph := p.pdf.GetPageSize()
	return min(36+9*float64(n), ph-2*pdfMargin-25)
}
