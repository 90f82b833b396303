package app

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/meetings"
)

// trendHeight is the height of the Gini trend in text heights: enough to
// see a slope, small enough to leave the rows most of a 768-pixel screen.
const trendHeight = 9

// trendChart draws the Gini coefficient month by month as a line drawn
// with Fyne's canvas, the values written at the points (some of them when
// there are many months), so that a group sees whether speaking time is
// getting more even over the year.
type trendChart struct {
	widget.BaseWidget
	months   []meetings.MonthEquity
	language string
}

func newTrendChart() *trendChart {
	c := &trendChart{}
	c.ExtendBaseWidget(c)
	return c
}

// set shows other months.
func (c *trendChart) set(months []meetings.MonthEquity) {
	c.months = months
	c.Refresh()
}

func (c *trendChart) CreateRenderer() fyne.WidgetRenderer {
	return &trendRenderer{c: c}
}

type trendRenderer struct {
	c    *trendChart
	objs []fyne.CanvasObject
}

// top is the value at the top of the chart: a round tenth above the
// highest month, at least 0.5, so that a flat line near 0.3 does not look
// like a steep one.
func trendTop(months []meetings.MonthEquity) float64 {
	top := 0.5
	for _, m := range months {
		top = max(top, math.Ceil((m.Gini+0.05)*10)/10)
	}
	return min(top, 1)
}

func (r *trendRenderer) Layout(size fyne.Size) {
	r.objs = r.objs[:0]
	ts := theme.CaptionTextSize()
	fg := theme.Color(theme.ColorNameForeground)
	grid := theme.Color(theme.ColorNameDisabled)
	left, bottom, topPad := ts*3, ts*1.8, ts*0.8
	w, h := size.Width-left-ts, size.Height-bottom-topPad
	if w <= 0 || h <= 0 {
		return
	}
	top := trendTop(r.c.months)
	y := func(v float64) float32 { return topPad + h - float32(v/top)*h }
	text := func(s string, c color.Color, x, yy float32, align fyne.TextAlign) {
		t := canvas.NewText(s, c)
		t.TextSize = ts
		t.Alignment = align
		ms := t.MinSize()
		switch align {
		case fyne.TextAlignCenter:
			x -= ms.Width / 2
		case fyne.TextAlignTrailing:
			x -= ms.Width
		}
		t.Move(fyne.NewPos(x, yy-ms.Height/2))
		t.Resize(ms)
		r.objs = append(r.objs, t)
	}
	line := func(x1, y1, x2, y2 float32, c color.Color, width float32) {
		l := canvas.NewLine(c)
		l.StrokeWidth = width
		l.Position1, l.Position2 = fyne.NewPos(x1, y1), fyne.NewPos(x2, y2)
		r.objs = append(r.objs, l)
	}
	for v := 0.0; v <= top+1e-9; v += top / 4 {
		line(left, y(v), left+w, y(v), grid, 1)
		text(decimal(r.c.language, v), fg, left-ts*0.4, y(v), fyne.TextAlignTrailing)
	}
	n := len(r.c.months)
	if n == 0 {
		return
	}
	// The first and last points stand in from the ends, so that their
	// month and value are not cut.
	inset := ts * 2.5
	x := func(i int) float32 {
		if n == 1 {
			return left + w/2
		}
		return left + inset + (w-2*inset)*float32(i)/float32(n-1)
	}
	// Label every k-th month so that labels do not overlap.
	label := ts * 4.2
	k := max(1, int(math.Ceil(float64(label*float32(n)/(w-2*inset)))))
	primary := theme.Color(theme.ColorNamePrimary)
	for i := 1; i < n; i++ {
		line(x(i-1), y(r.c.months[i-1].Gini), x(i), y(r.c.months[i].Gini), primary, 2.5)
	}
	for i, m := range r.c.months {
		dot := canvas.NewCircle(primary)
		dot.Move(fyne.NewPos(x(i)-3, y(m.Gini)-3))
		dot.Resize(fyne.NewSize(6, 6))
		r.objs = append(r.objs, dot)
		if i%k == 0 || i == n-1 && n <= 2*k {
			text(m.Month, fg, x(i), topPad+h+bottom/2, fyne.TextAlignCenter)
			text(decimal(r.c.language, m.Gini), primary, x(i), y(m.Gini)-ts*0.9, fyne.TextAlignCenter)
		}
	}
}

func (r *trendRenderer) MinSize() fyne.Size {
	return fyne.NewSize(theme.TextSize()*12, theme.TextSize()*trendHeight)
}

func (r *trendRenderer) Refresh() {
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *trendRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *trendRenderer) Destroy() {}
