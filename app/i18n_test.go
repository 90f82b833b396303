package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/konbit/konbit/assets"
	"github.com/konbit/konbit/replica"
)

func readTranslations(t *testing.T, code string) map[string]string {
	t.Helper()
	data, err := assets.Translation(code)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s.json: %v", code, err)
	}
	return m
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

func placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// The two languages have exactly the same keys, no empty text, and the
// same template fields.
func TestTranslationsHaveTheSameKeys(t *testing.T) {
	en, fr := readTranslations(t, langEN), readTranslations(t, langFR)
	for k, v := range en {
		w, ok := fr[k]
		if !ok {
			t.Errorf("fr.json lacks %q", k)
			continue
		}
		if strings.TrimSpace(v) == "" || strings.TrimSpace(w) == "" {
			t.Errorf("%q is empty in a language", k)
		}
		if !slices.Equal(placeholders(v), placeholders(w)) {
			t.Errorf("%q: fields %v in English, %v in French", k, placeholders(v), placeholders(w))
		}
	}
	for k := range fr {
		if _, ok := en[k]; !ok {
			t.Errorf("en.json lacks %q", k)
		}
	}
}

// keyUse finds the literal keys of lang.L("…"), lang.X("…", …) and the
// plural forms.
var keyUse = regexp.MustCompile(`lang\.(?:L|X|N|XN)\(\s*"([^"]+)"`)

// fyneKeys are texts of Fyne's own widgets that Konbit translates (see
// loadLanguage): they are used by Fyne, not by Konbit's code.
var fyneKeys = []string{"Advanced", "Cancel", "Confirm", "Copy", "Create Folder", "Cut", "Enter filename", "Error",
	"File", "Folder", "New Folder", "No", "OK", "Open", "Paste", "Quit", "Redo", "Save", "Select all",
	"Show Hidden Files", "Undo", "Yes", "file.name", "file.parent"}

// Every key the code uses exists in both languages, and every key of the
// files is used.
func TestTranslationKeysUsedExist(t *testing.T) {
	en, fr := readTranslations(t, langEN), readTranslations(t, langFR)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyUse.FindAllStringSubmatch(string(src), -1) {
			used[m[1]] = true
			if _, ok := en[m[1]]; !ok {
				t.Errorf("%s uses %q, missing from en.json", f, m[1])
			}
			if _, ok := fr[m[1]]; !ok {
				t.Errorf("%s uses %q, missing from fr.json", f, m[1])
			}
		}
	}
	if len(used) < 100 {
		t.Fatalf("found only %d keys in the code: is the pattern still right?", len(used))
	}
	for k := range en {
		if !used[k] && !slices.Contains(fyneKeys, k) {
			t.Errorf("en.json has %q, used nowhere", k)
		}
	}
}

// With the "automatic" setting, the system locale decides: French on a
// French system, English otherwise; Fyne's own texts follow.
func TestAutomaticLanguageFollowsSystem(t *testing.T) {
	for _, c := range []struct{ locale, members, cancel string }{
		{"fr_FR.UTF-8", "Membres", "Annuler"},
		{"fr_CA.UTF-8", "Membres", "Annuler"},
		{"en_US.UTF-8", "Members", "Cancel"},
		{"de_DE.UTF-8", "Members", "Cancel"},
		{"C", "Members", "Cancel"},
	} {
		t.Run(c.locale, func(t *testing.T) {
			systemLocale(t, c.locale)
			tu := newTestUI(t, langAuto, nil)
			if got := lang.L("nav.members"); got != c.members {
				t.Errorf("nav.members = %q, want %q", got, c.members)
			}
			if got := lang.L("Cancel"); got != c.cancel {
				t.Errorf("Fyne's Cancel = %q, want %q", got, c.cancel)
			}
			if got := tu.tabs.Items[screenMembers].Text; got != c.members {
				t.Errorf("tab = %q, want %q", got, c.members)
			}
		})
	}
}

// A chosen language wins over the system's, and switching applies at once
// to every screen and is stored.
func TestLanguageSwitch(t *testing.T) {
	systemLocale(t, "de_DE.UTF-8") // neither: Fyne would pick German for its own texts
	tu := newTestUI(t, langFR, loadSample)
	tu.settle()
	check := func(members, sync, cancel, total, category string) {
		t.Helper()
		if got := tu.tabs.Items[screenMembers].Text; got != members {
			t.Errorf("members tab = %q, want %q", got, members)
		}
		if got := tu.tabs.Items[screenSync].Text; got != sync {
			t.Errorf("sync tab = %q, want %q", got, sync)
		}
		if got := lang.L("Cancel"); got != cancel {
			t.Errorf("Fyne's Cancel = %q, want %q", got, cancel)
		}
		if got := tu.members.total.Text; got != total {
			t.Errorf("total = %q, want %q", got, total)
		}
		if got := categoryLabel("freelancer"); got != category {
			t.Errorf("category = %q, want %q", got, category)
		}
	}
	check("Membres", "Synchronisation", "Annuler", "26 membres", "Pigiste")

	tu.showScreen(screenSettings)
	tu.settings.language.SetSelected("English")
	check("Members", "Sync", "Cancel", "26 members", "Freelancer")
	if tu.current != screenSettings || tu.tabs.SelectedIndex() != int(screenSettings) {
		t.Error("the settings screen should stay shown")
	}
	if v, _ := tu.r.Setting(tu.ctx, settingLanguage); v != langEN {
		t.Errorf("stored language = %q", v)
	}

	tu.settings.language.SetSelected("Français")
	check("Membres", "Synchronisation", "Annuler", "26 membres", "Pigiste")

	// Automatic, on a German system: English.
	tu.settings.language.SetSelected(tu.settings.language.Options[0])
	check("Members", "Sync", "Cancel", "26 members", "Freelancer")
	if v, _ := tu.r.Setting(tu.ctx, settingLanguage); v != langAuto {
		t.Errorf("stored language = %q", v)
	}
	// The screens still follow the replica after a rebuild.
	loadSampleAgain := func() { _ = tu.r.LoadSample(tu.ctx) }
	loadSampleAgain()
	tu.eventually("52 members", func() bool { return len(tu.members.shown) == 52 })
}

func TestLoadLanguage(t *testing.T) {
	for _, l := range []string{langFR, langEN} {
		if err := loadLanguage(l); err != nil {
			t.Errorf("load %s: %v", l, err)
		}
		want := map[string]string{langFR: "Réglages", langEN: "Settings"}[l]
		if got := lang.L("nav.settings"); got != want {
			t.Errorf("%s: nav.settings = %q, want %q", l, got, want)
		}
	}
	if err := loadLanguage("xx"); err == nil {
		t.Error("an unknown language should fail")
	}
}

func TestFrenchFormats(t *testing.T) {
	tu := newTestUI(t, langFR, nil)
	if got := tu.formatHours(17.5); got != "17,5" {
		t.Errorf("hours = %q", got)
	}
	if got := tu.formatSize(3 << 19); got != "1,5 Mo" {
		t.Errorf("size = %q", got)
	}
	if got := aheadText(langFR, 49*time.Hour); got != "2 jours" {
		t.Errorf("ahead = %q", got)
	}
	if got := aheadText(langFR, time.Hour+time.Minute); got != "1 heure" {
		t.Errorf("ahead = %q", got)
	}
	if got := aheadText(langEN, 11*time.Minute); got != "11 minutes" {
		t.Errorf("ahead = %q", got)
	}
	if got := plural(langFR, 0, "one", "other"); got != "one" {
		t.Errorf("French 0 takes the singular, got %q", got)
	}
	if got := plural(langEN, 0, "one", "other"); got != "other" {
		t.Errorf("English 0 takes the plural, got %q", got)
	}
	for in, want := range map[string]float64{"": 0, "28": 28, " 7,5 ": 7.5, "7.5": 7.5, "80": 80} {
		if h, err := parseHours(in); err != nil || h != want {
			t.Errorf("parseHours(%q) = %v, %v", in, h, err)
		}
	}
	for _, in := range []string{"-1", "81", "abc", "NaN", "1e9"} {
		if _, err := parseHours(in); err == nil {
			t.Errorf("parseHours(%q) accepted", in)
		} else if err.Error() != "Les heures par semaine doivent être un nombre de 0 à 80." {
			t.Errorf("error in French expected, got %q", err)
		}
	}
}

func TestTextSize(t *testing.T) {
	tu := newTestUI(t, langEN, nil)
	base := theme.DefaultTheme().Size(theme.SizeNameText)
	if got := tu.app.Settings().Theme().Size(theme.SizeNameText); got != base {
		t.Fatalf("normal text = %v, want %v", got, base)
	}
	tu.showScreen(screenSettings)
	tu.settings.textSize.SetSelected("Extra large (projector)")
	th := tu.app.Settings().Theme()
	if got := th.Size(theme.SizeNameText); got != base*textScale(textXLarge) {
		t.Errorf("text = %v, want %v", got, base*textScale(textXLarge))
	}
	if got, want := th.Size(theme.SizeNameSeparatorThickness), theme.DefaultTheme().Size(theme.SizeNameSeparatorThickness); got != want {
		t.Errorf("separators should not grow: %v", got)
	}
	if v, _ := tu.r.Setting(tu.ctx, settingTextSize); v != textXLarge {
		t.Errorf("stored %q", v)
	}
	// A new window (next start) reads it back.
	tu2 := newTestUIOn(t, tu.r)
	if got := tu2.app.Settings().Theme().Size(theme.SizeNameText); got != base*textScale(textXLarge) {
		t.Errorf("after restart text = %v", got)
	}
	if tu2.settings.textSize.Selected != "Extra large (projector)" {
		t.Errorf("settings show %q", tu2.settings.textSize.Selected)
	}
}

// newTestUIOn builds a second UI on an existing replica (a restart).
func newTestUIOn(t *testing.T, r *replica.Replica) *testUI {
	t.Helper()
	q := &postQueue{}
	tu := &testUI{t: t, q: q}
	tu.UI = newUI(test.NewTempApp(t), r, q.post)
	t.Cleanup(tu.close)
	return tu
}

func TestShortcuts(t *testing.T) {
	tu := newTestUI(t, langEN, nil)
	press := func(name string) {
		t.Helper()
		for _, s := range tu.shortcuts {
			if s.sc.ShortcutName() == name {
				s.action()
				return
			}
		}
		t.Fatalf("no shortcut %s", name)
	}
	for i, key := range []string{"1", "2", "3", "4", "5", "6"} {
		press("CustomDesktop:Control+" + key)
		if tu.tabs.SelectedIndex() != i {
			t.Errorf("Ctrl+%s shows screen %d", key, tu.tabs.SelectedIndex())
		}
	}
	press("CustomDesktop:Control+Q")
	if tu.quits != 1 {
		t.Errorf("Ctrl+Q quit %d times", tu.quits)
	}
	if tu.ctx.Err() == nil {
		t.Error("quitting should stop the watchers")
	}
	// The main menu carries the same shortcuts, so that they work while a
	// text field has the focus.
	menu := tu.mainMenu()
	var quit bool
	for _, m := range menu.Items {
		for _, it := range m.Items {
			if it.IsQuit && it.Shortcut != nil && it.Shortcut.ShortcutName() == "CustomDesktop:Control+Q" {
				quit = true
			}
		}
	}
	if !quit {
		t.Error("the menu has no Quit item with Ctrl+Q")
	}
}
