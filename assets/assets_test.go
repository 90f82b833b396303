package assets

import (
	"bytes"
	"encoding/json"
	"image/png"
	"testing"
)

func TestIcon(t *testing.T) {
	res := Icon()
	img, err := png.Decode(bytes.NewReader(res.Content()))
	if err != nil {
		t.Fatalf("icon is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 256 || b.Dy() != 256 {
		t.Errorf("icon is %v, want 256×256", b)
	}
	if res.Name() == "" {
		t.Error("icon resource has no name")
	}
}

func TestTranslationsParse(t *testing.T) {
	keys := map[string][]string{}
	for _, l := range []string{"en", "fr"} {
		data, err := Translation(l)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s.json: %v", l, err)
		}
		for k := range m {
			keys[k] = append(keys[k], l)
		}
	}
	for k, ls := range keys {
		if len(ls) != 2 {
			t.Errorf("%q is only in %v", k, ls)
		}
	}
	entries, err := Translations.ReadDir(TranslationsDir)
	if err != nil || len(entries) != 2 {
		t.Errorf("want exactly en.json and fr.json, got %v (%v)", entries, err)
	}
}
