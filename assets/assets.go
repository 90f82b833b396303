// Package assets holds the files Konbit embeds in its binary: the
// translations of the user interface and the application icon.
package assets

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"

	"fyne.io/fyne/v2"
)

// TranslationsDir is the folder of Translations that holds one JSON file
// per language (en.json, fr.json), in the format of fyne.io/fyne/v2/lang.
const TranslationsDir = "translations"

// Translations holds the user-interface texts, for lang.AddTranslationsFS.
//
//go:embed translations/*.json
var Translations embed.FS

// texts holds the texts of each area of the app (meetings, the live
// meeting...) in files named AREA.LANG.json, merged into the language's
// translation: one file per screen family keeps them easy to review.
//
//go:embed texts/*.json
var texts embed.FS

//go:embed icon.png
var icon []byte

// Icon is the application icon: people seated around a table.
func Icon() fyne.Resource {
	return fyne.NewStaticResource("konbit.png", icon)
}

// Translation returns the JSON translation of a language ("en" or "fr"):
// its main file merged with the texts of every area. A key defined twice
// is an error, so areas cannot silently override each other.
func Translation(language string) ([]byte, error) {
	main, err := Translations.ReadFile(TranslationsDir + "/" + language + ".json")
	if err != nil {
		return nil, err
	}
	all := map[string]string{}
	if err := json.Unmarshal(main, &all); err != nil {
		return nil, fmt.Errorf("translations %s.json: %w", language, err)
	}
	names, err := fs.Glob(texts, "texts/*."+language+".json")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		data, err := texts.ReadFile(n)
		if err != nil {
			return nil, err
		}
		var part map[string]string
		if err := json.Unmarshal(data, &part); err != nil {
			return nil, fmt.Errorf("translations %s: %w", n, err)
		}
		for k, v := range part {
			if _, dup := all[k]; dup {
				return nil, fmt.Errorf("translations %s: key %q is defined twice", strings.TrimPrefix(n, "texts/"), k)
			}
			all[k] = v
		}
	}
	return json.Marshal(all)
}
