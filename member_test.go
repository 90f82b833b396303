package konbit

import "testing"

func TestWithEditsKeepsOtherFields(t *testing.T) {
	orig := Member{Name: "Omar", Category: Salaried, WeeklyHours: 30, Languages: []string{"fr"}}
	// Meanwhile another laptop changed the languages.
	current := orig
	current.Languages = []string{"en", "fr"}
	// This person changed only the hours.
	edited := orig
	edited.WeeklyHours = 35
	got := current.WithEdits(orig, edited)
	if got.WeeklyHours != 35 || len(got.Languages) != 2 || got.Name != "Omar" {
		t.Fatalf("got %+v", got)
	}
	// An edit of the same field wins over the merged value.
	edited.Languages = []string{"es"}
	if got := current.WithEdits(orig, edited); len(got.Languages) != 1 || got.Languages[0] != "es" {
		t.Fatalf("languages %v", got.Languages)
	}
}
