package app

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/replica"
)

// snippetWords caps the words of a text put under a title: the line is
// cut at the row's width anyway.
const snippetWords = 60

// snippetSegments is the line under a decision's title in the register:
// the passage of a search that matched, its matched words in bold; when
// that passage only repeats the title (a search often matches in the
// title), or without a search, the start of its text, the matched words
// in bold there too; nothing when that also only repeats the title
// (imported decisions often have no text but their heading). The line
// must add something to be worth reading.
func snippetSegments(snippet, text, title string) []widget.RichTextSegment {
	switch {
	case snippet != "" && adds(snippet, title):
		return markedSegments(snippet)
	case adds(text, title):
		return textSegments(text, markedWords(snippet))
	}
	return nil
}

// snippetShown says whether snippetSegments shows anything.
func snippetShown(snippet, text, title string) bool {
	return snippet != "" && adds(snippet, title) || adds(text, title)
}

// sizeRows gives the hits with no line under their title the height of
// the title row alone: a register of decisions with no text but their
// heading reads as a compact list, not one with every other line blank.
func (v *registerView) sizeRows() {
	item := v.list.CreateItem().(*fyne.Container)
	full, short := item.MinSize().Height, item.Objects[0].MinSize().Height
	for i, h := range v.hits {
		height := full
		if !snippetShown(h.Snippet, h.Decision.Text, h.Decision.Title) {
			height = short
		}
		v.list.SetItemHeight(i, height)
	}
}

// snippetStyles are the styles of the line: plain, and bold for the words
// that matched.
func snippetStyles() (plain, bold widget.RichTextStyle) {
	plain = widget.RichTextStyleInline
	plain.ColorName = theme.ColorNamePlaceHolder
	bold = widget.RichTextStyleStrong
	bold.ColorName = theme.ColorNameForeground
	return plain, bold
}

// markedSegments shows a snippet, its marked words in bold.
func markedSegments(snippet string) []widget.RichTextSegment {
	plain, bold := snippetStyles()
	var segs []widget.RichTextSegment
	rest := strings.Join(strings.Fields(snippet), " ")
	in := false
	for rest != "" {
		mark := replica.SnippetOpen
		if in {
			mark = replica.SnippetClose
		}
		part, after, found := strings.Cut(rest, mark)
		if part != "" {
			st := plain
			if in {
				st = bold
			}
			segs = append(segs, &widget.TextSegment{Text: part, Style: st})
		}
		if !found {
			break
		}
		in = !in
		rest = after
	}
	return segs
}

// markedWords are the words a snippet marks as matched, folded.
func markedWords(snippet string) map[string]bool {
	words := map[string]bool{}
	rest := snippet
	for {
		_, after, ok := strings.Cut(rest, replica.SnippetOpen)
		if !ok {
			return words
		}
		word, after, ok := strings.Cut(after, replica.SnippetClose)
		if !ok {
			return words
		}
		for _, w := range strings.Fields(word) {
			words[wordKey(w)] = true
		}
		rest = after
	}
}

// textSegments shows the start of a text, the words in bold in bold
// (their letters only: not the punctuation or space beside them).
func textSegments(text string, bold map[string]bool) []widget.RichTextSegment {
	plainSt, boldSt := snippetStyles()
	var segs []widget.RichTextSegment
	emit := func(t string, b bool) {
		if t == "" {
			return
		}
		if n := len(segs); n > 0 && segs[n-1].(*widget.TextSegment).Style.TextStyle.Bold == b {
			segs[n-1].(*widget.TextSegment).Text += t
			return
		}
		st := plainSt
		if b {
			st = boldSt
		}
		segs = append(segs, &widget.TextSegment{Text: t, Style: st})
	}
	words := strings.Fields(text)
	for i, w := range words[:min(len(words), snippetWords)] {
		if i > 0 {
			emit(" ", false)
		}
		start := strings.IndexFunc(w, isWordRune)
		end := strings.LastIndexFunc(w, isWordRune)
		if start < 0 || !bold[konbit.Fold(w[start:end+1])] {
			emit(w, false)
		} else {
			_, size := utf8.DecodeRuneInString(w[end:])
			emit(w[:start], false)
			emit(w[start:end+size], true)
			emit(w[end+size:], false)
		}
	}
	if len(words) > snippetWords {
		emit("…", false)
	}
	return segs
}

// isWordRune says whether a rune belongs to a word rather than to the
// punctuation around it.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordKey is a word as matched: folded, without the punctuation around it.
func wordKey(w string) string {
	return konbit.Fold(strings.TrimFunc(w, func(r rune) bool { return !isWordRune(r) }))
}

// adds says whether a passage (a snippet or a text) says something the
// title does not: it is not empty and not the title, or a piece of it,
// again (whatever the case, accents, spacing, curly apostrophes, the
// snippet's marks and the "…" where it was cut).
func adds(passage, title string) bool {
	s := strings.ReplaceAll(passage, replica.SnippetOpen, "")
	s = strings.ReplaceAll(s, replica.SnippetClose, "")
	s, t := bareText(s), bareText(title)
	return s != "" && !strings.Contains(t, s)
}

// bareText is text folded for comparison: without case, accents, runs of
// spaces, nor the ellipses and full stops at its ends.
func bareText(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'").Replace(strings.Join(strings.Fields(s), " "))
	return strings.Trim(konbit.Fold(s), "….: ")
}
