package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"golang.org/x/term"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/render"
	"github.com/konbit/konbit/replica"
)

// evalKeyUsage is the usage of the `eval` subcommands that deal with
// sealed answers.
const evalKeyUsage = "\n       eval key init --member MEMBER\n" +
	"       eval answer CAMPAIGN --session S --criterion C --evaluator MEMBER --evaluated MEMBER (--score N | --cant-say) [--comment TEXT]\n" +
	"       eval status CAMPAIGN\n" +
	"       eval report CAMPAIGN [--person MEMBER] --format json|csv [--out FILE]\n" +
	"       eval report CAMPAIGN --person MEMBER --format pdf [--lang fr|en] [--paper a4|letter] --out FILE\n" +
	"       eval grant CAMPAIGN --member MEMBER [--hr-laptop MEMBER=LAPTOP]\n" +
	"       eval codes CAMPAIGN [--format table|json]\n" +
	"       eval release CAMPAIGN [--format table|json]\n" +
	"       eval my-report CAMPAIGN --person MEMBER [--format json|pdf] [--lang fr|en] [--paper a4|letter] [--out FILE]\n" +
	"       (the HR key's passphrase comes from $KONBIT_PASSPHRASE, a person's report code from $KONBIT_REPORT_CODE; else they are asked)"

// PassphraseEnv names the environment variable commands read an HR
// member's passphrase from before asking on the terminal.
const PassphraseEnv = "KONBIT_PASSPHRASE"

// evalKeyFlags adds the flags of the sealed-answer subcommands to the
// `eval` flags: true takes a value.
func evalKeyFlags(f flagSpec) flagSpec {
	for _, n := range []string{"member", "session", "criterion", "evaluator", "evaluated", "score", "comment", "person", "out", "lang", "paper"} {
		f[n] = true
	}
	f["cant-say"] = false
	return f
}

// passphrase reads the HR key's passphrase from $KONBIT_PASSPHRASE, else
// asks for it on the terminal (prompt on stderr); an empty one is refused.
func passphrase(env *Env) ([]byte, error) {
	return secret(env, PassphraseEnv, "passphrase", "HR key passphrase")
}

// secret reads a secret (a passphrase, a report code) from the
// environment variable envVar, else asks for it on the terminal with
// prompt on stderr, not shown as it is typed; what names it in errors.
// An empty one is refused.
func secret(env *Env, envVar, what, prompt string) ([]byte, error) {
	if v, ok := os.LookupEnv(envVar); ok && v != "" {
		return []byte(v), nil
	}
	if env.Stdin == nil {
		return nil, fmt.Errorf("no %s: set %s or run in a terminal", what, envVar)
	}
	fmt.Fprint(env.Stderr, prompt+": ")
	// On a terminal, the secret is not shown as it is typed.
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return nil, fmt.Errorf("read the %s: %w", what, err)
		}
		if len(b) == 0 {
			return nil, fmt.Errorf("empty %s refused", what)
		}
		return b, nil
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return nil, fmt.Errorf("read the %s: %w", what, err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return nil, fmt.Errorf("empty %s refused", what)
	}
	return []byte(line), nil
}

// evalKeyInit creates this laptop's HR key for a member and publishes its
// public key.
func evalKeyInit(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if !p.has("member") {
		return usagef("eval key init needs --member MEMBER: the HR member who uses this laptop")
	}
	m, err := r.FindMember(p.get("member"))
	if err != nil {
		return fmt.Errorf("--member: %w", err)
	}
	pass, err := passphrase(env)
	if err != nil {
		return err
	}
	if err := r.CreateHRKey(ctx, m.ID, pass, env.keyParams()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "HR key of %s created on this laptop; its public key is published\n", m.Name)
	return nil
}

// evalAnswer writes one sealed answer (for scripts and tests; people fill
// grids in the app).
func evalAnswer(ctx context.Context, r *replica.Replica, p parsed, ref string) error {
	c, err := r.FindCampaign(ref)
	if err != nil {
		return err
	}
	for _, f := range []string{"session", "criterion", "evaluator", "evaluated"} {
		if !p.has(f) {
			return usagef("eval answer needs --%s", f)
		}
	}
	if p.has("score") == p.has("cant-say") {
		return usagef("eval answer needs either --score N or --cant-say")
	}
	a := evaluation.Answer{Campaign: c.ID, Session: p.get("session"), Criterion: p.get("criterion"),
		CantSay: p.has("cant-say"), Comment: p.get("comment")}
	if p.has("score") {
		if a.Score, err = strconv.Atoi(p.get("score")); err != nil {
			return usagef("--score %q: want a whole number", p.get("score"))
		}
	}
	ev, err := r.FindMember(p.get("evaluator"))
	if err != nil {
		return fmt.Errorf("--evaluator: %w", err)
	}
	ed, err := r.FindMember(p.get("evaluated"))
	if err != nil {
		return fmt.Errorf("--evaluated: %w", err)
	}
	a.Evaluator, a.Evaluated = ev.ID, ed.ID
	return r.SubmitAnswer(ctx, a)
}

// evalStatus prints who has filled what, per session and group, from the
// answers' clear fields: no key needed.
func evalStatus(env *Env, r *replica.Replica, ref string) error {
	c, err := r.FindCampaign(ref)
	if err != nil {
		return err
	}
	fills, err := r.Completeness(c.ID)
	if err != nil {
		return err
	}
	if len(fills) == 0 {
		fmt.Fprintf(env.Stdout, "%s: no groups yet (form them with eval groups)\n", c.Name)
		return nil
	}
	name := names(r)
	var answered, total int
	for _, g := range fills {
		answered += g.Answered
		total += g.Total
	}
	fmt.Fprintf(env.Stdout, "%s: %d of %d answers\n", c.Name, answered, total)
	for _, g := range fills {
		fmt.Fprintf(env.Stdout, "%s group %d: %d/%d\n", g.Session, g.Group+1, g.Answered, g.Total)
		for _, ev := range g.Members {
			var a, t int
			for _, f := range g.Fills {
				if f.Evaluator == ev {
					a += f.Answered
					t += f.Total
				}
			}
			fmt.Fprintf(env.Stdout, "  %s: %d/%d\n", name(ev), a, t)
		}
	}
	return nil
}

// campaignReport is `eval report --format json` without --person.
type campaignReport struct {
	Overview []evaluation.OverviewLine `json:"overview"`
	Reports  []personReportJSON        `json:"reports"`
}

// evalReport opens the campaign's answers and reflections with this
// laptop's HR key and writes the HR view: JSON reports with the group's
// reflections and the action plan, or CSV aggregates per person and
// criterion (never individual answers nor reflections); or one person's
// PDF, in their own view and language (cli/eval_pdf.go).
func evalReport(ctx context.Context, env *Env, r *replica.Replica, p parsed, ref string) error {
	format := p.get("format")
	if format != "json" && format != "csv" && format != "pdf" {
		return usagef("eval report needs --format json, csv or pdf")
	}
	if format == "pdf" && !p.has("person") {
		return usagef("eval report --format pdf needs --person MEMBER: the PDF is one person's report")
	}
	if format != "pdf" && (p.has("lang") || p.has("paper")) {
		return usagef("--lang and --paper go with --format pdf")
	}
	if pp := strings.ToLower(p.get("paper")); pp != "" && pp != render.PaperA4 && pp != render.PaperLetter {
		return usagef("--paper %q: want a4 or letter", p.get("paper"))
	}
	c, err := r.FindCampaign(ref)
	if err != nil {
		return err
	}
	people := c.Participants
	var person konbit.Member
	if p.has("person") {
		if person, err = r.FindMember(p.get("person")); err != nil {
			return fmt.Errorf("--person: %w", err)
		}
		people = []uuid.UUID{person.ID}
	}
	// The PDF is handed to the person: it shows their own view (small
	// peer groups withheld, raters anonymous unless the campaign names them).
	view, lang := evaluation.HRView, ""
	if format == "pdf" {
		view = evaluation.PersonView
		if lang, err = pdfLang(p.get("lang"), person); err != nil {
			return err
		}
	}
	grids, _, err := r.CampaignGrids(c.ID)
	if err != nil {
		return err
	}
	pass, err := passphrase(env)
	if err != nil {
		return err
	}
	// One unlock opens the answers and the reflections; the reflections go
	// with the PDF and the JSON, the CSV holds aggregates only.
	content, err := r.ReadCampaign(ctx, c.ID, pass)
	if errors.Is(err, seal.ErrCannotOpen) {
		// Refused records are left out of the report, and said so.
		fmt.Fprintf(env.Stderr, "warning: %v\n", err)
	} else if err != nil {
		return fmt.Errorf("campaign %q: %w", c.Name, err)
	}
	answers, refs := content.Answers, content.Reflections
	if format == "csv" {
		refs = nil
	}
	viewed := c
	if format == "pdf" && !c.Visibility.Released {
		// HR may print a person's PDF before releasing the campaign (to
		// hand it out on paper): the person's view is computed as if
		// released, its withholding and anonymity hold.
		viewed.Visibility.Released = true
		fmt.Fprintf(env.Stderr, "note: campaign %q is not released yet (konbit eval release); the PDF is the person's view, for HR to hand out\n", c.Name)
	}
	var reports []evaluation.Report
	for _, id := range people {
		rep, err := evaluation.PersonReport(&viewed, grids, answers, id, view)
		if err != nil {
			return fmt.Errorf("report of %s: %w", id, err)
		}
		reports = append(reports, rep)
	}
	owner := ownerNames(r)
	var buf bytes.Buffer
	switch {
	case format == "pdf":
		f := personFollowUp(r, c.ID, person.ID, refs)
		doc := render.EvaluationDocument(render.EvaluationInput{Campaign: &c, Grids: grids, Report: reports[0], Person: person.Name,
			Name: names(r), Reflections: f.Reflections, Actions: f.Actions, Owner: owner, Lang: lang})
		err = render.EvaluationPDF(&buf, doc, lang, p.get("paper"))
	case format == "json" && p.has("person"):
		err = writeJSON(&buf, personJSON(reports[0], personFollowUp(r, c.ID, person.ID, refs), owner))
	case format == "json":
		out := campaignReport{Overview: evaluation.Overview(&c, grids, answers), Reports: make([]personReportJSON, 0, len(reports))}
		for _, rep := range reports {
			out.Reports = append(out.Reports, personJSON(rep, personFollowUp(r, c.ID, rep.Person, refs), owner))
		}
		err = writeJSON(&buf, out)
	default:
		err = render.EvaluationAggregatesCSV(&buf, names(r), reports, c.Visibility.Open)
	}
	if err != nil {
		return err
	}
	return writeReport(env, p.get("out"), buf.Bytes())
}

// writeReport writes a report to the file out, readable by the user only
// (the report is private), or to stdout when out is "" or "-".
func writeReport(env *Env, out string, b []byte) error {
	if out != "" && out != "-" {
		// WriteFile keeps the mode of a file that exists: a report written
		// over a world-readable file is made private first.
		if err := os.Chmod(out, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("write the report: %w", err)
		}
		if err := os.WriteFile(out, b, 0o600); err != nil {
			return fmt.Errorf("write the report: %w", err)
		}
		return nil
	}
	_, err := env.Stdout.Write(b)
	return err
}
