package meetings_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
)

func TestLiveShares(t *testing.T) {
	a, b, c, x := id(1), id(2), id(3), id(9)
	seg := func(who uuid.UUID, secs int) meetings.Segment {
		return meetings.Segment{Meeting: id(50), Speaker: who, Duration: time.Duration(secs) * time.Second}
	}
	segs := []meetings.Segment{seg(a, 30), seg(b, 60), seg(a, 30), seg(x, 120)}
	present := []uuid.UUID{c, b, a, a}
	got := meetings.LiveShares(segs, present)
	want := []meetings.Share{
		{Member: x, Turns: 1, Time: 120 * time.Second, Share: 0.5, EqualShare: 1.0 / 3, Spoken: true},
		{Member: a, Turns: 2, Time: 60 * time.Second, Share: 0.25, EqualShare: 1.0 / 3, Spoken: true},
		{Member: b, Turns: 1, Time: 60 * time.Second, Share: 0.25, EqualShare: 1.0 / 3, Spoken: true},
		{Member: c, EqualShare: 1.0 / 3},
	}
	if !slices.Equal(got, want) {
		t.Errorf("LiveShares =\n%+v\nwant\n%+v", got, want)
	}
	if ns := meetings.NotSpoken(segs, present); !slices.Equal(ns, []uuid.UUID{c}) {
		t.Errorf("NotSpoken = %v", ns)
	}
	empty := meetings.LiveShares(nil, nil)
	if len(empty) != 0 {
		t.Errorf("no one: %v", empty)
	}
	quiet := meetings.LiveShares(nil, []uuid.UUID{a})
	if len(quiet) != 1 || quiet[0].Share != 0 || quiet[0].EqualShare != 1 || quiet[0].Spoken {
		t.Errorf("nobody spoke: %+v", quiet)
	}
}
