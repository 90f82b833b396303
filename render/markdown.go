package render

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/konbit/konbit/meetings"
)

// MinutesMarkdown writes the minutes as Markdown (CommonMark with GitHub
// tables), in lang ("fr" or "en"; "" for the minutes' language). The
// speaking-time summary (a table, and the chart drawn as text bars) is
// there unless m.IncludeChart is false.
func MinutesMarkdown(w io.Writer, m meetings.Minutes, lang string) error {
	lang = minutesLang(m, lang)
	bw := bufio.NewWriter(w)
	tx := textsFor(lang)
	for i, b := range minutesBlocks(m, lang) {
		if i > 0 {
			bw.WriteString("\n")
		}
		writeMarkdownBlock(bw, tx, b)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write minutes: %w", err)
	}
	return nil
}

func writeMarkdownBlock(w *bufio.Writer, tx texts, b block) {
	switch {
	case b.heading > 0:
		fmt.Fprintf(w, "%s %s\n", strings.Repeat("#", b.heading), mdSpans(b.spans, "", false))
	case b.spans != nil:
		fmt.Fprintf(w, "%s\n", mdSpans(b.spans, "", true))
	case b.list != nil:
		for _, item := range b.list {
			fmt.Fprintf(w, "- %s\n", mdSpans(item, "  ", true))
		}
	case b.table != nil:
		t := b.table
		cells := func(row []string) string {
			out := make([]string, len(row))
			for i, c := range row {
				out[i] = mdCell(c)
			}
			return "| " + strings.Join(out, " | ") + " |\n"
		}
		w.WriteString(cells(t.header))
		sep := make([]string, len(t.header))
		for i := range sep {
			sep[i] = "---"
			if i < len(t.right) && t.right[i] {
				sep[i] = "--:"
			}
		}
		w.WriteString("|" + strings.Join(sep, "|") + "|\n")
		for _, r := range t.rows {
			w.WriteString(cells(r))
		}
	case b.chart != nil:
		// The chart as text: a bar of blocks per person, the numbers beside.
		width, top := 0, 0.0
		for _, bar := range b.chart.bars {
			width = max(width, utf8.RuneCountInString(bar.Label))
			top = maxf(top, bar.Value, bar.Reference)
		}
		w.WriteString("```text\n")
		for _, bar := range b.chart.bars {
			n := 0
			if top > 0 {
				n = int(bar.Value/top*30 + 0.5)
			}
			pad := strings.Repeat(" ", width-utf8.RuneCountInString(bar.Label))
			fmt.Fprintf(w, "%s%s %s%s %s (%s %s)\n", bar.Label, pad, strings.Repeat("█", n), strings.Repeat(" ", 30-n),
				tx.percent(bar.Value), strings.ToLower(b.chart.text.Reference), tx.percent(bar.Reference))
		}
		w.WriteString("```\n")
	default:
		for _, line := range strings.Split(strings.TrimSpace(b.quote), "\n") {
			fmt.Fprintf(w, "> %s\n", mdLine(line, true))
		}
	}
}

// mdSpans writes styled runs; a line break inside continues the block
// (indented by indent in a list item). block says whether a line's start
// could be read as Markdown block syntax (not in a heading).
func mdSpans(spans []span, indent string, block bool) string {
	var sb strings.Builder
	for _, s := range spans {
		text := s.text
		lead := text[:len(text)-len(strings.TrimLeft(text, " "))]
		trail := text[len(strings.TrimRight(text, " ")):]
		core := strings.TrimSpace(text)
		if core == "" {
			sb.WriteString(text)
			continue
		}
		var lines []string
		for i, l := range strings.Split(core, "\n") {
			if i > 0 {
				l = strings.TrimSpace(l)
			}
			lines = append(lines, mdLine(l, block))
		}
		core = strings.Join(lines, "  \n"+indent)
		switch {
		case s.bold:
			core = "**" + core + "**"
		case s.italic:
			core = "*" + core + "*"
		}
		sb.WriteString(lead + core + trail)
	}
	return sb.String()
}

var (
	mdEscaper   = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "|", `\|`)
	mdBlockLead = regexp.MustCompile(`^[#=+-]`)
	mdOrdered   = regexp.MustCompile(`^(\d+)([.)])`)
)

// mdLine escapes one line of text so that Markdown shows it as typed.
func mdLine(s string, block bool) string {
	s = mdEscaper.Replace(s)
	if !block {
		return s
	}
	if mdBlockLead.MatchString(s) {
		s = `\` + s
	}
	s = mdOrdered.ReplaceAllString(s, `$1\$2`) // "1. " would start a list
	return s
}

// mdCell escapes a table cell: one line.
func mdCell(s string) string {
	// strings.Fields would also split at the no-break spaces of French.
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == '\t' || r == ' ' }), " ")
	return mdEscaper.Replace(s)
}
