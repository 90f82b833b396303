package app

import (
	"fmt"

	"fyne.io/fyne/v2/lang"

	"github.com/konbit/konbit/sync/agent"
)

// eventText says an event of the sync log in the UI's language; an event
// of a kind this build does not know keeps the agent's English text.
func eventText(e agent.Event) string {
	d := map[string]any{}
	for k, v := range e.Data {
		d[k] = v
	}
	d["Why"] = failureText(fmt.Sprint(e.Data["Why"]), fmt.Sprint(e.Data["Detail"]))
	switch e.Kind {
	case agent.EventSynced:
		return lang.L("net.event.synced", d)
	case agent.EventSyncFailed:
		return lang.L("net.event.sync_failed", d)
	case agent.EventProblem:
		return lang.L("net.event.problem", d)
	case agent.EventPaired:
		return lang.L("net.event.paired", d)
	case agent.EventPairFailed:
		return lang.L("net.event.pair_failed", d)
	case agent.EventPairWindow:
		return lang.L("net.event.pair_window", d)
	case agent.EventFolderSynced:
		return lang.L("net.event.folder_synced", d)
	case agent.EventFolderFailed:
		return lang.L("net.event.folder_failed", d)
	case agent.EventFolderSkipped:
		return lang.L("net.event.folder_skipped", d)
	case agent.EventNetFailed:
		return lang.L("net.event.net_failed", d)
	case agent.EventFailed:
		return lang.L("net.event.failed", d)
	}
	return e.Text
}

// failureText says why a session or a pairing failed; the English detail
// stands for reasons without a translation of their own.
func failureText(why, detail string) string {
	switch why {
	case agent.WhyRefused:
		return lang.L("net.why.refused")
	case agent.WhyCut:
		return lang.L("net.why.cut")
	case agent.WhyStalled:
		return lang.L("net.why.stalled")
	case agent.WhyGarbage:
		return lang.L("net.why.garbage")
	case agent.WhyTooMuch:
		return lang.L("net.why.too_much")
	case agent.WhyWrongDevice:
		return lang.L("net.why.wrong_device")
	case agent.WhyUnreachable:
		return lang.L("net.why.unreachable")
	case agent.WhyTimeout:
		return lang.L("net.why.timeout")
	case agent.WhyWrongCode:
		return lang.L("net.why.wrong_code")
	case agent.WhyWindow:
		return lang.L("net.why.window")
	}
	return detail
}
