package render

import (
	"fmt"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bar is one row of a share chart: someone's (or a group's) share of the
// speaking time against the share they would have had if everyone
// present had spoken equally. Shares are fractions (0.25 for 25 %).
type Bar struct {
	Label     string
	Value     float64
	Reference float64
}

// ChartText holds the words of a chart, in the reader's language.
type ChartText struct {
	Title     string
	Value     string // legend of the values, e.g. "share of speaking time"
	Reference string // legend of the reference, e.g. "equal share"
	Language  string // "fr" writes "9 %" (French spacing), else "9%"
}

// Chart colours: the value in a strong blue, the reference in grey, as on
// the app's equity panel.
var (
	valueColor     = color.RGBA{R: 0x2b, G: 0x6c, B: 0xd9, A: 0xff}
	referenceColor = color.RGBA{R: 0x9a, G: 0x9a, B: 0x9a, A: 0xff}
)

// SharesPNG draws the bars, one pair per row (the value and its
// reference), with the percentages written beside them, as a PNG image
// width x height pixels (at 96 dpi).
func SharesPNG(w io.Writer, bars []Bar, text ChartText, width, height int) error {
	p := plot.New()
	p.Title.Text = text.Title
	p.X.Min = 0
	values := make(plotter.Values, len(bars))
	refs := make(plotter.Values, len(bars))
	names := make([]string, len(bars))
	max := 0.0
	for i, b := range bars {
		// Bottom to top in the order given: the first row on top.
		j := len(bars) - 1 - i
		values[j], refs[j], names[j] = b.Value, b.Reference, b.Label
		max = maxf(max, b.Value, b.Reference)
	}
	barWidth := vg.Points(float64(height) * 0.6 / float64(2*max1(len(bars))))
	vb, err := plotter.NewBarChart(values, barWidth)
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	vb.Horizontal, vb.Color, vb.LineStyle.Width = true, valueColor, 0
	vb.Offset = barWidth / 2
	rb, err := plotter.NewBarChart(refs, barWidth)
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	rb.Horizontal, rb.Color, rb.LineStyle.Width = true, referenceColor, 0
	rb.Offset = -barWidth / 2
	p.Add(vb, rb)
	p.NominalY(names...)
	p.X.Max = max*1.5 + 0.01 // room for the numbers and the legend
	pct := percentIn(text.Language)
	p.X.Tick.Marker = percentTicks{pct}

	// The numbers beside the bars.
	var xys plotter.XYs
	var labels []string
	for i := range values {
		xys = append(xys, plotter.XY{X: values[i], Y: float64(i)})
		labels = append(labels, pct(values[i]))
	}
	lb, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i].XAlign = draw.XLeft
		lb.Offset = vg.Point{X: vg.Points(3), Y: barWidth/2 - vg.Points(4)}
	}
	p.Add(lb)
	p.Legend.Add(text.Value, vb)
	p.Legend.Add(text.Reference, rb)
	p.Legend.Top = true
	return writePNG(w, p, width, height)
}

// Point is one point of a trend line: a label on the x axis (a month) and
// its value.
type Point struct {
	Label string
	Value float64
}

// TrendPNG draws one line per series over the same x labels (months), the
// values written at each point, as a PNG image.
func TrendPNG(w io.Writer, series map[string][]Point, order []string, title string, width, height int) error {
	p := plot.New()
	p.Title.Text = title
	p.Y.Min = 0
	var names []string
	palette := []color.Color{valueColor, color.RGBA{R: 0xd9, G: 0x6c, B: 0x2b, A: 0xff}, color.RGBA{R: 0x2b, G: 0xa0, B: 0x5a, A: 0xff}}
	for k, name := range order {
		pts := series[name]
		xys := make(plotter.XYs, len(pts))
		labels := make([]string, len(pts))
		for i, pt := range pts {
			xys[i] = plotter.XY{X: float64(i), Y: pt.Value}
			labels[i] = fmt.Sprintf("%.2f", pt.Value)
			if len(names) < len(pts) {
				names = append(names, pt.Label)
			}
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return fmt.Errorf("chart: %w", err)
		}
		l.Color = palette[k%len(palette)]
		l.Width = vg.Points(2)
		lb, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
		if err != nil {
			return fmt.Errorf("chart: %w", err)
		}
		p.Add(l, lb)
		p.Legend.Add(name, l)
	}
	p.NominalX(names...)
	p.Legend.Top = true
	return writePNG(w, p, width, height)
}

func writePNG(w io.Writer, p *plot.Plot, width, height int) error {
	wt, err := p.WriterTo(vg.Length(width)*vg.Inch/96, vg.Length(height)*vg.Inch/96, "png")
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	if _, err := wt.WriteTo(w); err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	return nil
}

// percentTicks labels a fraction axis in percent.
type percentTicks struct{ format func(float64) string }

func (t percentTicks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	step := 0.1
	if max > 0.6 {
		step = 0.2
	}
	for v := 0.0; v <= max+1e-9; v += step {
		out = append(out, plot.Tick{Value: v, Label: t.format(v)})
	}
	return out
}

// percentIn formats a fraction as a percentage the way the language
// writes it: French puts a no-break space before the sign.
func percentIn(lang string) func(float64) string {
	if lang == "fr" {
		return func(f float64) string { return fmt.Sprintf("%.0f\u00a0%%", 100*f) }
	}
	return func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }
}

func maxf(a float64, bs ...float64) float64 {
	for _, b := range bs {
		if b > a {
			a = b
		}
	}
	return a
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}
