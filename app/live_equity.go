package app

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
)

// equityPanel shows, per person present, their turns and share of the
// speaking time against an equal share, with a bar each, and who has not
// spoken yet: "it is always the same people who speak" (DOMAIN.md,
// Speaking) becomes visible while it happens.
type equityPanel struct {
	s    *liveScreen
	rows *fyne.Container
	// Texts that change are put in as new labels: a label whose text is set
	// while its tab is hidden can keep showing the old text.
	notSpoken *fyne.Container
	total     *fyne.Container
	// notSpokenText is what notSpoken says.
	notSpokenText string
	root          fyne.CanvasObject
}

func newEquityPanel(s *liveScreen) *equityPanel {
	p := &equityPanel{s: s, rows: container.NewVBox()}
	p.notSpoken = container.NewVBox()
	p.total = container.NewVBox()
	p.root = container.NewVScroll(container.NewVBox(
		p.total, p.rows, widget.NewSeparator(),
		subheading(lang.L("live.equity.not_spoken")), p.notSpoken))
	return p
}

func (p *equityPanel) content() fyne.CanvasObject { return p.root }

// refresh recomputes the shares from the segments of the meeting.
func (p *equityPanel) refresh() {
	s := p.s
	shares := meetings.LiveShares(s.segments, s.present)
	// By time spoken, then by name: ids would give another order on each
	// laptop.
	slices.SortStableFunc(shares, func(a, b meetings.Share) int {
		if c := cmp.Compare(b.Time, a.Time); c != 0 {
			return c
		}
		return strings.Compare(konbit.Fold(s.name(a.Member)), konbit.Fold(s.name(b.Member)))
	})
	top := 0.0
	var objs []fyne.CanvasObject
	for _, sh := range shares {
		top = max(top, sh.Share, sh.EqualShare)
	}
	for _, sh := range shares {
		name := cell(s.name(sh.Member), true)
		turns := plural(s.u.language, sh.Turns, lang.L("live.equity.turns.one", count(sh.Turns)), lang.L("live.equity.turns.other", count(sh.Turns)))
		stat := caption(fmt.Sprintf("%s · %s · %s", turns, fmtDur(sh.Time), percent(s.u.language, sh.Share)))
		stat.Wrapping = fyne.TextWrapOff
		objs = append(objs, container.NewVBox(container.NewBorder(nil, nil, nil, stat, name), newShareBar(sh, top)))
	}
	p.rows.Objects = objs
	p.rows.Refresh()
	var total time.Duration
	for _, sg := range s.segments {
		total += sg.Duration
	}
	equal := 0.0
	if len(shares) > 0 {
		equal = shares[0].EqualShare // the same for everyone present
	}
	p.total.Objects = []fyne.CanvasObject{caption(lang.L("live.equity.summary", map[string]any{
		"Present": len(s.present), "Total": fmtDur(total), "Equal": percent(s.u.language, equal)}))}
	p.total.Refresh()
	var names []string
	for _, id := range meetings.NotSpoken(s.segments, s.present) {
		names = append(names, s.name(id))
	}
	p.notSpokenText = strings.Join(names, ", ")
	if len(names) == 0 {
		p.notSpokenText = lang.L("live.equity.everyone")
	}
	p.notSpoken.Objects = []fyne.CanvasObject{paragraph(p.notSpokenText)}
	p.notSpoken.Refresh()
}

// percent writes a share as a whole percentage, as the language shown
// writes it: "50%" in English, "50 %" with a narrow no-break space in
// French (which keeps the sign on the number's line).
func percent(language string, f float64) string {
	if language == langFR {
		return fmt.Sprintf("%.0f\u202f%%", f*100)
	}
	return fmt.Sprintf("%.0f%%", f*100)
}

// shareBar draws a person's share as a bar, with a mark at the equal
// share: over the mark, the bar is in the warning colour.
type shareBar struct {
	widget.BaseWidget
	share, equal, scale float64
}

func newShareBar(sh meetings.Share, scale float64) *shareBar {
	b := &shareBar{share: sh.Share, equal: sh.EqualShare, scale: scale}
	b.ExtendBaseWidget(b)
	return b
}

func (b *shareBar) CreateRenderer() fyne.WidgetRenderer {
	track := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	fill := canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	if b.share > b.equal*1.5 && b.equal > 0 {
		fill.FillColor = theme.Color(theme.ColorNameWarning)
	}
	mark := canvas.NewRectangle(theme.Color(theme.ColorNameForeground))
	return &shareBarRenderer{b: b, track: track, fill: fill, mark: mark}
}

type shareBarRenderer struct {
	b                 *shareBar
	track, fill, mark *canvas.Rectangle
}

func (r *shareBarRenderer) Layout(size fyne.Size) {
	frac := func(f float64) float32 {
		if r.b.scale <= 0 {
			return 0
		}
		return float32(f/r.b.scale) * size.Width
	}
	r.track.Resize(size)
	r.fill.Resize(fyne.NewSize(frac(r.b.share), size.Height))
	r.mark.Move(fyne.NewPos(max(0, frac(r.b.equal)-1), -2))
	r.mark.Resize(fyne.NewSize(2, size.Height+4))
}

func (r *shareBarRenderer) MinSize() fyne.Size {
	return fyne.NewSize(theme.TextSize()*4, theme.TextSize()*0.6)
}

func (r *shareBarRenderer) Refresh() { r.Layout(r.b.Size()); canvas.Refresh(r.b) }

func (r *shareBarRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.track, r.fill, r.mark}
}

func (r *shareBarRenderer) Destroy() {}
