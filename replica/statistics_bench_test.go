package replica_test

import (
	"context"
	"testing"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// BenchmarkSpeakingReportFiveYears computes speaking-time equity over five
// years of meetings (about 250 meetings, 50,000 segments, 12,000
// attendance marks), by person and by committee (target: under 50 ms).
func BenchmarkSpeakingReportFiveYears(b *testing.B) {
	ctx := context.Background()
	r := openFiveYears(b)
	for _, c := range []struct {
		name string
		q    replica.StatsQuery
	}{
		{"all-by-person", replica.StatsQuery{}},
		{"all-by-committee", replica.StatsQuery{By: string(meetings.ByCommittee)}},
		{"one-year-weekly", replica.StatsQuery{From: "2014-06-01", To: "2015-05-31", Templates: []string{meetings.TemplateWeeklyProduction}}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				rep, err := r.SpeakingReport(ctx, c.q)
				if err != nil {
					b.Fatal(err)
				}
				if len(rep.Rows) == 0 {
					b.Fatal("no rows")
				}
			}
		})
	}
}
