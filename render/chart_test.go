package render_test

import (
	"bytes"
	"image/png"
	"testing"

	"github.com/konbit/konbit/render"
)

// Charts are real PNG images of the size asked, and differ when the data
// differ.
func TestChartsArePNG(t *testing.T) {
	bars := []render.Bar{{"Omar", 0.42, 0.2}, {"Jenny", 0.08, 0.2}, {"Geneviève", 0, 0.2}}
	var a, b bytes.Buffer
	if err := render.SharesPNG(&a, bars, render.ChartText{Title: "Temps de parole", Value: "part", Reference: "part égale"}, 640, 360); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if s := img.Bounds().Size(); s.X != 640 || s.Y != 360 {
		t.Fatalf("size %v", s)
	}
	bars[0].Value = 0.6
	if err := render.SharesPNG(&b, bars, render.ChartText{Title: "Temps de parole"}, 640, 360); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("different data, same image")
	}
	var c bytes.Buffer
	series := map[string][]render.Point{"Gini": {{"2010-09", 0.41}, {"2010-10", 0.38}, {"2010-11", 0.33}}}
	if err := render.TrendPNG(&c, series, []string{"Gini"}, "Gini", 640, 360); err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(c.Bytes())); err != nil {
		t.Fatal(err)
	}
}
