package app

import (
	"fyne.io/fyne/v2/lang"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
)

// Golden images of the main screens, in English and in French. The test
// driver renders with Fyne's software painter and embedded fonts, so the
// images do not depend on the machine. Sample record ids are random but
// never shown; device ids are: the sync screen is given fixed devices.
//
// To update after a deliberate change: run the tests, check the images
// written to testdata/failed/, and move them to testdata/.

func TestGoldenMembers(t *testing.T) {
	systemLocale(t, "en_US.UTF-8")
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			tu := newTestUI(t, l, loadSample)
			tu.showScreen(screenMembers)
			tu.settle()
			test.AssertImageMatches(t, "members_"+l+".png", tu.win.Canvas().Capture())
		})
	}
}

func TestGoldenMemberForm(t *testing.T) {
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			tu := newTestUI(t, l, loadSample)
			tu.showScreen(screenMembers)
			tu.settle()
			tu.selectMember("Heidi")
			test.AssertImageMatches(t, "member_form_"+l+".png", tu.win.Canvas().Capture())
		})
	}
}

func TestGoldenEmpty(t *testing.T) {
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			tu := newTestUI(t, l, nil)
			tu.showScreen(screenMembers)
			tu.settle()
			test.AssertImageMatches(t, "empty_"+l+".png", tu.win.Canvas().Capture())
		})
	}
}

// fixedDevices are three laptops, one of them with its clock 3 days ahead.
func fixedDevices() (crdt.DeviceID, []replica.Device) {
	id := func(b byte) crdt.DeviceID {
		var d crdt.DeviceID
		for i := range d {
			d[i] = b + byte(i)*17
		}
		return d
	}
	at := func(day, hour int) time.Time { return time.Date(2011, 5, day, hour, 30, 0, 0, time.Local) }
	self := id(0x1a)
	return self, []replica.Device{
		{DeviceInfo: sqlite.DeviceInfo{ID: self, Seq: 42, MaxSeq: 42, FirstSeen: at(2, 9), LastSeen: at(17, 14), Self: true}, Name: "Salle du chalet"},
		{DeviceInfo: sqlite.DeviceInfo{ID: id(0x7c), Seq: 118, MaxSeq: 131, FirstSeen: at(3, 10), LastSeen: at(17, 11)}, Name: "Portable de Jenny"},
		{DeviceInfo: sqlite.DeviceInfo{ID: id(0xc3), Seq: 9, MaxSeq: 9, AheadBy: 3*24*time.Hour + 2*time.Hour, FirstSeen: at(10, 16), LastSeen: at(16, 18)}},
	}
}

func TestGoldenSync(t *testing.T) {
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			tu := newTestUI(t, l, nil)
			tu.showScreen(screenSync)
			tu.settle()
			tu.sync.setDevices(fixedDevices())
			test.AssertImageMatches(t, "sync_"+l+".png", tu.win.Canvas().Capture())
		})
	}
}

func TestGoldenSettings(t *testing.T) {
	systemLocale(t, "fr_CA.UTF-8")
	tu := newTestUI(t, langFR, nil)
	tu.showScreen(screenSettings)
	tu.settle()
	tu.settings.dataDir.SetText("/home/facilitation/.local/share/konbit")
	self, _ := fixedDevices()
	tu.settings.nameHint.SetText(lang.L("settings.device_name.hint", map[string]any{"Device": self.Short()}))
	test.AssertImageMatches(t, "settings_fr.png", tu.win.Canvas().Capture())
}
