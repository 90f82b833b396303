package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"golang.org/x/text/language"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/assets"
)

// Language settings. Konbit's texts exist in French and English.
const (
	langAuto = "auto"
	langFR   = "fr"
	langEN   = "en"
)

// How language switching works
//
// fyne.io/fyne/v2/lang has no call to choose a language: it picks, among
// the languages it has translations for, the closest to the system locale
// (on Linux the LANGUAGE, LC_ALL, LC_MESSAGES and LANG variables; on
// Windows and macOS the system setting) each time translations are added,
// and its translations are looked up under that language, falling back to
// English. So to show language L whatever the system says, Konbit adds its
// L texts under every language Fyne may pick: Fyne's own (those of its
// built-in translations, listed below) and English, the fallback. Konbit's
// translation files also carry the texts of Fyne's own widgets that Konbit
// shows (dialog buttons, file dialogs, the entry menu), so those follow the
// chosen language too. Adding translations again replaces the previous
// ones, so the language can be switched while running: the screens are
// then rebuilt.
//
// fyneLanguages are the languages of Fyne v2.8's built-in translations
// (fyne.io/fyne/v2/lang/translations). A language Fyne adds later falls
// back to English, which holds the chosen texts too.
var fyneLanguages = [...]string{"cs", "de", "el", "en", "es", "fr", "ja", "pl", "pt", "pt-BR", "ru", "sv", "ta", "uk", "zh-Hans"}

func normalizeLanguageSetting(s string) string {
	switch s {
	case langFR, langEN:
		return s
	}
	return langAuto
}

// systemLanguage is the language "automatic" means: French on a French
// system, English otherwise.
func systemLanguage() string {
	tag, err := language.Parse(string(lang.SystemLocale()))
	if err == nil {
		if base, _ := tag.Base(); base.String() == langFR {
			return langFR
		}
	}
	return langEN
}

// resolveLanguage is the language shown for a setting.
func resolveLanguage(setting string) string {
	if setting == langFR || setting == langEN {
		return setting
	}
	return systemLanguage()
}

// loadLanguage makes lang.L answer in language code (fr or en).
func loadLanguage(code string) error {
	if err := lang.AddTranslationsFS(assets.Translations, assets.TranslationsDir); err != nil {
		return err
	}
	data, err := assets.Translation(code)
	if err != nil {
		return err
	}
	for _, l := range fyneLanguages {
		if err := lang.AddTranslationsForLocale(data, fyne.Locale(l)); err != nil {
			return fmt.Errorf("translations for %s: %w", l, err)
		}
	}
	return nil
}

// applyLanguage loads the language of the current setting.
func (u *UI) applyLanguage() error {
	u.language = resolveLanguage(u.langSetting)
	return loadLanguage(u.language)
}

// setLanguage stores a new language setting and rebuilds the screens in it.
func (u *UI) setLanguage(setting string) {
	setting = normalizeLanguageSetting(setting)
	if setting == u.langSetting {
		return
	}
	if !u.saveSetting(settingLanguage, setting) {
		return
	}
	u.langSetting = setting
	if err := u.applyLanguage(); err != nil {
		u.showError(lang.L("error.language"), err)
	}
	u.rebuild()
}

// categoryLabel is the translated name of a member category.
func categoryLabel(c konbit.Category) string {
	switch c {
	case konbit.Salaried:
		return lang.L("category.salaried")
	case konbit.Freelancer:
		return lang.L("category.freelancer")
	case konbit.External:
		return lang.L("category.external")
	}
	return string(c) // written by a newer version
}

// formatHours shows weekly hours the way the current language writes
// numbers ("7.5" or "7,5").
func (u *UI) formatHours(h float64) string {
	s := strconv.FormatFloat(h, 'f', -1, 64)
	if u.language == langFR {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// parseHours reads weekly hours typed with a dot or a comma; empty is 0.
func parseHours(s string) (float64, error) {
	s = strings.TrimSpace(strings.Replace(s, ",", ".", 1))
	if s == "" {
		return 0, nil
	}
	h, err := strconv.ParseFloat(s, 64)
	if err != nil || h < 0 || h > konbit.MaxWeeklyHours || h != h {
		return 0, fmt.Errorf("%s", lang.L("error.hours"))
	}
	return h, nil
}

// formatTime shows a date and time, the same in both languages (ISO order
// reads well in French and English and never confuses day and month).
func formatTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format("2006-01-02 15:04")
}

// plural picks the singular or the plural text for a count n, by the
// rule of the language shown (French uses the singular for 0 and 1).
func plural(language string, n int, one, other string) string {
	if n == 1 || (language == langFR && n == 0) {
		return one
	}
	return other
}

// count is the template data of texts that show a number.
func count(n int) map[string]any { return map[string]any{"Count": n} }

// aheadText says how far ahead a clock is, in days, hours or minutes.
func aheadText(language string, d time.Duration) string {
	switch {
	case d >= 24*time.Hour:
		n := int(d / (24 * time.Hour))
		return plural(language, n, lang.L("duration.days.one", count(n)), lang.L("duration.days.other", count(n)))
	case d >= time.Hour:
		n := int(d / time.Hour)
		return plural(language, n, lang.L("duration.hours.one", count(n)), lang.L("duration.hours.other", count(n)))
	}
	n := max(int(d/time.Minute), 1)
	return plural(language, n, lang.L("duration.minutes.one", count(n)), lang.L("duration.minutes.other", count(n)))
}
