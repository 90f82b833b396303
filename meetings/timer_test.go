package meetings_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/konbit/konbit/meetings"
)

func TestTimer(t *testing.T) {
	s := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Second) }
	tm := meetings.Timer{Limit: 60 * time.Second}
	tm.Start(s(0))
	tm.Pause(s(20))
	tm.Pause(s(30)) // no effect
	tm.Resume(s(50))
	tm.Resume(s(55)) // no effect
	tests := []struct {
		at        int
		elapsed   time.Duration
		remaining time.Duration
		exceeded  bool
	}{
		{60, 30 * time.Second, 30 * time.Second, false},
		{90, 60 * time.Second, 0, false},
		{100, 70 * time.Second, -10 * time.Second, true},
	}
	for _, tc := range tests {
		if e, r, x := tm.Elapsed(s(tc.at)), tm.Remaining(s(tc.at)), tm.Exceeded(s(tc.at)); e != tc.elapsed || r != tc.remaining || x != tc.exceeded {
			t.Errorf("at %ds: elapsed %v remaining %v exceeded %v", tc.at, e, r, x)
		}
	}
	b, _ := json.Marshal(tm)
	var back meetings.Timer
	if err := json.Unmarshal(b, &back); err != nil || back.Elapsed(s(60)) != 30*time.Second {
		t.Errorf("after JSON: %v, elapsed %v", err, back.Elapsed(s(60)))
	}
	if got := tm.Stop(s(70)); got != 40*time.Second || tm.Running || tm.Elapsed(s(999)) != 40*time.Second {
		t.Errorf("Stop = %v, running %v", got, tm.Running)
	}
	tm.Start(s(100))
	if tm.Elapsed(s(101)) != time.Second {
		t.Error("Start does not reset")
	}
	free := meetings.Timer{}
	free.Start(s(0))
	if free.Remaining(s(999)) != 0 || free.Exceeded(s(999)) {
		t.Error("a timer without limit runs out")
	}
}
