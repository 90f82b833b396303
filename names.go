package konbit

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s and strips its accents, for comparing and searching
// what people type: "Genevieve" finds "Geneviève", "reglement"
// "Règlement".
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// NameMatch says how the first letters someone typed match a name, case
// and accents ignored: the whole name starts with them ("gen" for
// Geneviève), or a word of it does, after a space, hyphen or apostrophe
// ("cla" for Marie-Claude). Screens list whole-name matches first.
type NameMatch int

// Ways a name matches.
const (
	NoMatch NameMatch = iota
	WordMatch
	WholeMatch
)

// MatchName tells how typed matches name.
func MatchName(name, typed string) NameMatch {
	name, typed = Fold(name), Fold(strings.TrimSpace(typed))
	if strings.HasPrefix(name, typed) {
		return WholeMatch
	}
	var prev rune
	for i, r := range name {
		if i > 0 && unicode.IsLetter(r) && !unicode.IsLetter(prev) && strings.HasPrefix(name[i:], typed) {
			return WordMatch
		}
		prev = r
	}
	return NoMatch
}
