package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/render"
	"github.com/konbit/konbit/replica"
)

// runMinutes writes a meeting's synthetic minutes:
//
//	konbit minutes MEETING --format md|pdf [--lang fr|en] [--paper a4|letter] [--no-chart] --out FILE
//
// MEETING is an id, a unique id prefix or the exact title. The minutes are
// in the meeting's language unless --lang says otherwise; --no-chart leaves
// the speaking-time summary (table and chart) out of them. The whole
// document is made before the file is touched, then written to a
// temporary file renamed over FILE: a refused or failed command leaves no
// file, and never half of one. --out - writes to standard output.
func runMinutes(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if len(p.args) != 1 {
		return usagef("minutes needs one MEETING (its id, id prefix or title)")
	}
	out := p.get("out")
	if out == "" {
		return usagef("minutes needs --out FILE (or --out - for standard output)")
	}
	format := p.get("format")
	if format == "" {
		// Allowed from the file's name: --out minutes.pdf.
		switch strings.ToLower(filepath.Ext(out)) {
		case ".md", ".markdown":
			format = "md"
		case ".pdf":
			format = "pdf"
		}
	}
	switch format {
	case "md", "pdf":
	case "":
		return usagef("minutes needs --format md or pdf")
	default:
		return usagef("--format %q: want md or pdf", format)
	}
	lang := p.get("lang")
	if lang != "" && lang != meetings.French && lang != meetings.English {
		return fmt.Errorf("--lang %q: want fr or en", lang)
	}
	paper := strings.ToLower(p.get("paper"))
	if paper != "" && paper != render.PaperA4 && paper != render.PaperLetter {
		return fmt.Errorf("--paper %q: want a4 or letter", p.get("paper"))
	}
	if paper != "" && format != "pdf" {
		return usagef("--paper applies to --format pdf only")
	}

	m, err := r.FindMeeting(p.args[0])
	if err != nil {
		return err
	}
	mins, err := r.MinutesOf(ctx, m.ID, lang)
	if err != nil {
		return err
	}
	mins.IncludeChart = !p.has("no-chart")
	var doc bytes.Buffer
	if format == "pdf" {
		err = render.MinutesPDF(&doc, mins, lang, paper)
	} else {
		err = render.MinutesMarkdown(&doc, mins, lang)
	}
	if err != nil {
		return err
	}
	if out == "-" {
		_, err := env.Stdout.Write(doc.Bytes())
		return err
	}
	if err := replaceFileWith(out, doc.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote the minutes of %s (%s) to %s\n", m.Title, m.Date, out)
	return nil
}

// replaceFileWith writes data to a temporary file beside path, flushed to
// disk, then renames it over path: readers see the old file or the whole
// new one, and a failure leaves no file behind.
func replaceFileWith(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
