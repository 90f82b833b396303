package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/konbit/konbit/replica"
)

// noticeText says a notice of opening the database in the UI's language.
func noticeText(n replica.Notice) string {
	switch n.Kind {
	case replica.NoticeRosterFounded:
		return lang.L("notice.roster_founded", map[string]any{"Count": len(n.Labels), "Devices": strings.Join(n.Labels, ", ")})
	case replica.NoticePermissionsFixed:
		return lang.L("notice.permissions_fixed", map[string]any{"Path": n.Path, "Mode": fmt.Sprintf("%04o", n.Mode), "Want": fmt.Sprintf("%04o", n.Want)})
	case replica.NoticePermissionsOpen:
		return lang.L("notice.permissions_open", map[string]any{"Path": n.Path, "Mode": fmt.Sprintf("%04o", n.Mode), "Want": fmt.Sprintf("%04o", n.Want), "Problem": fmt.Sprint(n.Err)})
	}
	return n.String()
}

// showNotices tells, once, what opening the database found: the roster
// founded from an existing database, files readable by others.
func (u *UI) showNotices() {
	ns := u.r.Notices()
	if len(ns) == 0 {
		return
	}
	texts := make([]string, len(ns))
	for i, n := range ns {
		texts[i] = noticeText(n)
	}
	d := dialog.NewCustom(lang.L("notice.title"), lang.L("action.close"), message(strings.Join(texts, "\n\n")), u.win)
	d.SetIcon(theme.InfoIcon())
	d.Show()
}
