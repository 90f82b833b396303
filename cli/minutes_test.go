package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMinutesCommand(t *testing.T) {
	c := newClock(t, "2024-06-03")
	c.must("demo", "--weeks", "3")
	list := decodeJSON[[]map[string]any](t, c.must("meeting", "list", "--format", "json"))
	dir := t.TempDir()
	md := filepath.Join(dir, "minutes.md")

	// A meeting of the demo that took a decision.
	var id, doc string
	for _, m := range list {
		id = m["id"].(string)
		c.must("minutes", id, "--format", "md", "--out", md)
		b, err := os.ReadFile(md)
		if err != nil {
			t.Fatal(err)
		}
		if doc = string(b); strings.Contains(doc, "Décision") {
			break
		}
	}
	for _, want := range []string{"# Compte rendu", "## Présences", "Présent·es", "## Ordre du jour", "Décision\u00a0:", "## Temps de parole", "| Nom | Tours |"} {
		if !strings.Contains(doc, want) {
			t.Errorf("minutes lack %q:\n%s", want, doc)
		}
	}

	// English, without the speaking time, by id prefix; to stdout.
	out := c.must("minutes", id[:8], "--format", "md", "--lang", "en", "--no-chart", "--out", "-")
	if !strings.Contains(out, "# Minutes: ") || !strings.Contains(out, "## Attendance") || strings.Contains(out, "Speaking time") {
		t.Errorf("English minutes without chart:\n%s", out)
	}

	// PDF on Letter paper; the format may come from the file name.
	pdf := filepath.Join(dir, "minutes.pdf")
	if msg := c.must("minutes", id, "--paper", "letter", "--out", pdf); !strings.Contains(msg, pdf) {
		t.Errorf("message: %q", msg)
	}
	if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) || len(b) < 10000 {
		t.Errorf("PDF: %v, %d bytes", err, len(b))
	}

	// Refused: nothing written, an existing file kept whole, no temporary
	// file left behind.
	if err := os.WriteFile(md, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct {
		code int
		want string
		args []string
	}{
		{ExitError, "no meeting", []string{"minutes", "nosuchmeeting", "--format", "md", "--out", md}},
		{ExitError, "--lang \"de\"", []string{"minutes", id, "--format", "md", "--lang", "de", "--out", md}},
		{ExitError, "--paper \"a3\"", []string{"minutes", id, "--format", "pdf", "--paper", "a3", "--out", md}},
		{ExitUsage, "want md or pdf", []string{"minutes", id, "--format", "docx", "--out", md}},
		{ExitUsage, "needs --format", []string{"minutes", id, "--out", filepath.Join(dir, "minutes.txt")}},
		{ExitUsage, "needs --out", []string{"minutes", id, "--format", "md"}},
		{ExitUsage, "one MEETING", []string{"minutes", "--format", "md", "--out", md}},
		{ExitUsage, "pdf only", []string{"minutes", id, "--format", "md", "--paper", "a4", "--out", md}},
		{ExitError, "write", []string{"minutes", id, "--format", "md", "--out", filepath.Join(dir, "nodir", "m.md")}},
	} {
		c.refused(bad.code, bad.want, bad.args...)
	}
	if b, _ := os.ReadFile(md); string(b) != "old" {
		t.Errorf("a refused command changed the file: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 2 {
		t.Errorf("files left: %v", names)
	}
}
