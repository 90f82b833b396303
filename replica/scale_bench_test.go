package replica_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
)

// Five years of meetings, the scale the store must stay quick at: about
// 250 meetings, 50,000 speech segments, 12,000 attendance marks and 1,000
// decisions, for an organisation of 52 people (the sample's 26, and as
// many again who came and went). Generated once per test binary.
var (
	fiveYearsOnce sync.Once
	fiveYearsDir  string
	fiveYearsErr  error
)

func fiveYears(b *testing.B) string {
	b.Helper()
	fiveYearsOnce.Do(func() {
		dir, err := os.MkdirTemp("", "konbit-five-years-*")
		if err != nil {
			fiveYearsErr = err
			return
		}
		fiveYearsDir = dir
		fiveYearsErr = generateFiveYears(dir)
	})
	if fiveYearsErr != nil {
		b.Fatal(fiveYearsErr)
	}
	return fiveYearsDir
}

// openFiveYears opens the five-year database for one benchmark (with the
// default, durable store options) and closes it when the benchmark ends.
func openFiveYears(b *testing.B) *replica.Replica {
	b.Helper()
	r, err := replica.Open(context.Background(), fiveYears(b), sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { r.Close() })
	return r
}

func generateFiveYears(dir string) error {
	ctx := context.Background()
	r, err := replica.Open(ctx, dir, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		return err
	}
	defer r.Close()
	if err := r.LoadSample(ctx); err != nil {
		return err
	}
	for i := 0; len(mustMembers(r)) < 52; i++ {
		if _, err := r.AddMember(ctx, konbit.Member{Name: fmt.Sprintf("Membre %02d", i), Category: konbit.Salaried, WeeklyHours: float64(15 + i%20), Languages: []string{"fr"}}); err != nil {
			return err
		}
	}
	n, err := r.LoadSampleHistory(ctx, replica.SampleHistory{End: "2015-06-01", Weeks: 200, Seed: 5,
		CommitteeMeetingsPerWeek: -1, TurnsPerHour: 85, ProposalsPerMeeting: 5})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "five years: %+v\n", n)
	return nil
}

func mustMembers(r *replica.Replica) []konbit.Member {
	ms, _ := r.Members()
	return ms
}

// BenchmarkOpenFiveYears opens the replica holding five years of meetings
// (target: under 300 ms) and reports the heap the open replica holds.
func BenchmarkOpenFiveYears(b *testing.B) {
	dir := fiveYears(b)
	ctx := context.Background()
	var heap uint64
	for b.Loop() {
		r, err := replica.Open(ctx, dir, sqlite.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heap = ms.HeapAlloc
		if n, _ := r.Meetings(); len(n) < 240 {
			b.Fatalf("only %d meetings", len(n))
		}
		r.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(heap)/(1<<20), "MiB-heap-open")
}

// BenchmarkSegmentAppendFiveYears records one speaking turn durably
// (synchronous=FULL, fsync included) into the five-year database
// (target: under 2 ms).
func BenchmarkSegmentAppendFiveYears(b *testing.B) {
	src := fiveYears(b)
	dir := b.TempDir()
	copyDB(b, src, dir)
	ctx := context.Background()
	r, err := replica.Open(ctx, dir, sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	ms, _ := r.Meetings()
	m := ms[0]
	items, _ := r.Agenda(m.ID)
	speakers, _ := r.Present(ctx, m.ID)
	start := m.When(time.Local)
	i := 0
	for b.Loop() {
		s := meetings.Segment{Meeting: m.ID, Item: items[0].ID, Speaker: speakers[i%len(speakers)], Kind: meetings.Normal,
			Start: start.Add(time.Duration(i) * time.Second), Duration: 30 * time.Second, Language: "fr"}
		if _, err := r.RecordSegment(ctx, s); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkSuggestRolesFiveYears suggests the roles of the newest meeting
// from the whole history of its body (five years of the collective).
func BenchmarkSuggestRolesFiveYears(b *testing.B) {
	ctx := context.Background()
	r := openFiveYears(b)
	ms, _ := r.Meetings()
	var latest uuid.UUID
	for _, m := range ms {
		if m.Body == uuid.Nil {
			latest = m.ID
			break
		}
	}
	for b.Loop() {
		sug, err := r.SuggestRoles(ctx, latest, meetings.SuggestOptions{})
		if err != nil || len(sug) == 0 {
			b.Fatal(err, sug)
		}
	}
}

// BenchmarkMembershipCheckFiveYears runs the membership check over five
// years of attendance.
func BenchmarkMembershipCheckFiveYears(b *testing.B) {
	ctx := context.Background()
	r := openFiveYears(b)
	for b.Loop() {
		if _, err := r.MembershipCheck(ctx, "2015-05-28"); err != nil {
			b.Fatal(err)
		}
	}
}

func copyDB(b *testing.B, from, to string) {
	b.Helper()
	for _, name := range []string{replica.DBFile, replica.DBFile + "-wal"} {
		data, err := os.ReadFile(filepath.Join(from, name))
		if err != nil {
			if os.IsNotExist(err) {
				continue
			}
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, name), data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
}
