package app

import (
	"strings"
	"testing"
)

// A bundle from a laptop that is not on the roster: its changes are held
// aside, and the screen says so, naming it, in both languages.
func TestSyncImportFromUnpairedLaptopSaysHeld(t *testing.T) {
	for _, c := range []struct{ lang, want string }{
		{langEN, "changes written by %s are held aside: that laptop is not on this group's roster yet"},
		{langFR, "modifications écrites par %s sont mises de côté : cet ordinateur n’est pas encore sur la liste du groupe"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			other := openReplica(t)
			loadSample(other)
			path := exportFrom(t, other)
			tu := newTestUI(t, c.lang, nil)
			tu.showScreen(screenSync)
			tu.sync.runImport(path)
			tu.waitIdle()
			if members, _ := tu.r.Members(); len(members) != 0 {
				t.Fatalf("%d members merged from an unpaired laptop", len(members))
			}
			text := strings.Join(labelTexts(tu.sync.result), "\n")
			want := strings.Replace(c.want, "%s", tu.r.DeviceLabel(other.Device()), 1)
			if !strings.Contains(text, want) {
				t.Errorf("result lacks %q:\n%s", want, text)
			}
			// Once this laptop admits it, the held changes are merged.
			admit(t, tu.r, other)
			if members, _ := tu.r.Members(); len(members) != 26 {
				t.Errorf("%d members after admitting the laptop, want 26", len(members))
			}
		})
	}
}
