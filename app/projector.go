package app

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"

	"github.com/konbit/konbit/meetings"
)

// Projector colours: light on black, for a room with the lights on.
var (
	projBackground = color.NRGBA{0x00, 0x00, 0x00, 0xff}
	projText       = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	projDim        = color.NRGBA{0xb8, 0xb8, 0xb8, 0xff}
	projWarn       = color.NRGBA{0xff, 0xd2, 0x3f, 0xff}
	projOver       = color.NRGBA{0xff, 0x5c, 0x5c, 0xff}
	projAccent     = color.NRGBA{0x7c, 0xc4, 0xff, 0xff}
)

// Projector text sizes, for a 1024x768 projector read from 3 m.
const (
	projItemSize    = 44
	projSpeakerSize = 88
	projTimerSize   = 120
	projNextSize    = 44
	projSmallSize   = 32
	projWidth       = 1024
	projHeight      = 768
	projMargin      = 36
)

// projector is a second window for the room, in big type: the current
// item and its time against its timebox, the speaker and their countdown,
// and who speaks next.
type projector struct {
	win        fyne.Window
	item       *canvas.Text
	itemTime   *canvas.Text
	speaker    *canvas.Text
	countdown  *canvas.Text
	limitNote  *canvas.Text
	nextTitle  *canvas.Text
	next       [3]*canvas.Text
	closedByUs bool
}

// toggleProjector opens the projector window, or closes it (F5).
func (s *liveScreen) toggleProjector() {
	if s.projector != nil {
		s.projector.close()
		s.projector = nil
		return
	}
	s.projector = newProjector(s)
	s.projector.update(s, s.u.now())
	s.projector.win.Show()
}

func newProjector(s *liveScreen) *projector {
	p := &projector{}
	text := func(size float32, c color.Color, bold bool) *canvas.Text {
		t := canvas.NewText("", c)
		t.TextSize = size
		t.TextStyle.Bold = bold
		return t
	}
	p.item = text(projItemSize, projAccent, true)
	p.itemTime = text(projSmallSize, projDim, false)
	p.speaker = text(projSpeakerSize, projText, true)
	p.countdown = text(projTimerSize, projText, true)
	p.countdown.TextStyle.Monospace = true
	p.limitNote = text(projSmallSize, projDim, false)
	p.nextTitle = text(projSmallSize, projDim, false)
	p.nextTitle.Text = lang.L("live.projector.next")
	nexts := container.NewVBox()
	for i := range p.next {
		p.next[i] = text(projNextSize, projText, false)
		nexts.Add(p.next[i])
	}
	body := container.NewVBox(p.item, p.itemTime, layout.NewSpacer(),
		p.speaker, p.countdown, p.limitNote, layout.NewSpacer(),
		p.nextTitle, nexts)
	bg := canvas.NewRectangle(projBackground)
	p.win = s.u.app.NewWindow(lang.L("live.projector.title"))
	p.win.SetContent(container.NewStack(bg, container.New(&marginLayout{projMargin}, body)))
	p.win.Resize(fyne.NewSize(projWidth, projHeight))
	p.win.SetOnClosed(func() {
		// Closed by the room (the window's close button): forget it.
		if !p.closedByUs && s.projector == p {
			s.projector = nil
		}
	})
	// The live screen's keys work on the projector too: the facilitator
	// may have clicked on it.
	if s.keys != nil {
		p.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
			if s.keys != nil {
				s.keys.typedKey(ev)
			}
		})
	}
	return p
}

// close closes the window.
func (p *projector) close() {
	p.closedByUs = true
	p.win.Close()
}

// update shows the floor at now.
func (p *projector) update(s *liveScreen, now time.Time) {
	width := float32(projWidth - 2*projMargin)
	if sz := p.win.Canvas().Size(); sz.Width > 0 {
		width = sz.Width - 2*projMargin
	}
	if it, ok := s.currentItem(); ok {
		setFit(p.item, it.Title, width)
		ip := meetings.Progress(s.items, s.meeting.CurrentItem, now)
		p.itemTime.Color = projDim
		for _, x := range ip.Items {
			if x.Current {
				p.itemTime.Text = itemTimes(x)
				if x.Over {
					p.itemTime.Color = projOver
				}
			}
		}
	} else {
		setFit(p.item, s.meeting.Title, width)
		p.itemTime.Text = ""
	}

	t := &s.floor.Timer
	p.countdown.Color, p.limitNote.Color = projText, projDim
	if cur := s.floor.Queue.Current; cur != nil {
		setFit(p.speaker, s.name(cur.Member), width)
		p.speaker.Color = projText
		switch {
		case t.Exceeded(now):
			p.countdown.Text = "+" + fmtDur(-t.Remaining(now))
			p.countdown.Color, p.limitNote.Color = projOver, projOver
			p.limitNote.Text = lang.L("live.projector.over", map[string]any{"Limit": fmtDur(t.Limit)})
		case t.Limit > 0:
			p.countdown.Text = fmtDur(t.Remaining(now))
			p.limitNote.Text = lang.L("live.projector.left", map[string]any{"Limit": fmtDur(t.Limit)})
			if t.Remaining(now) <= 15*time.Second {
				p.countdown.Color = projWarn
			}
		default:
			p.countdown.Text = fmtDur(t.Elapsed(now))
			p.limitNote.Text = lang.L("live.projector.elapsed")
		}
		if !t.Running {
			p.limitNote.Text = lang.L("live.paused") + " · " + p.limitNote.Text
		}
	} else {
		p.speaker.Text = lang.L("live.nobody")
		p.speaker.Color = projDim
		p.countdown.Text = ""
		p.limitNote.Text = ""
	}

	next := s.upcoming(len(p.next))
	p.nextTitle.Hidden = len(next) == 0
	for i, t := range p.next {
		t.Text = ""
		if i < len(next) {
			setFit(t, next[i], width)
		}
	}
	for _, t := range []*canvas.Text{p.item, p.itemTime, p.speaker, p.countdown, p.limitNote, p.nextTitle, p.next[0], p.next[1], p.next[2]} {
		t.Refresh()
	}
}

// upcoming names the next n speakers: the round's next participants while
// a round runs, else the queue in order of service.
func (s *liveScreen) upcoming(n int) []string {
	var out []string
	if r := s.floor.Round; r != nil && !r.Finished() {
		for i := r.Index + 1; i < len(r.Participants) && len(out) < n; i++ {
			out = append(out, s.name(r.Participants[i]))
		}
		start := 0
		if r.Index >= len(r.Participants) {
			start = 1 // the first of the come-back list is on the floor
		}
		for i := start; i < len(r.Passed) && len(out) < n; i++ {
			out = append(out, s.name(r.Passed[i]))
		}
		return out
	}
	for i, pl := range s.floor.Queue.Order(s.stats()) {
		if i == n {
			break
		}
		name := s.name(pl.Entry.Member)
		if k := turnKindLabel(pl.Entry.Kind, false); k != "" {
			name += " (" + k + ")"
		}
		out = append(out, name)
	}
	return out
}

// setFit sets a text, shortened with an ellipsis to fit width.
func setFit(t *canvas.Text, text string, width float32) {
	t.Text = text
	if fyne.MeasureText(text, t.TextSize, t.TextStyle).Width <= width {
		return
	}
	r := []rune(text)
	for len(r) > 1 {
		r = r[:len(r)-1]
		t.Text = string(r) + "…"
		if fyne.MeasureText(t.Text, t.TextSize, t.TextStyle).Width <= width {
			return
		}
	}
}

// marginLayout keeps a margin around its content.
type marginLayout struct{ margin float32 }

func (m *marginLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(m.margin, m.margin))
		o.Resize(size.SubtractWidthHeight(2*m.margin, 2*m.margin))
	}
}

func (m *marginLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s.AddWidthHeight(2*m.margin, 2*m.margin)
}
