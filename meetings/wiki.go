package meetings

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
)

// The old wiki's decision book (DOMAIN.md, Decision register) is one
// chronological Markdown page:
//
//	Anything before the first level-2 heading is ignored.
//
//	## 2010-11-14 Embauche d'un développeur
//	Text of the decision, over as many lines as it takes,
//	### sub-headings and # lines included (they are text).
//
//	## 2010-12-01 : Règlement intérieur
//	...
//
// Every line starting with "## " (or a bare "##") starts an entry: the
// date comes first, then optionally ":" or "-" (or an en or em dash), then
// the title. The entry's text runs to the next such line, blank lines at
// its ends trimmed. Lines starting "#" or "###" are not entry headings and
// stay in the text as they are.

// WikiError is a problem in the decision book, at a line (counted from 1).
type WikiError struct {
	Line int
	Msg  string
}

func (e *WikiError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

var (
	wikiDateShape = regexp.MustCompile(`^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}`)
	wikiHashtag   = regexp.MustCompile(`(?:^|[\s(])#(\pL[\pL\pN_-]*)`)
)

// maxWikiLine bounds one line of the page (a pasted image in base64 is
// the longest thing a wiki page holds).
const maxWikiLine = 4 << 20

// ParseWikiDecisions reads the decision book and returns its decisions in
// page order, or the first problem, naming its line: a heading without a
// date, an impossible date (2010-02-30), an empty title. Each decision is
// dated, active, with no meeting and no body (BodyUnknown), tagged with
// the #hashtags of its text if any. An entry with no text takes its title
// as its text, so that nothing the wiki said is dropped or refused. The
// ids are derived from the date and title (and rank among equal ones), so
// importing the same page twice names the same decisions.
func ParseWikiDecisions(r io.Reader) ([]Decision, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxWikiLine)
	var (
		out   []Decision
		cur   *Decision
		text  []string
		line  int
		seen  = map[string]int{}
		flush = func() {
			if cur == nil {
				return
			}
			for len(text) > 0 && strings.TrimSpace(text[len(text)-1]) == "" {
				text = text[:len(text)-1]
			}
			for len(text) > 0 && strings.TrimSpace(text[0]) == "" {
				text = text[1:]
			}
			cur.Text = strings.Join(text, "\n")
			if strings.TrimSpace(cur.Text) == "" {
				cur.Text = cur.Title
			}
			cur.Tags = normalizeTags(hashtags(cur.Text))
			out = append(out, *cur)
			cur, text = nil, nil
		}
	)
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			s = strings.TrimPrefix(s, "\ufeff")
		}
		if s == "##" || strings.HasPrefix(s, "## ") || strings.HasPrefix(s, "##\t") {
			flush()
			d, err := wikiHeading(s[2:], line)
			if err != nil {
				return nil, err
			}
			key := d.Date + "/" + d.Title
			seen[key]++
			d.ID = derive("wiki-decision", d.Date, d.Title, fmt.Sprint(seen[key]))
			cur = &d
			continue
		}
		if cur != nil {
			text = append(text, s)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &WikiError{Line: line + 1, Msg: err.Error()}
	}
	flush()
	for i := range out {
		if err := out[i].Validate(); err != nil { // cannot happen: said for safety
			return nil, fmt.Errorf("decision %q: %w", out[i].Title, err)
		}
	}
	return out, nil
}

// wikiHeading reads the date and title of an entry heading (after "##").
func wikiHeading(s string, line int) (Decision, error) {
	s = strings.TrimSpace(s)
	shape := wikiDateShape.FindString(s)
	if shape == "" {
		return Decision{}, &WikiError{Line: line, Msg: fmt.Sprintf("the heading %q does not start with a date YYYY-MM-DD", clip(s))}
	}
	if len(shape) != len(DateLayout) {
		return Decision{}, &WikiError{Line: line, Msg: fmt.Sprintf("the date %s is not written YYYY-MM-DD", shape)}
	}
	if _, err := time.Parse(DateLayout, shape); err != nil {
		return Decision{}, &WikiError{Line: line, Msg: fmt.Sprintf("impossible date %s", shape)}
	}
	title := strings.TrimSpace(s[len(shape):])
	for _, sep := range []string{":", "-", "–", "—"} {
		if strings.HasPrefix(title, sep) {
			title = strings.TrimSpace(title[len(sep):])
			break
		}
	}
	if title == "" {
		return Decision{}, &WikiError{Line: line, Msg: fmt.Sprintf("the decision of %s has no title", shape)}
	}
	return Decision{Date: shape, Title: title, Status: Active, Meeting: uuid.Nil, Body: uuid.Nil}, nil
}

// hashtags returns the #words of a text (not Markdown headings, whose #
// is followed by a space).
func hashtags(text string) []string {
	var out []string
	for _, m := range wikiHashtag.FindAllStringSubmatch(text, -1) {
		out = append(out, m[1])
	}
	return out
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
