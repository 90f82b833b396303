package seal_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/konbit/konbit/evaluation/seal"
)

// Codes are read off paper or aloud: case, dashes, spaces and the letters
// O, I, L do not matter; anything else is a malformed code, not a wrong one.
func TestNormalizeCode(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		err      error
	}{
		{"ABCD-EFGH-JKMN-PQRS", "ABCD-EFGH-JKMN-PQRS", nil},
		{"abcd efgh jkmn pqrs", "ABCD-EFGH-JKMN-PQRS", nil},
		{"ABCDEFGHJKMNPQRS", "ABCD-EFGH-JKMN-PQRS", nil},
		{"oOiI-lL00-1111-2222", "0011-1100-1111-2222", nil},
		{"ABCD-EFGH-JKMN-PQR", "", seal.ErrBadCode},
		{"ABCD-EFGH-JKMN-PQRSX", "", seal.ErrBadCode},
		{"ABCD-EFGH-JKMN-PQRU", "", seal.ErrBadCode}, // U is not in the alphabet
		{"ABCD-EFGH-JKMN-PQRÉ", "", seal.ErrBadCode},
		{"", "", seal.ErrBadCode},
	} {
		got, err := seal.NormalizeCode(tc.in)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("NormalizeCode(%q) = %q, %v; want %q, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

// A drawn code is canonical, opens its key however it is typed, and the
// same code opens another key for another record (the salt).
func TestCodeKeys(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		code, err := seal.NewCode()
		if err != nil {
			t.Fatal(err)
		}
		if n, err := seal.NormalizeCode(code); err != nil || n != code {
			t.Fatalf("drawn code %q is not canonical: %q %v", code, n, err)
		}
		if seen[code] {
			t.Fatalf("code %q drawn twice", code)
		}
		seen[code] = true
		k1, err := seal.CodeKey(code, []byte("group 1"))
		if err != nil {
			t.Fatal(err)
		}
		k2, _ := seal.CodeKey(strings.ToLower(strings.ReplaceAll(code, "-", " ")), []byte("group 1"))
		k3, _ := seal.CodeKey(code, []byte("group 2"))
		if !k1.Equal(k2) || k1.Equal(k3) {
			t.Fatal("a code's key depends on how it is typed, or not on its salt")
		}
	}
}

// Sealed kinds do not cross: a reflection does not open as a report, nor
// for another person.
func TestKindsAreBound(t *testing.T) {
	key, err := seal.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	b := binding()
	ct, err := seal.SealKind(key.PublicKey(), seal.KindReflection, b, []byte("texte"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := seal.OpenKind(key, seal.KindReflection, b, ct); err != nil || string(got) != "texte" {
		t.Fatalf("open: %q %v", got, err)
	}
	if _, err := seal.OpenKind(key, seal.KindReport, b, ct); !errors.Is(err, seal.ErrCannotOpen) {
		t.Fatalf("opened as another kind: %v", err)
	}
	other := b
	other.Evaluated = b.Evaluator
	if _, err := seal.OpenKind(key, seal.KindReflection, other, ct); !errors.Is(err, seal.ErrCannotOpen) {
		t.Fatalf("opened for another person: %v", err)
	}
	if _, err := seal.Open(key, b, ct); !errors.Is(err, seal.ErrCannotOpen) {
		t.Fatalf("opened as an answer: %v", err)
	}
}

// Codes are typed by people: any string must normalize or fail cleanly,
// and a normalized code normalizes to itself.
func FuzzNormalizeCode(f *testing.F) {
	f.Add("ABCD-EFGH-JKMN-PQRS")
	f.Add("oOiI-lL00-1111-2222")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		n, err := seal.NormalizeCode(s)
		if err != nil {
			return
		}
		if again, err := seal.NormalizeCode(n); err != nil || again != n || len(n) != 19 {
			t.Fatalf("%q normalized to %q, then %q %v", s, n, again, err)
		}
	})
}
