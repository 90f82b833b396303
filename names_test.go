package konbit_test

import (
	"testing"

	"github.com/konbit/konbit"
)

func TestMatchName(t *testing.T) {
	for _, tc := range []struct {
		name, typed string
		want        konbit.NameMatch
	}{
		{"Geneviève", "gene", konbit.WholeMatch},
		{"Geneviève", "GENEVIEVE", konbit.WholeMatch},
		{"Marie-Claude", "cla", konbit.WordMatch},
		{"Jean-François", "franc", konbit.WordMatch},
		{"Félix d'Amours", "amo", konbit.WordMatch},
		{"Omar", "mar", konbit.NoMatch},
		{"Omar", "", konbit.WholeMatch},
	} {
		if got := konbit.MatchName(tc.name, tc.typed); got != tc.want {
			t.Errorf("MatchName(%q, %q) = %d, want %d", tc.name, tc.typed, got, tc.want)
		}
	}
	if konbit.Fold("Règlement ÉTÉ") != "reglement ete" {
		t.Errorf("Fold: %q", konbit.Fold("Règlement ÉTÉ"))
	}
}
