package app

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/render"
	"github.com/konbit/konbit/replica"
)

// Size of a self-against-peers chart, in pixels: readable on a projector
// beside nothing else, small enough to scroll past.
const (
	evalChartWidth  = 640
	evalChartRowPx  = 56
	evalChartBasePx = 90
)

// evalMyReport is where a person reads their own report once the HR
// committee has released it: they pick their name and type the code HR
// handed them (the report is sealed to it, so that nobody else at the
// laptop reads it). It shows, per session, a chart of their self score
// against their peers' mean, the numbers, the comments, the group's
// reflections about them and their open actions.
type evalMyReport struct {
	s *evalScreen
	c evaluation.Campaign

	person  *widget.Select
	people  []uuid.UUID
	code    *evalEntry
	msg     *widget.Label
	openBtn *widget.Button
	form    fyne.CanvasObject
	body    *fyne.Container
	// gen numbers the reports asked for, so that a slow one answered
	// after a newer request (or a close) is dropped.
	gen int
}

func newEvalMyReport(s *evalScreen) *evalMyReport {
	m := &evalMyReport{s: s}
	m.person = widget.NewSelect(nil, func(string) { m.msg.Hide() })
	m.person.PlaceHolder = lang.L("eval.mine.pick")
	f := newCodeForm(s, lang.L("eval.mine.title"), lang.L("eval.mine.hint"), lang.L("eval.mine.code"), lang.L("eval.mine.open"),
		func() { m.open() }, labelled(lang.L("eval.mine.who"), m.person))
	m.code, m.msg, m.openBtn, m.form = f.code, f.msg, f.open, f.form
	m.body = container.NewStack(m.form)
	return m
}

func (m *evalMyReport) content() fyne.CanvasObject { return m.body }

func (m *evalMyReport) setCampaign(c evaluation.Campaign, same bool) {
	m.c = c
	if same {
		return
	}
	m.hide()
	m.people = m.s.byName(c.Participants)
	opts := make([]string, len(m.people))
	for i, p := range m.people {
		opts[i] = m.s.name(p)
	}
	m.person.Options = opts
	m.person.Selected = ""
	m.person.Refresh()
	m.code.SetText("")
}

func (m *evalMyReport) say(text string) {
	m.msg.SetText(text)
	m.msg.Show()
}

// open opens the person's report with their code, off the Fyne thread
// (decryption, then the charts).
func (m *evalMyReport) open() {
	if m.body.Objects[0] != m.form {
		return // a report is shown
	}
	i := m.person.SelectedIndex()
	if i < 0 || i >= len(m.people) {
		m.say(lang.L("eval.mine.need_person"))
		return
	}
	if m.code.Text == "" {
		m.say(lang.L("eval.code.empty"))
		return
	}
	c, person, code := m.c, m.people[i], m.code.Text
	u := m.s.u
	m.gen++
	gen := m.gen
	language := u.language
	m.openBtn.Disable()
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		rep, err := u.r.MyReport(u.ctx, c.ID, person, code)
		var charts map[string][]byte
		if err == nil {
			charts, err = m.charts(rep, language)
		}
		if u.ctx.Err() != nil {
			return
		}
		u.post(func() {
			m.openBtn.Enable()
			if gen != m.gen || m.c.ID != c.ID {
				return
			}
			switch {
			case errors.Is(err, evaluation.ErrNotReleased):
				m.say(lang.L("eval.mine.not_released"))
			case errWrongCode(err):
				m.say(lang.L("eval.mine.wrong_code"))
			case errors.Is(err, seal.ErrBadCode):
				m.say(lang.L("eval.code.bad"))
			case err != nil:
				u.showError(lang.L("eval.error.report"), err)
			default:
				m.code.SetText("")
				m.msg.Hide()
				m.show(person, rep, charts)
			}
		})
	}()
}

// charts draws, per session, the self-against-peers chart of a report.
func (m *evalMyReport) charts(rep replica.ReleasedReport, language string) (map[string][]byte, error) {
	out := map[string][]byte{}
	text := render.ScoreChartText{Title: lang.L("eval.chart.title"), Self: lang.L("eval.chart.self"),
		Peers: lang.L("eval.chart.peers"), Missing: "–", Withheld: lang.L("eval.chart.withheld"), Language: language}
	for _, g := range rep.Grids {
		var bars []render.ScoreBar
		for _, l := range rep.Report.Lines {
			if l.Session != g.Session {
				continue
			}
			label := l.Criterion
			if cr, ok := g.Criterion(l.Criterion); ok {
				label = cr.Name.In(language)
			}
			bars = append(bars, render.ScoreBar{Label: label, Self: float64(l.Self), HasSelf: l.HasSelf,
				Peers: l.Peers.Mean, HasPeer: !l.Withheld && l.Peers.Count > 0, Withheld: l.Withheld})
		}
		if len(bars) == 0 {
			continue
		}
		var buf bytes.Buffer
		h := evalChartBasePx + evalChartRowPx*len(bars)
		if err := render.ScoresPNG(&buf, bars, g.Scale.Min, g.Scale.Max, text, evalChartWidth, h); err != nil {
			return nil, fmt.Errorf("chart of session %s: %w", g.Session, err)
		}
		out[g.Session] = buf.Bytes()
	}
	return out, nil
}

// show puts the released report on screen.
func (m *evalMyReport) show(person uuid.UUID, rep replica.ReleasedReport, charts map[string][]byte) {
	s := m.s
	c := rep.Campaign
	box := container.NewVBox()
	for _, g := range rep.Grids {
		box.Add(subheading(sessionLabel(g.Session)))
		if png, ok := charts[g.Session]; ok {
			img := canvas.NewImageFromResource(fyne.NewStaticResource("scores-"+g.Session+".png", png))
			img.FillMode = canvas.ImageFillContain
			h := float32(evalChartBasePx + evalChartRowPx*len(g.Criteria))
			img.SetMinSize(fyne.NewSize(evalChartWidth, h))
			box.Add(img)
		}
		box.Add(s.reportView(c, rep.Grids, rep.Report, g.Session, person))
		for _, ref := range rep.Reflections {
			if ref.Session != g.Session || ref.Person != person || ref.Empty() {
				continue
			}
			box.Add(widget.NewSeparator())
			box.Add(subheading(lang.L("eval.mine.reflection")))
			name := s.name(person)
			for i, q := range evaluation.ReflectionQuestions() {
				if t := ref.Answers[q]; t != "" {
					l := widget.NewLabel(lang.L("eval.reflection.q", map[string]any{"N": i + 1, "Text": questionText(q, name)}))
					l.TextStyle.Bold = true
					l.Wrapping = fyne.TextWrapWord
					box.Add(l)
					box.Add(paragraph(t))
				}
			}
		}
		box.Add(widget.NewSeparator())
	}
	box.Add(subheading(lang.L("eval.mine.actions")))
	actions, _ := s.u.r.PersonActions(person)
	actions = slices.DeleteFunc(actions, func(a meetings.Action) bool { return a.Done })
	if len(actions) == 0 {
		box.Add(paragraph(lang.L("eval.mine.actions.none")))
	}
	for _, a := range actions {
		box.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.RadioButtonIcon()), ownerDueLabel(s.actionOwnerDue(a)), paragraph(a.Text)))
	}
	closeBtn := widget.NewButtonWithIcon(lang.L("eval.mine.close"), theme.VisibilityOffIcon(), m.hide)
	head := subheading(lang.L("eval.mine.of", map[string]any{"Name": s.name(person), "Campaign": c.Name}))
	m.body.Objects = []fyne.CanvasObject{container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, nil, closeBtn, head), widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(container.NewPadded(box)))}
	m.body.Refresh()
}

// hide takes the report off the screen.
func (m *evalMyReport) hide() {
	m.gen++
	m.openBtn.Enable()
	m.body.Objects = []fyne.CanvasObject{m.form}
	m.body.Refresh()
}
