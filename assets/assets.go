// Package assets holds the files Konbit embeds in its binary: the
// translations of the user interface and the application icon.
package assets

import (
	"embed"

	"fyne.io/fyne/v2"
)

// TranslationsDir is the folder of Translations that holds one JSON file
// per language (en.json, fr.json), in the format of fyne.io/fyne/v2/lang.
const TranslationsDir = "translations"

// Translations holds the user-interface texts, for lang.AddTranslationsFS.
//
//go:embed translations/*.json
var Translations embed.FS

//go:embed icon.png
var icon []byte

// Icon is the application icon: people seated around a table.
func Icon() fyne.Resource {
	return fyne.NewStaticResource("konbit.png", icon)
}

// Translation returns the raw JSON translation file of a language
// ("en" or "fr").
func Translation(language string) ([]byte, error) {
	return Translations.ReadFile(TranslationsDir + "/" + language + ".json")
}
