package meetings

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
)

// Pure helpers of the decision register (DOMAIN.md, Decision register):
// how typed search text becomes the words the full-text index is asked
// for, which decisions are unattached to any body, and review dates.

// BodyUnknown reports whether the decision's body is not known: it was
// imported from the old wiki's decision book, which never said which body
// decided. Such a decision has neither a meeting nor a body (uuid.Nil for
// both). A decision of the work collective also has uuid.Nil as its body,
// but always a meeting.
func (d *Decision) BodyUnknown() bool { return d.Meeting == uuid.Nil && d.Body == uuid.Nil }

// elisions are the French words that lose their vowel before another word
// ("l'embauche", "qu'il"): they carry nothing to search for.
var elisions = map[string]bool{
	"l": true, "d": true, "j": true, "m": true, "n": true, "s": true, "t": true, "c": true,
	"qu": true, "jusqu": true, "lorsqu": true, "puisqu": true, "quoiqu": true,
}

// stopWords are the French and English words too common to tell one
// decision from another (folded).
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		le la les un une des du de au aux et ou ni mais donc or car que qui quoi dont ce cet cette ces
		en dans par pour sur sous avec sans chez entre vers a est sont etre ete avoir ont ai as avons
		il ils elle elles on nous vous je tu se sa son ses leur leurs notre nos votre vos mon ma mes
		ne pas plus moins tres tout tous toute toutes si y lui meme aussi comme fait faire
		the an and or but nor of to in on at by for with from into onto about as is are was were be
		been being have has had do does did this that these those it its we our you your they their
		he she his her not no so if then than there here which who whom what when where will would
		shall should can could may might must all any each every also`) {
		stopWords[w] = true
	}
}

// word is one word of typed text, folded, with whether an apostrophe
// touches it.
type word struct {
	text       string
	apostrophe bool
}

// words splits text into words as the index's tokenizer does: runs of
// letters and digits; everything else (apostrophes, quotes, hyphens,
// FTS5 operators) separates.
func words(text string) []word {
	var out []word
	var cur strings.Builder
	aposBefore := false // an apostrophe came right before the current word
	flush := func(aposAfter bool) {
		if cur.Len() > 0 {
			out = append(out, word{text: konbit.Fold(cur.String()), apostrophe: aposBefore || aposAfter})
			cur.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			cur.WriteRune(r)
		case r == '\'' || r == '’' || r == 'ʼ':
			flush(true)
			aposBefore = true
		default:
			flush(false)
			aposBefore = false
		}
	}
	flush(false)
	return out
}

// stem strips a plural "s" from a word of four letters or more (not "ss"):
// searched as a prefix, "embauches" then finds "embauche" too, and
// "embauche" finds "embauches".
func stem(w string) string {
	if utf8.RuneCountInString(w) >= 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}

// SearchWords returns the words to look for in the register for typed
// search text, each to be matched as a prefix of an indexed word (all of
// them must match): folded (case and accents ignored), split at
// apostrophes and punctuation, without French elisions ("l'" of
// "l'embauche") and English clitics ("'s"), without stop words ("le",
// "the") unless nothing else is left, and plural "s" stripped. Only
// letters and digits remain: no FTS5 syntax can come through.
func SearchWords(text string) []string {
	var all, kept []string
	for _, w := range words(text) {
		if w.apostrophe && (elisions[w.text] || utf8.RuneCountInString(w.text) == 1) {
			continue
		}
		s := stem(w.text)
		all = append(all, s)
		if !stopWords[w.text] {
			kept = append(kept, s)
		}
	}
	if len(kept) == 0 {
		kept = all
	}
	return dedupe(kept)
}

// SignificantWords returns the words of a draft worth looking for in past
// decisions (any of them may match): the search words of at least three
// letters that are not stop words, at most max of them (0: all), in order
// of first appearance.
func SignificantWords(draft string, max int) []string {
	var out []string
	for _, w := range words(draft) {
		if utf8.RuneCountInString(w.text) < 3 || stopWords[w.text] || elisions[w.text] {
			continue
		}
		out = append(out, stem(w.text))
	}
	out = dedupe(out)
	if max > 0 && len(out) > max {
		out = out[:max]
	}
	return out
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	out := in[:0:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// FoldTag is a tag as the register compares it: trimmed, lower-cased and
// without accents, so that the theme "reunions" finds the tag "réunions".
func FoldTag(tag string) string { return konbit.Fold(strings.TrimSpace(tag)) }

// ReviewBy returns the last review date that counts as due on today when
// looking withinDays ahead (YYYY-MM-DD), or "" if today is not a date.
func ReviewBy(today string, withinDays int) string {
	t, err := time.Parse(DateLayout, today)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, withinDays).Format(DateLayout)
}

// ReviewDue reports whether an active decision's review comes due on or
// before through (YYYY-MM-DD).
func (d *Decision) ReviewDue(through string) bool {
	return d.Status == Active && d.ReviewDate != "" && d.ReviewDate <= through
}

// ReviewItemTitle is the title of the agenda item that puts a decision up
// for review, in the meeting's language.
func ReviewItemTitle(language, title string) string {
	if language == English {
		return "Review: " + title
	}
	return "Révision\u00a0: " + title
}
