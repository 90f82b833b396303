package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/sqlite"
)

// codeRE is a code as HR hands it out.
var codeRE = regexp.MustCompile(`^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$`)

// evalTiny makes a campaign "Tiny" of Omar, Lydie and Jenny, one group
// per session, run by Omar (this laptop, passphrase "omar", left in
// $KONBIT_PASSPHRASE) and Lydie; Omar's communication is scored 4 by
// himself, 3 and 5 (with a comment) by his peers. It returns the data dir.
func evalTiny(t *testing.T) string {
	t.Helper()
	d := t.TempDir()
	must(t, "--data", d, "demo", "--weeks", "0", "--no-eval")
	evalHRKeys(t, d)
	must(t, "--data", d, "eval", "new", "Tiny", "--hr", "Omar,Lydie", "--participants", "Omar,Lydie,Jenny",
		"--committee", "Embauche / RH", "--start", "2011-03-01", "--end", "2011-03-31")
	must(t, "--data", d, "eval", "groups", "Tiny", "--size", "3")
	for _, a := range [][]string{
		{"Omar", "Omar", "--score", "4"},
		{"Lydie", "Omar", "--score", "3"},
		{"Jenny", "Omar", "--score", "5", "--comment", "Omar explique bien"},
	} {
		must(t, append([]string{"--data", d, "eval", "answer", "Tiny", "--session", "work", "--criterion", "communication",
			"--evaluator", a[0], "--evaluated", a[1]}, a[2:]...)...)
	}
	return d
}

// reflectOnOmar writes, through the replica as the group's screen does,
// the group's reflection on Omar in the work session (two of the five
// questions answered) and two actions of his plan: one his, one the HR
// committee's.
func reflectOnOmar(t *testing.T, d string) {
	t.Helper()
	rs := openDirs(t, d)
	defer closeAll(rs)
	r, ctx := rs[0], context.Background()
	c, err := r.FindCampaign("Tiny")
	if err != nil {
		t.Fatal(err)
	}
	omar, err := r.FindMember("Omar")
	if err != nil {
		t.Fatal(err)
	}
	hr, err := r.FindCommittee("Embauche / RH")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.SaveReflection(ctx, evaluation.Reflection{Campaign: c.ID, Session: "work", Person: omar.ID, Answers: map[string]string{
		evaluation.QuestionRelations: "Déjeuner ensemble le jeudi",
		evaluation.QuestionImprove:   "Parler moins vite en réunion",
	}}); err != nil {
		t.Fatal(err)
	}
	for _, a := range []meetings.Action{
		{Campaign: c.ID, About: omar.ID, Text: "Formation à la prise de parole", Owner: hr.ID, OwnerIsCommittee: true, Due: "2011-06-30"},
		{Campaign: c.ID, About: omar.ID, Text: "Préparer ses notes avant chaque réunion", Owner: omar.ID},
	} {
		a, err := r.SaveEvaluationAction(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		// eval new --committee: the plan is followed up in its meetings.
		if a.Body != hr.ID {
			t.Fatalf("action of the body %s, not the HR committee's", a.Body)
		}
	}
}

// myReportJSON is what the tests read of a person's report as JSON.
type myReportJSON struct {
	Person uuid.UUID
	Lines  []struct {
		Session, Criterion string
		Self               int
		Peers              struct{ Count int }
		Withheld           bool
	}
	Comments []struct {
		Text  string
		Rater uuid.UUID
	}
	Reflections []struct {
		Session string `json:"session"`
		Answers []struct {
			Question string `json:"question"`
			Text     string `json:"text"`
		} `json:"answers"`
	} `json:"reflections"`
	Actions []struct {
		Text             string `json:"text"`
		OwnerName        string `json:"owner_name"`
		OwnerIsCommittee bool   `json:"owner_is_committee"`
		Due              string `json:"due"`
		Done             bool   `json:"done"`
	} `json:"actions"`
}

// checkFollowUp checks Omar's reflection and action plan in a JSON report.
func checkFollowUp(t *testing.T, rep myReportJSON) {
	t.Helper()
	if len(rep.Reflections) != 1 || rep.Reflections[0].Session != "work" || len(rep.Reflections[0].Answers) != 2 ||
		rep.Reflections[0].Answers[0].Question != "improve" || rep.Reflections[0].Answers[0].Text != "Parler moins vite en réunion" ||
		rep.Reflections[0].Answers[1].Question != "relations" || rep.Reflections[0].Answers[1].Text != "Déjeuner ensemble le jeudi" {
		t.Errorf("reflections (questions in their order): %+v", rep.Reflections)
	}
	owners := map[string]string{}
	for _, a := range rep.Actions {
		owners[a.Text] = a.OwnerName
	}
	if len(rep.Actions) != 2 || owners["Formation à la prise de parole"] != "Embauche / RH" || owners["Préparer ses notes avant chaque réunion"] != "Omar" {
		t.Errorf("actions: %+v", rep.Actions)
	}
}

func pdfText(t *testing.T, file string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not found: install poppler-utils")
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// HR's JSON and PDF carry the group's reflection and the action plan; the
// CSV stays aggregates.
func TestEvalReportReflectionsAndActions(t *testing.T) {
	d := evalTiny(t)
	reflectOnOmar(t, d)
	var rep myReportJSON
	if err := json.Unmarshal([]byte(must(t, "--data", d, "eval", "report", "Tiny", "--person", "Omar", "--format", "json")), &rep); err != nil {
		t.Fatal(err)
	}
	checkFollowUp(t, rep)
	var all struct {
		Reports []myReportJSON `json:"reports"`
	}
	if err := json.Unmarshal([]byte(must(t, "--data", d, "eval", "report", "Tiny", "--format", "json")), &all); err != nil || len(all.Reports) != 3 {
		t.Fatalf("campaign JSON: %v %d reports", err, len(all.Reports))
	}
	for _, rp := range all.Reports {
		if len(rp.Reflections) > 0 && rp.Reflections[0].Answers[0].Text != "Parler moins vite en réunion" {
			t.Errorf("%s has another's reflection", rp.Person)
		}
		if rp.Reflections == nil || rp.Actions == nil {
			t.Errorf("%s: reflections and actions are lists, even empty", rp.Person)
		}
	}
	if csv := must(t, "--data", d, "eval", "report", "Tiny", "--format", "csv"); strings.Contains(csv, "Parler") || strings.Contains(csv, "Formation") {
		t.Errorf("the CSV holds the reflection or the plan:\n%s", csv)
	}

	for _, tc := range []struct{ lang, want string }{
		{"fr", "Réflexion collective|Comment la personne peut-elle améliorer ses points faibles ?|Parler moins vite en réunion|" +
			"Comment améliorer les relations interpersonnelles ?|Déjeuner ensemble le jeudi|Plan d’action|Responsable|Échéance|" +
			"Formation à la prise de parole|Embauche / RH|2011-06-30|à faire|Préparer ses notes avant chaque réunion"},
		{"en", "Collective reflection|How can the person improve their weak points?|Parler moins vite en réunion|" +
			"How can interpersonal relations be improved?|Action plan|Owner|Due|Formation à la prise de parole|Embauche / RH|to do"},
	} {
		out := filepath.Join(t.TempDir(), "omar.pdf")
		r := run(t, "--data", d, "eval", "report", "Tiny", "--person", "Omar", "--format", "pdf", "--lang", tc.lang, "--out", out)
		if r.code != 0 || !strings.Contains(r.stderr, "not released yet") {
			t.Fatalf("pdf before release: exit %d %s", r.code, r.stderr)
		}
		text := pdfText(t, out)
		for _, w := range strings.Split(tc.want, "|") {
			if !strings.Contains(text, w) {
				t.Errorf("%s PDF lacks %q:\n%s", tc.lang, w, text)
			}
		}
		// Questions left blank are not shown.
		if strings.Contains(text, "l’y aider") || strings.Contains(text, "organisation help") {
			t.Errorf("%s PDF shows a blank question", tc.lang)
		}
	}
}

// HR reads the groups' reveal codes, which open the groups' answers.
func TestEvalCodes(t *testing.T) {
	d := evalTiny(t)
	var got struct {
		Sessions []struct {
			Name   string `json:"name"`
			Groups []struct {
				Members []uuid.UUID `json:"members"`
				Code    string      `json:"code"`
			} `json:"groups"`
		} `json:"sessions"`
	}
	if err := json.Unmarshal([]byte(must(t, "--data", d, "eval", "codes", "Tiny", "--format", "json")), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Sessions) != 2 || got.Sessions[0].Name != "work" || got.Sessions[1].Name != "involvement" {
		t.Fatalf("sessions %+v", got.Sessions)
	}
	for _, s := range got.Sessions {
		if len(s.Groups) != 1 || len(s.Groups[0].Members) != 3 || !codeRE.MatchString(s.Groups[0].Code) {
			t.Fatalf("%s: %+v", s.Name, s.Groups)
		}
	}
	if got.Sessions[0].Groups[0].Code == got.Sessions[1].Groups[0].Code {
		t.Error("both sessions' groups have the same code")
	}
	table := must(t, "--data", d, "eval", "codes", "Tiny")
	for _, w := range []string{"work", "involvement", "Omar", "Lydie", "Jenny", got.Sessions[0].Groups[0].Code} {
		if !strings.Contains(table, w) {
			t.Errorf("table lacks %q:\n%s", w, table)
		}
	}

	// The work group's code opens the three answers typed in it.
	rs := openDirs(t, d)
	c, _ := rs[0].FindCampaign("Tiny")
	as, err := rs[0].RevealGroup(context.Background(), c.ID, "work", 0, got.Sessions[0].Groups[0].Code)
	closeAll(rs)
	if err != nil || len(as) != 3 {
		t.Fatalf("reveal with the code: %d answers, %v", len(as), err)
	}

	t.Setenv(PassphraseEnv, "omar!")
	if r := run(t, "--data", d, "eval", "codes", "Tiny"); r.code != ExitError || !strings.Contains(r.stderr, "wrong passphrase") {
		t.Errorf("wrong passphrase: exit %d %s", r.code, r.stderr)
	}
	if r := run(t, "--data", d, "eval", "codes", "Tiny", "--format", "xml"); r.code != ExitUsage {
		t.Errorf("--format xml: exit %d", r.code)
	}
}

// HR releases the reports and hands out codes; each person opens their
// own with their code, on any laptop, and with no other code.
func TestEvalReleaseAndMyReport(t *testing.T) {
	d := evalTiny(t)
	reflectOnOmar(t, d)
	t.Setenv(ReportCodeEnv, "AAAA-BBBB-CCCC-DDDD")
	if r := run(t, "--data", d, "eval", "my-report", "Tiny", "--person", "Omar"); r.code != ExitError || !strings.Contains(r.stderr, "not released") {
		t.Fatalf("before release: exit %d %s", r.code, r.stderr)
	}

	var rel struct {
		Campaign string `json:"campaign"`
		Codes    []struct {
			Member string `json:"member"`
			Name   string `json:"name"`
			Code   string `json:"code"`
		} `json:"codes"`
	}
	if err := json.Unmarshal([]byte(must(t, "--data", d, "eval", "release", "Tiny", "--format", "json")), &rel); err != nil {
		t.Fatal(err)
	}
	code := map[string]string{}
	for _, c := range rel.Codes {
		if !codeRE.MatchString(c.Code) {
			t.Fatalf("code %q", c.Code)
		}
		code[c.Name] = c.Code
	}
	if _, err := uuid.Parse(rel.Campaign); err != nil || len(code) != 3 || code["Omar"] == "" || code["Omar"] == code["Lydie"] {
		t.Fatalf("release: %+v", rel)
	}
	// Released again (late answers merged), the codes stay.
	table := must(t, "--data", d, "eval", "release", "Tiny")
	for name, c := range code {
		if !strings.Contains(table, name) || !strings.Contains(table, c) {
			t.Fatalf("release again lacks %s %s:\n%s", name, c, table)
		}
	}
	if r := run(t, "--data", d, "eval", "report", "Tiny", "--person", "Omar", "--format", "pdf", "--out", filepath.Join(t.TempDir(), "o.pdf")); r.code != 0 || strings.Contains(r.stderr, "note") {
		t.Fatalf("pdf after release: exit %d %q", r.code, r.stderr)
	}

	// Omar's laptop has no HR key: his code is all he needs.
	mine := t.TempDir()
	pairDirs(t, d, mine)
	carry(t, d, mine)
	t.Setenv(PassphraseEnv, "")
	t.Setenv(ReportCodeEnv, code["Omar"])
	var rep myReportJSON
	if err := json.Unmarshal([]byte(must(t, "--data", mine, "eval", "my-report", "Tiny", "--person", "Omar")), &rep); err != nil {
		t.Fatal(err)
	}
	// His view: two peers are fewer than k = 3, so their aggregate is
	// withheld; the comment stays, its author hidden.
	if len(rep.Lines) == 0 || rep.Lines[0].Criterion != "communication" || rep.Lines[0].Self != 4 || !rep.Lines[0].Withheld || rep.Lines[0].Peers.Count != 2 {
		t.Errorf("lines %+v", rep.Lines)
	}
	if len(rep.Comments) != 1 || rep.Comments[0].Text != "Omar explique bien" || rep.Comments[0].Rater != uuid.Nil {
		t.Errorf("comments %+v", rep.Comments)
	}
	checkFollowUp(t, rep)
	pdf := filepath.Join(t.TempDir(), "mine.pdf")
	must(t, "--data", mine, "eval", "my-report", "Tiny", "--person", "Omar", "--format", "pdf", "--lang", "en", "--out", pdf)
	if fi, err := os.Stat(pdf); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("pdf: %v", err)
	}
	if text := pdfText(t, pdf); !strings.Contains(text, "Peer evaluation — Omar") || !strings.Contains(text, "Déjeuner ensemble le jeudi") ||
		!strings.Contains(text, "Formation à la prise de parole") || !strings.Contains(text, "withheld") {
		t.Errorf("my PDF:\n%s", text)
	}

	// Another's code, a mistyped code: refused, nothing written.
	for _, tc := range []struct{ code, want string }{
		{code["Lydie"], "does not open"},
		{"ABCD", "16 letters"},
	} {
		t.Setenv(ReportCodeEnv, tc.code)
		out := filepath.Join(t.TempDir(), "x.json")
		if r := run(t, "--data", mine, "eval", "my-report", "Tiny", "--person", "Omar", "--out", out); r.code != ExitError || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("code %q: exit %d %s", tc.code, r.code, r.stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("code %q: a report was written", tc.code)
		}
	}

	// Typed at the prompt, in lower case without dashes.
	t.Setenv(ReportCodeEnv, "")
	var stdout, stderr bytes.Buffer
	typed := strings.ToLower(strings.ReplaceAll(code["Jenny"], "-", "")) + "\n"
	env := &Env{Stdin: strings.NewReader(typed), Stdout: &stdout, Stderr: &stderr, Store: sqlite.Options{Synchronous: "OFF"}}
	if c := Run(context.Background(), []string{"--data", mine, "eval", "my-report", "Tiny", "--person", "Jenny"}, env); c != 0 {
		t.Fatalf("prompted code: exit %d %s", c, stderr.String())
	}
	if !strings.Contains(stderr.String(), "report code of Jenny") || strings.Contains(stdout.String(), "Parler moins vite") {
		t.Errorf("prompt %q; Jenny's report:\n%s", stderr.String(), stdout.String())
	}

	// The laptop that carried the released reports reads none of them.
	assertNoneInDir(t, mine, "Omar explique bien", "Parler moins vite en réunion", "Déjeuner ensemble le jeudi")

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"eval", "my-report", "Tiny"}, "--person"},
		{[]string{"eval", "my-report", "Tiny", "--person", "Omar", "--format", "csv"}, "--format"},
		{[]string{"eval", "my-report", "Tiny", "--person", "Omar", "--lang", "fr"}, "--lang"},
		{[]string{"eval", "my-report", "--person", "Omar"}, "CAMPAIGN"},
		{[]string{"eval", "release"}, "CAMPAIGN"},
		{[]string{"eval", "release", "Tiny", "--person", "Omar"}, "--person"},
	} {
		if r := run(t, append([]string{"--data", mine}, tc.args...)...); r.code != ExitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d %s", tc.args, r.code, r.stderr)
		}
	}
	if r := run(t, "--data", mine, "eval", "my-report", "Tiny", "--person", "Marie-Claude"); r.code != ExitError || !strings.Contains(r.stderr, "not a participant") {
		t.Errorf("not a participant: exit %d %s", r.code, r.stderr)
	}
	if r := run(t, "--data", mine, "eval", "release", "Tiny"); r.code != ExitError {
		t.Errorf("release without an HR key: exit %d %s", r.code, r.stderr)
	}
}

// assertNoneInDir fails if any file under dir holds one of the texts.
func assertNoneInDir(t *testing.T, dir string, texts ...string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, s := range texts {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds %q in clear", path, s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
