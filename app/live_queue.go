package app

import (
	"image/color"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
)

// queuePanel is the centre of the live screen: who has the floor and for
// how long, the field to raise hands from the keyboard, and the queue in
// order of service with why each person is where they are.
type queuePanel struct {
	s *liveScreen

	speaker *canvas.Text
	// speakerBox lets a long name (a committee's) be shortened to the
	// column rather than widen it.
	speakerBox *fyne.Container
	card       *fyne.Container
	kind       *widget.Label
	timer      *canvas.Text
	limitText  *textBox
	overBg     *canvas.Rectangle
	pauseBtn   *widget.Button
	nextBtn    *widget.Button
	endBtn     *widget.Button
	limit      *keyEntry
	ordering   *widget.Select
	setting    bool // the ordering select is being set by code

	raise   *keyEntry
	hint    *textBox
	matches []uuid.UUID
	pick    int // index in matches chosen with Up/Down

	order []meetings.Placed
	list  *widget.List
	sel   int // selected row of the queue, -1 for none
	empty *widget.Label
	root  fyne.CanvasObject
}

func newQueuePanel(s *liveScreen) *queuePanel {
	p := &queuePanel{s: s, sel: -1}
	size := theme.TextSize()

	p.speaker = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	p.speaker.TextSize = 2.2 * size
	p.speaker.TextStyle.Bold = true
	p.speakerBox = container.New(&narrowLayout{}, p.speaker)
	p.kind = widget.NewLabel("")
	p.kind.SizeName = theme.SizeNameCaptionText
	p.timer = canvas.NewText("0:00", theme.Color(theme.ColorNameForeground))
	p.timer.TextSize = 3.2 * size
	p.timer.TextStyle.Monospace = true
	p.timer.TextStyle.Bold = true
	p.limitText = newTextBox(paragraph)
	p.overBg = canvas.NewRectangle(color.Transparent)
	p.overBg.CornerRadius = theme.InputRadiusSize()

	p.nextBtn = widget.NewButtonWithIcon(lang.L("live.next_speaker"), theme.MediaSkipNextIcon(), s.nextSpeaker)
	p.nextBtn.Importance = widget.HighImportance
	// Pause and end of turn are icons, so that the main button keeps its
	// words at 1024x768: the timer says "paused", the help names the keys.
	p.pauseBtn = widget.NewButtonWithIcon("", theme.MediaPauseIcon(), s.togglePause)
	p.endBtn = widget.NewButtonWithIcon("", theme.MediaStopIcon(), s.endTurnNow)

	p.limit = newKeyEntry(s)
	p.limit.SetPlaceHolder(lang.L("live.limit.none"))
	p.limit.OnSubmitted = func(string) { s.setLimit(p.limit.Text) }
	p.ordering = widget.NewSelect([]string{lang.L("live.ordering.first_come"), lang.L("live.ordering.progressive")}, func(string) {
		if p.setting {
			return
		}
		mode := meetings.FirstCome
		if p.ordering.SelectedIndex() == 1 {
			mode = meetings.Progressive
		}
		s.setOrdering(mode)
	})

	p.raise = newKeyEntry(s)
	p.raise.raiseField = true
	p.raise.SetPlaceHolder(lang.L("live.raise.placeholder"))
	p.raise.OnChanged = func(string) { p.pick = 0; p.updateMatches() }
	p.hint = newTextBox(caption)
	p.hint.set(lang.L("live.raise.hint"), widget.MediumImportance)

	p.empty = caption(lang.L("live.queue.empty"))
	p.list = widget.NewList(
		func() int { return len(p.order) },
		func() fyne.CanvasObject {
			pos := widget.NewLabel("00")
			pos.TextStyle.Bold = true
			name := cell("", true)
			kind := widget.NewLabel("")
			kind.SizeName = theme.SizeNameCaptionText
			kind.Importance = widget.WarningImportance
			why := widget.NewLabel("")
			why.SizeName = theme.SizeNameCaptionText
			why.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, pos, nil,
				container.NewVBox(container.NewBorder(nil, nil, nil, kind, name), why))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.order) {
				return
			}
			pl := p.order[id]
			c := o.(*fyne.Container)
			c.Objects[1].(*widget.Label).SetText(strconv.Itoa(id + 1))
			box := c.Objects[0].(*fyne.Container)
			head := box.Objects[0].(*fyne.Container)
			head.Objects[0].(*widget.Label).SetText(s.name(pl.Entry.Member))
			kind := head.Objects[1].(*widget.Label)
			kind.SetText(turnKindLabel(pl.Entry.Kind, pl.Entry.Moved))
			box.Objects[1].(*widget.Label).SetText(whyText(s.u.language, pl.Why))
			head.Refresh() // the kind's width changed: lay the row out again
		})
	p.list.OnSelected = func(id widget.ListItemID) { p.sel = id }
	p.list.OnUnselected = func(id widget.ListItemID) {
		if p.sel == id {
			p.sel = -1
		}
	}

	p.card = container.NewStack(p.overBg, container.NewPadded(container.NewVBox(
		container.NewBorder(nil, nil, nil, p.kind, p.speakerBox),
		p.timer,
		p.limitText.Container,
	)))
	controls := container.NewBorder(nil, nil, nil, container.NewHBox(p.pauseBtn, p.endBtn), p.nextBtn)
	settings := container.New(&formColumns{}, widget.NewLabel(lang.L("live.limit")), p.limit,
		widget.NewLabel(lang.L("live.ordering")), p.ordering)
	raiseBox := container.NewVBox(subheading(lang.L("live.raise")), p.raise, p.hint.Container)
	top := container.NewVBox(p.card, controls, settings, widget.NewSeparator(), raiseBox,
		subheading(lang.L("live.queue")))
	p.root = container.NewBorder(top, nil, nil, nil, container.NewStack(p.list, container.NewVBox(p.empty)))
	return p
}

func (p *queuePanel) content() fyne.CanvasObject { return p.root }

// focus puts the cursor in the raise-hand field.
func (p *queuePanel) focus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(p.raise); c != nil {
		c.Focus(p.raise)
	}
}

// refresh shows the queue, the speaker and the settings.
func (p *queuePanel) refresh() {
	s := p.s
	p.order = s.floor.Queue.Order(s.stats())
	if p.sel >= len(p.order) {
		p.sel = len(p.order) - 1
	}
	p.list.Refresh()
	if p.sel >= 0 {
		p.list.Select(p.sel)
	} else {
		p.list.UnselectAll()
	}
	p.empty.Hidden = len(p.order) > 0
	p.empty.Refresh()
	if c, ok := p.root.(*fyne.Container); ok {
		c.Refresh()
	}

	p.setting = true
	if s.meeting.Ordering == meetings.Progressive {
		p.ordering.SetSelectedIndex(1)
	} else {
		p.ordering.SetSelectedIndex(0)
	}
	p.setting = false
	if !p.limit.focused {
		if l := s.limit(); l > 0 {
			p.limit.SetText(fmtDur(l))
		} else {
			p.limit.SetText("")
		}
	}
	p.updateMatches()
}

// refreshTimes shows the speaker and their time.
func (p *queuePanel) refreshTimes(now time.Time) {
	s := p.s
	fg := theme.Color(theme.ColorNameForeground)
	cur := s.floor.Queue.Current
	p.overBg.FillColor = color.Transparent
	p.timer.Color = fg
	changed := false
	if cur == nil {
		p.speaker.Text = "—"
		p.speaker.Color = theme.Color(theme.ColorNameDisabled)
		p.kind.SetText("")
		p.timer.Text = fmtDur(0)
		changed = p.limitText.set(lang.L("live.nobody")+" · "+limitSummary(s.limit()), widget.MediumImportance)
		p.pauseBtn.Disable()
		p.endBtn.Disable()
	} else {
		t := &s.floor.Timer
		setFit(p.speaker, s.name(cur.Member), p.speakerBox.Size().Width)
		p.speaker.Color = fg
		p.kind.SetText(turnKindLabel(cur.Kind, false))
		p.timer.Text = fmtDur(t.Elapsed(now))
		p.pauseBtn.Enable()
		p.endBtn.Enable()
		var text string
		imp := widget.MediumImportance
		switch {
		case t.Exceeded(now):
			over := -t.Remaining(now)
			text = lang.L("live.limit.over", map[string]any{"Over": fmtDur(over), "Limit": fmtDur(t.Limit)})
			imp = widget.DangerImportance
			p.timer.Color = theme.Color(theme.ColorNameError)
			p.overBg.FillColor = withAlpha(theme.Color(theme.ColorNameError), 0x40)
		case t.Limit > 0:
			text = lang.L("live.limit.left", map[string]any{"Left": fmtDur(t.Remaining(now)), "Limit": fmtDur(t.Limit)})
			if t.Remaining(now) <= 15*time.Second {
				imp = widget.WarningImportance
				p.timer.Color = theme.Color(theme.ColorNameWarning)
			}
		default:
			text = lang.L("live.limit.no_limit")
		}
		if !t.Running {
			text = lang.L("live.paused") + " · " + text
		}
		changed = p.limitText.set(text, imp)

	}
	if s.floor.Timer.Running || cur == nil {
		p.pauseBtn.SetIcon(theme.MediaPauseIcon())
	} else {
		p.pauseBtn.SetIcon(theme.MediaPlayIcon())
	}
	if s.roundActive() {
		p.nextBtn.SetText(lang.L("live.round.next"))
	} else {
		p.nextBtn.SetText(lang.L("live.next_speaker"))
	}
	p.speaker.Refresh()
	p.timer.Refresh()
	p.overBg.Refresh()
	if changed {
		p.card.Refresh() // the limit may take another line
	}
}

// limitSummary says what the speaking limit per turn is.
func limitSummary(limit time.Duration) string {
	if limit <= 0 {
		return lang.L("live.limit.no_limit")
	}
	return lang.L("live.limit.is", map[string]any{"Limit": fmtDur(limit)})
}

// updateMatches lists the people whose name starts with what was typed:
// present people first, then the other members.
func (p *queuePanel) updateMatches() {
	s := p.s
	typed := strings.TrimSpace(p.raise.Text)
	p.matches = nil
	if typed != "" {
		seen := map[uuid.UUID]bool{}
		add := func(id uuid.UUID) {
			if !seen[id] && konbit.MatchName(s.names[id], typed) != konbit.NoMatch {
				seen[id] = true
				p.matches = append(p.matches, id)
			}
		}
		for _, id := range s.present {
			add(id)
		}
		var others []uuid.UUID
		for _, m := range s.members {
			others = append(others, m.ID)
		}
		for _, id := range s.sortByName(others) {
			add(id)
		}
	}
	if p.pick >= len(p.matches) {
		p.pick = 0
	}
	switch {
	case typed == "":
		p.hint.set(lang.L("live.raise.hint"), widget.MediumImportance)
	case len(p.matches) == 0:
		p.hint.set(lang.L("live.raise.no_match", map[string]any{"Text": strings.TrimSpace(p.raise.Text)}), widget.DangerImportance)
	default:
		from, to := matchWindow(len(p.matches), p.pick, shownMatches)
		var names []string
		if from > 0 {
			names = append(names, "…")
		}
		for i, id := range p.matches[from:to] {
			n := s.name(id)
			if from+i == p.pick {
				n = "▶ " + n
			}
			if !slices.Contains(s.present, id) {
				n += " " + lang.L("live.raise.not_present")
			}
			names = append(names, n)
		}
		if to < len(p.matches) {
			names = append(names, "…")
		}
		p.hint.set(strings.Join(names, " · "), widget.MediumImportance)
	}
}

// shownMatches is how many matching names the hint shows.
const shownMatches = 5

// matchWindow is the part [from, to) of n matches the hint shows: at most
// size names around the chosen one, so that the name Enter will raise a
// hand for is always on screen, however far Up/Down went.
func matchWindow(n, pick, size int) (from, to int) {
	if n <= size {
		return 0, n
	}
	from = min(max(0, pick-size/2), n-size)
	return from, from + size
}

// cycleMatch chooses another of the matching names (Up/Down in the field).
func (p *queuePanel) cycleMatch(step int) {
	if len(p.matches) == 0 {
		return
	}
	p.pick = (p.pick + step + len(p.matches)) % len(p.matches)
	p.updateMatches()
}

// raiseHand raises a hand of the given kind for the chosen name.
func (s *liveScreen) raiseHand(kind meetings.TurnKind) {
	p := s.queue
	p.updateMatches()
	if len(p.matches) == 0 {
		return
	}
	who := p.matches[p.pick]
	if err := s.floor.Queue.Raise(who, kind, s.u.now()); err != nil {
		p.hint.set(lang.L("live.raise.already", map[string]any{"Name": s.name(who)}), widget.DangerImportance)
		return
	}
	p.raise.SetText("")
	s.floorChanged()
}

// selected is the member of the selected row of the queue (the first row
// if none is selected).
func (s *liveScreen) selected() (meetings.Placed, int, bool) {
	p := s.queue
	if len(p.order) == 0 {
		return meetings.Placed{}, -1, false
	}
	i := max(p.sel, 0)
	return p.order[i], i, true
}

// selectQueue moves the selection in the queue.
func (s *liveScreen) selectQueue(step int) {
	p := s.queue
	if len(p.order) == 0 {
		return
	}
	p.sel = max(0, min(len(p.order)-1, p.sel+step))
	p.list.Select(p.sel)
}

// lowerHand removes the selected person's hands from the queue.
func (s *liveScreen) lowerHand() {
	pl, _, ok := s.selected()
	if !ok {
		return
	}
	if err := s.floor.Queue.Lower(pl.Entry.Member); err != nil {
		s.u.showError(lang.L("live.error.queue"), err)
		return
	}
	s.floorChanged()
}

// moveQueued moves the selected normal hand up or down among the normal
// hands; the move is marked as the keeper's.
func (s *liveScreen) moveQueued(step int) {
	pl, row, ok := s.selected()
	if !ok || pl.Entry.Kind != meetings.Normal {
		return
	}
	idx := 0
	for _, o := range s.queue.order[:row] {
		if o.Entry.Kind == meetings.Normal {
			idx++
		}
	}
	if err := s.floor.Queue.Move(pl.Entry.Member, max(0, idx+step), s.stats()); err != nil {
		s.u.showError(lang.L("live.error.queue"), err)
		return
	}
	s.queue.sel = max(0, min(len(s.queue.order)-1, row+step))
	s.floorChanged()
}

// turnKindLabel names a kind of turn, with the keeper's mark.
func turnKindLabel(k meetings.TurnKind, moved bool) string {
	var out string
	switch k {
	case meetings.PointOfOrder:
		out = lang.L("live.kind.point_of_order")
	case meetings.DirectResponse:
		out = lang.L("live.kind.response")
	}
	if moved {
		if out != "" {
			out += " · "
		}
		out += lang.L("live.moved")
	}
	return out
}

// whyText says, translated, why someone is where they are in the queue.
func whyText(language string, w meetings.Why) string {
	spoken := map[string]any{"Spoken": fmtDur(w.Spoken), "Count": w.SpokeOnItem, "Time": clockTime(w.Raised)}
	switch w.Code {
	case meetings.WhyPointOfOrder:
		return lang.L("live.why.point_of_order")
	case meetings.WhyResponse:
		return lang.L("live.why.response")
	case meetings.WhyManual:
		return lang.L("live.why.manual")
	case meetings.WhyFirstCome:
		return lang.L("live.why.first_come", map[string]any{"Time": w.Raised.Local().Format("15:04:05")})
	case meetings.WhyNotSpokenItem:
		return lang.L("live.why.not_spoken_item", spoken)
	case meetings.WhySpokenItem:
		return plural(language, w.SpokeOnItem, lang.L("live.why.spoken_item.one", spoken), lang.L("live.why.spoken_item.other", spoken))
	}
	return w.String()
}

// withAlpha is c made translucent.
func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}
