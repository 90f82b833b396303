package replica_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/render"
)

// BenchmarkMinutesPDFFiveYears gathers the minutes of a two-hour meeting
// from the five-year database and writes them as a PDF with the
// speaking-time chart (target: under 300 ms). The meeting is the one
// with the most speech segments among those that lasted at most two and
// a half hours.
func BenchmarkMinutesPDFFiveYears(b *testing.B) {
	ctx := context.Background()
	r := openFiveYears(b)
	ms, _ := r.Meetings()
	var best meetings.Meeting
	most := -1
	for _, m := range ms {
		if d := m.EndedAt.Sub(m.StartedAt); d <= 0 || d > 150*time.Minute {
			continue
		}
		segs, err := r.Segments(ctx, m.ID)
		if err != nil {
			b.Fatal(err)
		}
		if len(segs) > most {
			best, most = m, len(segs)
		}
	}
	if most < 0 {
		b.Fatal("no meeting of two hours")
	}
	var size int
	var mins meetings.Minutes
	for b.Loop() {
		var err error
		mins, err = r.MinutesOf(ctx, best.ID, "")
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := render.MinutesPDF(&buf, mins, "", render.PaperA4); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	decisions := 0
	for _, it := range mins.Items {
		decisions += len(it.Decisions)
	}
	b.ReportMetric(best.EndedAt.Sub(best.StartedAt).Minutes(), "min-meeting")
	b.ReportMetric(float64(most), "segments")
	b.ReportMetric(float64(len(mins.Speaking)), "speakers")
	b.ReportMetric(float64(decisions), "decisions")
	b.ReportMetric(float64(size)/1024, "KiB-pdf")
}
