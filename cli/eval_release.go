package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/render"
	"github.com/konbit/konbit/replica"
)

// ReportCodeEnv names the environment variable `eval my-report` reads a
// person's report code from before asking on the terminal.
const ReportCodeEnv = "KONBIT_REPORT_CODE"

// releaseJSON is `eval release --format json`: the code to hand each
// person, in participant order.
type releaseJSON struct {
	Campaign string            `json:"campaign"`
	Codes    []releaseCodeJSON `json:"codes"`
}

type releaseCodeJSON struct {
	Member string `json:"member"`
	Name   string `json:"name"`
	Code   string `json:"code"`
}

// codesJSON is `eval codes --format json`: each group's reveal code, per
// session.
type codesJSON struct {
	Sessions []codesSessionJSON `json:"sessions"`
}

type codesSessionJSON struct {
	Name   string          `json:"name"`
	Groups []codeGroupJSON `json:"groups"`
}

type codeGroupJSON struct {
	Members []uuid.UUID `json:"members"`
	Code    string      `json:"code"`
}

// evalRelease lets every participant read their own report, with this
// laptop's HR key, and prints the code to hand each of them (on paper, in
// person): the code is what opens the report, on any laptop. Releasing
// again, after late answers were merged, keeps the same codes.
func evalRelease(ctx context.Context, env *Env, r *replica.Replica, p parsed, ref string) error {
	asJSON, err := jsonFormat(p)
	if err != nil {
		return err
	}
	c, pass, err := hrCampaign(env, r, ref)
	if err != nil {
		return err
	}
	codes, err := r.ReleaseCampaign(ctx, c.ID, pass)
	if errors.Is(err, seal.ErrCannotOpen) {
		// Released without the records that did not open: said, not fatal.
		fmt.Fprintf(env.Stderr, "warning: %v\n", err)
	} else if err != nil {
		return err
	}
	name := names(r)
	if asJSON {
		out := releaseJSON{Campaign: c.ID.String(), Codes: make([]releaseCodeJSON, 0, len(codes))}
		for _, rc := range codes {
			out.Codes = append(out.Codes, releaseCodeJSON{Member: rc.Person.String(), Name: name(rc.Person), Code: rc.Code})
		}
		return writeJSON(env.Stdout, out)
	}
	fmt.Fprintf(env.Stdout, "%s: %d reports released; hand each person their code (konbit eval my-report opens it)\n\n", c.Name, len(codes))
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tCODE")
	for _, rc := range codes {
		fmt.Fprintf(tw, "%s\t%s\n", name(rc.Person), rc.Code)
	}
	return tw.Flush()
}

// evalCodes prints each group's reveal code, which HR hands to the group
// so that it reveals its answers together; it needs this laptop's HR key.
func evalCodes(ctx context.Context, env *Env, r *replica.Replica, p parsed, ref string) error {
	asJSON, err := jsonFormat(p)
	if err != nil {
		return err
	}
	c, pass, err := hrCampaign(env, r, ref)
	if err != nil {
		return err
	}
	codes, err := r.RevealCodes(ctx, c.ID, pass)
	if errors.Is(err, seal.ErrCannotOpen) {
		fmt.Fprintf(env.Stderr, "warning: %v\n", err) // the other groups' codes are printed
	} else if err != nil {
		return fmt.Errorf("campaign %q: %w", c.Name, err)
	}
	// Sessions in the order the codes come (the campaign's), groups in
	// theirs.
	out := codesJSON{Sessions: []codesSessionJSON{}}
	index := map[string]int{}
	for _, gc := range codes {
		i, ok := index[gc.Session]
		if !ok {
			i = len(out.Sessions)
			index[gc.Session] = i
			out.Sessions = append(out.Sessions, codesSessionJSON{Name: gc.Session, Groups: []codeGroupJSON{}})
		}
		out.Sessions[i].Groups = append(out.Sessions[i].Groups, codeGroupJSON{Members: gc.Members, Code: gc.Code})
	}
	if asJSON {
		return writeJSON(env.Stdout, out)
	}
	if len(codes) == 0 {
		fmt.Fprintf(env.Stdout, "%s: no groups yet (form them with eval groups)\n", c.Name)
		return nil
	}
	name := names(r)
	fmt.Fprintf(env.Stdout, "%s: hand each group its own code, to reveal its answers together\n", c.Name)
	for _, s := range out.Sessions {
		fmt.Fprintf(env.Stdout, "\n%s\n", s.Name)
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		for i, g := range s.Groups {
			ns := make([]string, 0, len(g.Members))
			for _, id := range g.Members {
				ns = append(ns, name(id))
			}
			fmt.Fprintf(tw, "  %d. %s\t%s\n", i+1, strings.Join(ns, ", "), g.Code)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// evalMyReport opens a person's released report with the code HR handed
// them, on any laptop: as JSON (the same shape as eval report --person),
// or as the PDF in their language. No HR key is involved; the code is
// read from $KONBIT_REPORT_CODE or asked without being shown.
func evalMyReport(ctx context.Context, env *Env, r *replica.Replica, p parsed, ref string) error {
	format := p.get("format")
	switch format {
	case "":
		format = "json"
	case "json", "pdf":
	default:
		return usagef("--format %q: want json or pdf", format)
	}
	if !p.has("person") {
		return usagef("eval my-report needs --person MEMBER: whose report to open")
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
	person, err := r.FindMember(p.get("person"))
	if err != nil {
		return fmt.Errorf("--person: %w", err)
	}
	lang := ""
	if format == "pdf" {
		if lang, err = pdfLang(p.get("lang"), person); err != nil {
			return err
		}
	}
	if !c.HasParticipant(person.ID) {
		return fmt.Errorf("%s: %w of %q", person.Name, evaluation.ErrNotParticipant, c.Name)
	}
	// Asking for a code that cannot open anything yet would only confuse.
	if !r.ReportReleased(c.ID, person.ID) {
		return fmt.Errorf("the report of %s in %q: %w yet (ask the HR committee; if it was released on another laptop, sync or import its bundle first)",
			person.Name, c.Name, evaluation.ErrNotReleased)
	}
	code, err := secret(env, ReportCodeEnv, "report code", "report code of "+person.Name)
	if err != nil {
		return err
	}
	// A wrong code (replica.ErrWrongCode) or one mistyped
	// (seal.ErrBadCode) says so and opens nothing.
	rel, err := r.MyReport(ctx, c.ID, person.ID, string(code))
	if errors.Is(err, evaluation.ErrNotReleased) {
		return fmt.Errorf("%w (if it was released on another laptop, sync or import its bundle first)", err)
	} else if err != nil {
		return err
	}
	f := personFollowUp(r, c.ID, person.ID, rel.Reflections)
	owner := ownerNames(r)
	var buf bytes.Buffer
	if format == "pdf" {
		doc := render.EvaluationDocument(render.EvaluationInput{Campaign: &rel.Campaign, Grids: rel.Grids, Report: rel.Report,
			Person: person.Name, Name: names(r), Reflections: f.Reflections, Actions: f.Actions, Owner: owner, Lang: lang})
		err = render.EvaluationPDF(&buf, doc, lang, p.get("paper"))
	} else {
		err = writeJSON(&buf, personJSON(rel.Report, f, owner))
	}
	if err != nil {
		return err
	}
	return writeReport(env, p.get("out"), buf.Bytes())
}
