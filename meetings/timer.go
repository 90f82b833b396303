package meetings

import "time"

// Timer times a speaker (or an item, or a round turn). It can be paused,
// e.g. while an interpreter translates, so interpretation does not eat the
// speaker's time (DOMAIN.md, Speaking). Plain data, saved as JSON.
type Timer struct {
	Started time.Time     `json:"started"` // start of the running stretch
	Accum   time.Duration `json:"accum"`   // time of the stretches before it
	Running bool          `json:"running"`
	Limit   time.Duration `json:"limit"` // 0: no limit
}

// Start resets the timer and starts it at now.
func (t *Timer) Start(now time.Time) {
	t.Started, t.Accum, t.Running = now, 0, true
}

// Pause stops the clock, keeping the time so far. Pausing a paused timer
// does nothing.
func (t *Timer) Pause(now time.Time) {
	if t.Running {
		t.Accum += max(0, now.Sub(t.Started))
		t.Running = false
	}
}

// Resume starts the clock again after a pause. Resuming a running timer
// does nothing.
func (t *Timer) Resume(now time.Time) {
	if !t.Running {
		t.Started, t.Running = now, true
	}
}

// Stop pauses the timer and returns the elapsed time.
func (t *Timer) Stop(now time.Time) time.Duration {
	t.Pause(now)
	return t.Accum
}

// Elapsed is the time counted at now, pauses excluded.
func (t *Timer) Elapsed(now time.Time) time.Duration {
	if !t.Running {
		return t.Accum
	}
	return t.Accum + max(0, now.Sub(t.Started))
}

// Remaining is the limit minus the elapsed time, negative once exceeded;
// 0 when there is no limit.
func (t *Timer) Remaining(now time.Time) time.Duration {
	if t.Limit <= 0 {
		return 0
	}
	return t.Limit - t.Elapsed(now)
}

// Exceeded reports whether a limit is set and the elapsed time is beyond it.
func (t *Timer) Exceeded(now time.Time) bool {
	return t.Limit > 0 && t.Elapsed(now) > t.Limit
}
