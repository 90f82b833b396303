package replica_test

import (
	"context"
	"testing"

	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
)

// sampleCampaignB is sampleCampaign for benchmarks.
func sampleCampaignB(b *testing.B) (*replica.Replica, []replica.GroupCode) {
	b.Helper()
	ctx := context.Background()
	r, err := replica.Open(ctx, b.TempDir(), sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { r.Close() })
	if err := r.LoadSample(ctx); err != nil {
		b.Fatal(err)
	}
	c, _, err := r.LoadSampleCampaign(ctx, []byte("demo"), fastKey)
	if err != nil {
		b.Fatal(err)
	}
	codes, err := r.RevealCodes(ctx, c.ID, []byte("demo"))
	if err != nil {
		b.Fatal(err)
	}
	return r, codes
}

// BenchmarkRevealGroup: a group of four opens its answers of one session
// (the demo's 24 people, about 520 answer records in the campaign).
func BenchmarkRevealGroup(b *testing.B) {
	r, codes := sampleCampaignB(b)
	cs, _ := r.Campaigns()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.RevealGroup(ctx, cs[0].ID, codes[0].Session, codes[0].Group, codes[0].Code); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReleaseCampaign: HR releases the 24 reports of the demo
// campaign (open every answer and reflection, compute and seal each
// person's report, one change).
func BenchmarkReleaseCampaign(b *testing.B) {
	r, _ := sampleCampaignB(b)
	cs, _ := r.Campaigns()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.ReleaseCampaign(ctx, cs[0].ID, []byte("demo")); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadSampleCampaign: the demo's campaign from nothing: groups,
// about 520 answers sealed twice, reflections, actions, release.
func BenchmarkLoadSampleCampaign(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		r, err := replica.Open(ctx, b.TempDir(), sqlite.Options{Synchronous: "OFF"})
		if err != nil {
			b.Fatal(err)
		}
		if err := r.LoadSample(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, _, err := r.LoadSampleCampaign(ctx, []byte("demo"), fastKey); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		r.Close()
		b.StartTimer()
	}
}
