package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// Golden images of the decision register, a decision, and the
// speaking-time statistics, in English and in French, on half a year of
// the sample history (seeded: the same meetings, decisions and speech each
// run) seen on registerNow.

func TestGoldenRegister(t *testing.T) {
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			tu := newTestUI(t, l, withHistory)
			tu.atRegisterNow()
			tu.showScreen(screenDecisions)
			tu.settle()
			test.AssertImageMatches(t, "register_"+l+".png", tu.win.Canvas().Capture())
		})
	}
}

// amendedDecision is the first decision of the history that was amended
// after an objection: it shows versions and objections.
func amendedDecision(t *testing.T, r *replica.Replica) meetings.Decision {
	t.Helper()
	hits, err := r.SearchDecisions(context.Background(), replica.DecisionQuery{ByDate: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := len(hits) - 1; i >= 0; i-- {
		if d := hits[i].Decision; len(d.Versions) > 1 && len(d.Objections) > 0 {
			return d
		}
	}
	t.Fatal("no amended decision in the history")
	return meetings.Decision{}
}

func TestGoldenDecision(t *testing.T) {
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			tu := newTestUI(t, l, withHistory)
			tu.atRegisterNow()
			tu.showScreen(screenDecisions)
			tu.settle()
			tu.decisions.reg.openDetail(amendedDecision(t, tu.r).ID)
			tu.settle()
			test.AssertImageMatches(t, "decision_"+l+".png", tu.win.Canvas().Capture())
		})
	}
}

func TestGoldenStatistics(t *testing.T) {
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			tu := newTestUI(t, l, withHistory)
			tu.atRegisterNow()
			tu.showScreen(screenDecisions)
			tu.decisions.showStats()
			tu.settle()
			test.AssertImageMatches(t, "statistics_"+l+".png", tu.win.Canvas().Capture())
		})
	}
}
