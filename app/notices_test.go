package app

import (
	"strings"
	"testing"

	"github.com/konbit/konbit/replica"
)

func TestNoticesSayWhatOpeningFound(t *testing.T) {
	for _, c := range []struct{ lang, founded, fixed string }{
		{langEN, "founded the group's roster from the 2 other laptops whose changes it already held: Ana's laptop, Bo's laptop", "restricted it to 0600"},
		{langFR, "a fondé la liste des ordinateurs du groupe à partir des 2 autres dont il avait déjà les modifications : Ana's laptop, Bo's laptop", "l’a restreint à 0600"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			tu := newTestUI(t, c.lang, nil)
			founded := noticeText(replica.Notice{Kind: replica.NoticeRosterFounded, Labels: []string{"Ana's laptop", "Bo's laptop"}})
			if !strings.Contains(founded, c.founded) {
				t.Errorf("roster notice: %s", founded)
			}
			fixed := noticeText(replica.Notice{Kind: replica.NoticePermissionsFixed, Path: "/x/konbit.db", Mode: 0o644, Want: 0o600})
			if !strings.Contains(fixed, c.fixed) || !strings.Contains(fixed, "0644") {
				t.Errorf("permissions notice: %s", fixed)
			}
			tu.showNotices()
			if shown := tu.win.Canvas().Overlays().Top() != nil; shown != (len(tu.r.Notices()) > 0) {
				t.Errorf("a dialog shown: %v, with %d notices", shown, len(tu.r.Notices()))
			}
		})
	}
}
