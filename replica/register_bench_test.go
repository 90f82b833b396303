package replica_test

import (
	"context"
	"testing"

	"github.com/konbit/konbit/replica"
)

// BenchmarkRegisterSearchFiveYears searches the decision register of five
// years (about 1,000 decisions) as the Decisions screen does, by words
// typed without accents, ranked, decisions decoded (target: under 10 ms).
func BenchmarkRegisterSearchFiveYears(b *testing.B) {
	ctx := context.Background()
	r := openFiveYears(b)
	all, err := r.SearchDecisions(ctx, replica.DecisionQuery{})
	if err != nil || len(all) < 900 {
		b.Fatalf("%d decisions, %v", len(all), err)
	}
	var hits int
	for b.Loop() {
		hs, err := r.SearchDecisions(ctx, replica.DecisionQuery{Text: "reunions embauche"})
		if err != nil {
			b.Fatal(err)
		}
		hs2, err := r.SearchDecisions(ctx, replica.DecisionQuery{Text: "procedure d'evaluation"})
		if err != nil {
			b.Fatal(err)
		}
		hits = len(hs) + len(hs2)
	}
	b.ReportMetric(float64(hits), "hits")
}

// BenchmarkRegisterSearchCommonWordFiveYears searches a word found in a
// large share of the decisions, every hit decoded: the worst case.
func BenchmarkRegisterSearchCommonWordFiveYears(b *testing.B) {
	ctx := context.Background()
	r := openFiveYears(b)
	var n int
	for b.Loop() {
		hs, err := r.SearchDecisions(ctx, replica.DecisionQuery{Text: "reunion"})
		if err != nil {
			b.Fatal(err)
		}
		n = len(hs)
	}
	b.ReportMetric(float64(n), "hits")
}

// BenchmarkSimilarDecisionsFiveYears looks for past decisions like a
// draft proposal, as the meeting flow does while it is typed.
func BenchmarkSimilarDecisionsFiveYears(b *testing.B) {
	ctx := context.Background()
	r := openFiveYears(b)
	for b.Loop() {
		if _, err := r.SimilarDecisions(ctx, "Proposition : embaucher un nouveau développeur pour les projets Drupal, avec un bilan dans six mois", 5); err != nil {
			b.Fatal(err)
		}
	}
}
