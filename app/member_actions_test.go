package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// The member page follows up the action plan of their evaluations: the
// open actions are listed (in the UI's language) and ticking one done
// saves it, in the HR committee's list too.
func TestMemberPageFollowsUpEvaluationActions(t *testing.T) {
	for _, tc := range []struct{ lang, title, by string }{
		{langEN, "Follow-up from evaluations", "By "},
		{langFR, "Suivi des évaluations", "Par "},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			tu := newTestUI(t, tc.lang, func(r *replica.Replica) {
				loadSample(r)
				if _, _, err := r.LoadSampleCampaign(context.Background(), []byte("demo"), seal.Params{Time: 1, Memory: 64, Threads: 1}); err != nil {
					t.Fatal(err)
				}
			})
			tu.eventually("members listed", func() bool { return len(tu.members.shown) == 26 })
			// Someone with an open action.
			var person string
			var open meetings.Action
			for _, m := range tu.members.shown {
				acts, _ := tu.r.PersonActions(m.ID)
				if len(acts) > 0 && !acts[0].Done {
					person, open = m.Name, acts[0]
					break
				}
			}
			if person == "" {
				t.Fatal("the demo has no open evaluation action")
			}
			f := tu.selectMember(person)
			tu.settle()
			labels := find[*widget.Label](f.content, nil)
			var text string
			for _, l := range labels {
				text += l.Text + "\n"
			}
			if !strings.Contains(text, tc.title) || !strings.Contains(text, open.Text) || !strings.Contains(text, tc.by) {
				t.Fatalf("the member page lacks the follow-up:\n%s", text)
			}
			checks := find[*widget.Check](f.content, func(c *widget.Check) bool { return c.Text == "" && !c.Checked })
			if len(checks) == 0 {
				t.Fatal("no box to tick the open action")
			}
			// The box is centred in a two-line row: tap its middle.
			test.TapAt(checks[0], fyne.NewPos(checks[0].Size().Width/2, checks[0].Size().Height/2))
			tu.bg.Wait()
			tu.q.drain()
			if top := tu.win.Canvas().Overlays().Top(); top != nil {
				t.Fatalf("dialog: %s", tu.dialogText())
			}
			tu.eventually("the action is done", func() bool {
				acts, _ := tu.r.PersonActions(open.About)
				for _, a := range acts {
					if a.ID == open.ID {
						return a.Done
					}
				}
				return false
			})
			// The HR committee's meetings list it among its actions.
			c, _ := tu.r.Campaigns()
			acts, _ := tu.r.Actions(c[0].Committee)
			found := false
			for _, a := range acts {
				found = found || a.ID == open.ID
			}
			if !found {
				t.Fatal("the HR committee's actions lack the evaluation action")
			}
		})
	}
}
