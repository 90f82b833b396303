package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/konbit/konbit"
)

// A person's PDF from a tiny campaign: written to --out in the language
// asked, the same bytes twice, the person's view (two peers are fewer
// than k = 3, so their aggregate is withheld), and refused without
// --person or with an unknown language.
func TestEvalReportPDF(t *testing.T) {
	d := t.TempDir()
	must(t, "--data", d, "demo", "--weeks", "0", "--no-eval")
	evalHRKeys(t, d)
	must(t, "--data", d, "eval", "new", "Tiny", "--hr", "Omar,Lydie", "--participants", "Omar,Lydie,Jenny",
		"--start", "2011-03-01", "--end", "2011-03-31")
	must(t, "--data", d, "eval", "groups", "Tiny", "--size", "3")
	answer := func(crit, ev, ed string, more ...string) {
		t.Helper()
		must(t, append([]string{"--data", d, "eval", "answer", "Tiny", "--session", "work", "--criterion", crit,
			"--evaluator", ev, "--evaluated", ed}, more...)...)
	}
	answer("communication", "Omar", "Omar", "--score", "4")
	answer("communication", "Lydie", "Omar", "--score", "3")
	answer("communication", "Jenny", "Omar", "--score", "5", "--comment", "Omar explique bien")
	answer("knowledge", "Omar", "Omar", "--cant-say")

	dir := t.TempDir()
	pdf := func(name string, more ...string) []byte {
		t.Helper()
		out := filepath.Join(dir, name)
		must(t, append([]string{"--data", d, "eval", "report", "Tiny", "--person", "Omar", "--format", "pdf", "--out", out}, more...)...)
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatalf("%s is not a PDF", name)
		}
		if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600 (the report is private)", name, fi.Mode().Perm())
		}
		return b
	}
	en, fr := pdf("en.pdf", "--lang", "en"), pdf("fr.pdf", "--lang", "fr", "--paper", "letter")
	if !bytes.Equal(en, pdf("en2.pdf", "--lang", "en")) {
		t.Error("the same report gave different bytes")
	}
	if def := pdf("default.pdf"); !bytes.Equal(def, en) && !bytes.Equal(def, pdf("fr-a4.pdf", "--lang", "fr")) {
		t.Error("the default language is neither French nor English")
	}

	if _, err := exec.LookPath("pdftotext"); err == nil {
		for _, tc := range []struct {
			pdf  []byte
			want []string
		}{
			{en, []string{"Peer evaluation — Omar", "Tiny", "Communication", "withheld", "fewer than 3 peers", "can't say", "Omar explique bien", "a peer"}},
			{fr, []string{"Évaluation par les pairs — Omar", "Tiny", "Communication", "masqué", "moins de 3 pairs", "ne sait pas", "Omar explique bien", "un·e pair"}},
		} {
			in := filepath.Join(dir, "x.pdf")
			os.WriteFile(in, tc.pdf, 0o600)
			out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").CombinedOutput()
			if err != nil {
				t.Fatalf("pdftotext: %v %s", err, out)
			}
			text := strings.Join(strings.Fields(string(out)), " ")
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("PDF lacks %q:\n%s", w, text)
				}
			}
			// Omar's own 4 is shown; his peers' 3 and 5 (mean 4.00) are not.
			if strings.Contains(text, "4.00") || strings.Contains(text, "4,00") {
				t.Errorf("a withheld mean is shown:\n%s", text)
			}
		}
	}

	if r := run(t, "--data", d, "eval", "report", "Tiny", "--format", "pdf", "--out", filepath.Join(dir, "all.pdf")); r.code != ExitUsage || !strings.Contains(r.stderr, "--person") {
		t.Errorf("pdf without --person: exit %d %s", r.code, r.stderr)
	}
	if r := run(t, "--data", d, "eval", "report", "Tiny", "--person", "Omar", "--format", "pdf", "--lang", "de", "--out", filepath.Join(dir, "de.pdf")); r.code != ExitUsage {
		t.Errorf("--lang de: exit %d %s", r.code, r.stderr)
	}
	if r := run(t, "--data", d, "eval", "report", "Tiny", "--format", "csv", "--lang", "fr"); r.code != ExitUsage {
		t.Errorf("--lang with csv: exit %d %s", r.code, r.stderr)
	}
}

// The PDF's language: the one asked, else the person's first, else French.
func TestPDFLang(t *testing.T) {
	for _, tc := range []struct {
		asked string
		langs []string
		want  string
	}{
		{"", []string{"en", "fr"}, "en"},
		{"", []string{"fr"}, "fr"},
		{"", nil, "fr"},
		{"", []string{"ht"}, "fr"},
		{"fr", []string{"en"}, "fr"},
	} {
		got, err := pdfLang(tc.asked, konbit.Member{Languages: tc.langs})
		if err != nil || got != tc.want {
			t.Errorf("pdfLang(%q, %v) = %q, %v; want %q", tc.asked, tc.langs, got, err, tc.want)
		}
	}
	if _, err := pdfLang("de", konbit.Member{}); err == nil {
		t.Error("German accepted")
	}
}
