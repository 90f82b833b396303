package evaluation_test

import (
	"fmt"
	"testing"

	"github.com/konbit/konbit/evaluation"
)

// BenchmarkForm times whole requests: people without attributes, the
// 24-person sample with four attributes, and 40 people with the sample's
// attributes repeated and a few keep-apart pairs. It reports the repeats
// reached so that a slower but worse change shows.
func BenchmarkForm(b *testing.B) {
	sample := grpSample()
	forty := grpPeople(40)
	for i := range forty {
		forty[i].Attributes = sample[i%24].Attributes
	}
	cases := []struct {
		name string
		g    evaluation.Grouping
	}{
		{"24/plain", evaluation.Grouping{People: grpPeople(24)}},
		{"24/sample", evaluation.Grouping{People: sample}},
		{"40/plain", evaluation.Grouping{People: grpPeople(40)}},
		{"40/attributes+keep-apart", evaluation.Grouping{People: forty, KeepApart: []evaluation.Pair{
			{A: forty[0].ID, B: forty[1].ID}, {A: forty[2].ID, B: forty[3].ID}, {A: forty[0].ID, B: forty[39].ID}}}},
		{"40/three-sessions", evaluation.Grouping{People: forty, Sessions: []string{"a", "b", "c"}}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			repeats := 0
			for i := 0; b.Loop(); i++ {
				c.g.Seed = uint64(i)
				plan, err := c.g.Form()
				if err != nil {
					b.Fatal(err)
				}
				repeats += plan.Score.RepeatCount
			}
			b.ReportMetric(float64(repeats)/float64(b.N), "repeats/op")
		})
	}
}

// BenchmarkCheck times the live re-score after a hand edit.
func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{24, 40} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			g := evaluation.Grouping{People: grpSample()}
			if n == 40 {
				g.People = grpPeople(40)
			}
			plan, err := g.Form()
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				g.Check(plan.Sessions)
			}
		})
	}
}
