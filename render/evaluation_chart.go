package render

import (
	"fmt"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ScoreBar is one criterion of a self-against-peers chart. A missing
// score (no self score, "can't say", or a withheld peer aggregate) draws
// no bar and writes Missing beside the row instead of a number.
type ScoreBar struct {
	Label   string
	Self    float64
	HasSelf bool
	Peers   float64
	HasPeer bool
	// Withheld: the peers' aggregate is hidden (too few raters); the
	// chart says so instead of Missing.
	Withheld bool
}

// ScoreChartText holds the words of a self-against-peers chart, in the
// reader's language.
type ScoreChartText struct {
	Title    string
	Self     string // legend of the self scores
	Peers    string // legend of the peers' mean
	Missing  string // written where there is no bar, e.g. "–"
	Withheld string // written where the peers' aggregate is withheld
	Language string // "fr" writes decimals with a comma
}

// ScoresPNG draws, per criterion, the person's own score and their peers'
// mean as two horizontal bars on the grid's scale (lo..hi), the numbers
// written beside them, as a PNG image width x height pixels (at 96 dpi).
// Bars start at zero so that their lengths compare, whatever the scale.
func ScoresPNG(w io.Writer, bars []ScoreBar, lo, hi int, text ScoreChartText, width, height int) error {
	if hi <= lo {
		return fmt.Errorf("chart: scale %d-%d", lo, hi)
	}
	p := plot.New()
	p.Title.Text = text.Title
	p.X.Min = 0
	p.X.Max = float64(hi) + 1.4 // room for the numbers
	self := make(plotter.Values, len(bars))
	peers := make(plotter.Values, len(bars))
	names := make([]string, len(bars))
	num := decimalIn(text.Language)
	var selfXY, peerXY plotter.XYs
	var selfLabels, peerLabels []string
	for i, b := range bars {
		// Bottom to top in the order given: the first criterion on top.
		j := len(bars) - 1 - i
		names[j] = b.Label
		sl, pl := text.Missing, text.Missing
		if b.HasSelf {
			self[j], sl = b.Self, num(b.Self)
			if b.Self == float64(int(b.Self)) {
				sl = fmt.Sprintf("%d", int(b.Self)) // a self score is a level
			}
		}
		switch {
		case b.HasPeer:
			peers[j], pl = b.Peers, num(b.Peers)
		case b.Withheld && text.Withheld != "":
			pl = text.Withheld
		}
		selfXY = append(selfXY, plotter.XY{X: self[j], Y: float64(j)})
		peerXY = append(peerXY, plotter.XY{X: peers[j], Y: float64(j)})
		selfLabels = append(selfLabels, sl)
		peerLabels = append(peerLabels, pl)
	}
	barWidth := vg.Points(float64(height) * 0.42 / float64(2*(len(bars)+1)))
	sb, err := plotter.NewBarChart(self, barWidth)
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	sb.Horizontal, sb.Color, sb.LineStyle.Width = true, valueColor, 0
	sb.Offset = barWidth / 2
	pb, err := plotter.NewBarChart(peers, barWidth)
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	pb.Horizontal, pb.Color, pb.LineStyle.Width = true, referenceColor, 0
	pb.Offset = -barWidth / 2
	p.Add(sb, pb)
	p.NominalY(names...)
	// An empty band above the top row keeps the legend off the bars.
	p.Y.Max = float64(len(bars)) - 0.5 + 0.9
	ticks := make([]plot.Tick, 0, hi-lo+2)
	for v := 0; v <= hi; v++ {
		if v == 0 || v >= lo {
			ticks = append(ticks, plot.Tick{Value: float64(v), Label: fmt.Sprint(v)})
		}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	for _, s := range []struct {
		xys    plotter.XYs
		labels []string
		dy     vg.Length
	}{{selfXY, selfLabels, barWidth / 2}, {peerXY, peerLabels, -barWidth / 2}} {
		lb, err := plotter.NewLabels(plotter.XYLabels{XYs: s.xys, Labels: s.labels})
		if err != nil {
			return fmt.Errorf("chart: %w", err)
		}
		for i := range lb.TextStyle {
			lb.TextStyle[i].XAlign = draw.XLeft
			lb.TextStyle[i].YAlign = draw.YCenter
		}
		lb.Offset = vg.Point{X: vg.Points(3), Y: s.dy}
		p.Add(lb)
	}
	p.Legend.Add(text.Self, sb)
	p.Legend.Add(text.Peers, pb)
	p.Legend.Top = true
	return writePNG(w, p, width, height)
}

// decimalIn formats a score with two decimals the way the language
// writes them: French with a comma.
func decimalIn(lang string) func(float64) string {
	return func(f float64) string {
		s := fmt.Sprintf("%.2f", f)
		if lang == "fr" {
			b := []byte(s)
			for i := range b {
				if b[i] == '.' {
					b[i] = ','
				}
			}
			s = string(b)
		}
		return s
	}
}
