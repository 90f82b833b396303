package render_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/render"
)

// pdfToText extracts a PDF's text with poppler's pdftotext. Without it the
// test is skipped on a laptop, but fails in CI (scripts/install-deps.sh
// test installs poppler-utils).
func pdfToText(t *testing.T, pdf []byte, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("pdftotext not found: install poppler-utils (scripts/install-deps.sh test) to check the PDF's text")
		}
		t.Fatal("pdftotext not found in CI: install poppler-utils")
	}
	in := filepath.Join(t.TempDir(), "minutes.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append(append(args, "-enc", "UTF-8"), in, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

func minutesPDF(t *testing.T, m meetings.Minutes, lang, paper string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := render.MinutesPDF(&b, m, lang, paper); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", b.Bytes()[:min(20, b.Len())])
	}
	return b.Bytes()
}

// The PDF shows the decisions, the accented names and French quotation
// marks, the speaking-time numbers (in the table beside the chart image),
// and numbers its pages.
func TestMinutesPDFText(t *testing.T) {
	m := sampleMinutes()
	pdf := minutesPDF(t, m, "", "")
	// pdftotext gives no-break spaces back as plain ones (the Markdown
	// tests check the typography).
	text := pdfToText(t, pdf)
	minutesHas(t, "PDF text", text,
		"Compte rendu : Réunion de production",
		"Achat d'une machine à café",
		"Nous achetons une machine d'occasion, budget 300 €.",
		"Geneviève", "Félix", "Zoé",
		"« Trop chère neuve »",
		"amendée en version 2",
		"Proposition non adoptée",
		"Chercher trois devis",
		"Temps de parole",
		"Part égale",
		"Omar", "60 %", "25 %", "21 min",
		"Page 1 sur 2", "Page 2 sur 2",
	)
	// The chart is there, as an image.
	if !bytes.Contains(pdf, []byte("/Subtype /Image")) {
		t.Error("no chart image in the PDF")
	}
	// The same minutes give the same bytes.
	if again := minutesPDF(t, m, "", ""); !bytes.Equal(pdf, again) {
		t.Error("two renderings of the same minutes differ")
	}

	// œ and the other accents, in English on Letter paper; no chart.
	m.Items[1].Decisions[0].Status = meetings.Implemented
	m.Items[1].Decisions[0].Title = "Œuvre commune : ça marche à l'été"
	m.IncludeChart = false
	pdf = minutesPDF(t, m, "en", "letter")
	text = pdfToText(t, pdf)
	minutesHas(t, "English PDF text", text, "Minutes: Réunion de production", "Œuvre commune : ça marche à l'été",
		"“Trop chère neuve”", fmt.Sprintf("Page 1 of %d", strings.Count(text, "\f")), "Tuesday 8 March 2011")
	if strings.Contains(text, "Speaking time") || bytes.Contains(pdf, []byte("/Subtype /Image")) {
		t.Error("the chart was left out but is there")
	}
	if info := pdfToText(t, pdf, "-l", "1", "-bbox"); !strings.Contains(info, `width="612`) {
		t.Errorf("not Letter paper: %.300s", info)
	}
	fr := minutesPDF(t, sampleMinutes(), "", "a4")
	if info := pdfToText(t, fr, "-l", "1", "-bbox"); !strings.Contains(info, `width="595.`) {
		t.Errorf("not A4 paper: %.300s", info)
	}
}

// Long minutes run over pages: tables repeat their header, pages are
// numbered "n of N", and a long text wraps instead of running off.
func TestMinutesPDFPages(t *testing.T) {
	m := sampleMinutes()
	long := strings.Repeat("Une très longue note de réunion, qui se poursuit. ", 40)
	for i := range 60 {
		m.Actions = append(m.Actions, meetings.ActionLine{Text: fmt.Sprintf("Action numéro %d — %s", i, long[:120]), Owner: "Geneviève", Due: "2011-04-01"})
		m.Speaking = append(m.Speaking, meetings.SpeakingRow{Name: fmt.Sprintf("Personne %02d", i), Turns: 1, Time: time.Minute, Share: 0.001, EqualShare: 0.01})
	}
	m.Items[0].Notes = long
	text := pdfToText(t, minutesPDF(t, m, "fr", "a4"))
	pages := strings.Count(text, "\f")
	if pages < 4 {
		t.Fatalf("%d pages", pages)
	}
	minutesHas(t, "long PDF", text, fmt.Sprintf("Page 1 sur %d", pages), fmt.Sprintf("Page %d sur %d", pages, pages),
		"Action numéro 59", "Personne 59")
	if n := strings.Count(text, "Responsable"); n < 2 {
		t.Errorf("the actions table's header is not repeated: %d", n)
	}
	if err := render.MinutesPDF(&bytes.Buffer{}, m, "fr", "a3"); err == nil || !strings.Contains(err.Error(), "a4 or letter") {
		t.Errorf("paper a3: %v", err)
	}
}
