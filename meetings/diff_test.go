package meetings_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/konbit/konbit/meetings"
	"pgregory.net/rapid"
)

func TestDiff(t *testing.T) {
	type op = meetings.DiffOp
	tests := []struct {
		a, b string
		want []op
	}{
		{"", "", nil},
		{"a b c", "a b c", []op{{meetings.Equal, "a b c"}}},
		{"", "new text", []op{{meetings.Insert, "new text"}}},
		{"old text", "", []op{{meetings.Delete, "old text"}}},
		{"we buy a machine", "we rent a quiet machine",
			[]op{{meetings.Equal, "we"}, {meetings.Delete, "buy"}, {meetings.Insert, "rent"}, {meetings.Equal, "a"}, {meetings.Insert, "quiet"}, {meetings.Equal, "machine"}}},
		{"a  b\nc", "a b c", []op{{meetings.Equal, "a b c"}}},
	}
	for _, tc := range tests {
		if got := meetings.Diff(tc.a, tc.b); !slices.Equal(got, tc.want) {
			t.Errorf("Diff(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestDiffRebuilds: equal and deleted words give back a, equal and
// inserted words give back b.
func TestDiffRebuilds(t *testing.T) {
	word := rapid.SampledFrom([]string{"a", "b", "c", "the", "we"})
	rapid.Check(t, func(t *rapid.T) {
		a := strings.Join(rapid.SliceOfN(word, 0, 12).Draw(t, "a"), " ")
		b := strings.Join(rapid.SliceOfN(word, 0, 12).Draw(t, "b"), " ")
		var ra, rb []string
		for _, op := range meetings.Diff(a, b) {
			if op.Kind != meetings.Insert {
				ra = append(ra, op.Text)
			}
			if op.Kind != meetings.Delete {
				rb = append(rb, op.Text)
			}
		}
		if strings.Join(ra, " ") != a || strings.Join(rb, " ") != b {
			t.Fatalf("Diff(%q, %q) rebuilds %q, %q", a, b, ra, rb)
		}
	})
}
