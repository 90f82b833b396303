package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// Body names of the decisions command: the work collective, and the body
// of decisions imported from the old wiki, which never said who decided.
const (
	bodyCollective = "collective"
	bodyUnknown    = "unknown"
)

// runDecisions searches the decision register, or imports the old wiki's
// decision book ("decisions import FILE.md").
func runDecisions(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if len(p.args) > 0 {
		if p.args[0] != "import" {
			return usagef("unexpected argument %q", p.args[0])
		}
		if len(p.args) != 2 {
			return usagef("decisions import takes one file")
		}
		return importDecisions(ctx, env, r, p.args[1])
	}
	q := replica.DecisionQuery{Text: p.get("search"), Status: p.get("status"), Theme: p.get("theme")}
	switch meetings.DecisionStatus(q.Status) {
	case "", meetings.Active, meetings.Implemented, meetings.Superseded, meetings.Revoked:
	default:
		return usagef("--status %q: want active, implemented, superseded or revoked", q.Status)
	}
	for _, f := range []struct {
		name string
		to   *string
	}{{"from", &q.From}, {"to", &q.To}} {
		if p.has(f.name) {
			d, err := parseDate(f.name, p.get(f.name))
			if err != nil {
				return usageError{err.Error()}
			}
			*f.to = d
		}
	}
	if p.has("body") {
		switch b := strings.ToLower(strings.TrimSpace(p.get("body"))); b {
		case bodyCollective, "collectif":
			collective := uuid.Nil
			q.Body = &collective
		case bodyUnknown, "inconnu":
			q.Unknown = true
		default:
			c, err := r.FindCommittee(p.get("body"))
			if err != nil {
				return err
			}
			q.Body = &c.ID
		}
	}
	format := p.get("format")
	switch format {
	case "", "table", "json", "csv":
	default:
		return usagef("--format %q: want table, json or csv", format)
	}
	hits, err := r.SearchDecisions(ctx, q)
	if err != nil {
		return err
	}
	rows := decisionRows(r, hits)
	switch format {
	case "json":
		if rows == nil {
			rows = []decisionRow{}
		}
		return writeJSON(env.Stdout, rows)
	case "csv":
		return writeDecisionsCSV(env, rows)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tSTATUS\tBODY\tTITLE")
	for _, d := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.ID[:8], d.Date, d.Status, d.BodyName, d.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(rows) == 0 {
		fmt.Fprintln(env.Stderr, "no decision found")
	}
	return nil
}

// decisionRow is a decision as the command prints it (JSON and CSV).
type decisionRow struct {
	ID         string   `json:"id"`
	Date       string   `json:"date"`
	Title      string   `json:"title"`
	Text       string   `json:"text"`
	Status     string   `json:"status"`
	Meeting    string   `json:"meeting"`   // "" for an imported decision
	Body       string   `json:"body"`      // committee id, "collective" or "unknown"
	BodyName   string   `json:"body_name"` // committee name, "collective" or "unknown"
	Tags       []string `json:"tags"`
	ReviewDate string   `json:"review_date"`
	Supersedes string   `json:"supersedes"` // id or ""
	Rank       float64  `json:"rank,omitempty"`
	Snippet    string   `json:"snippet,omitempty"`
}

func decisionRows(r *replica.Replica, hits []replica.DecisionHit) []decisionRow {
	cs, _ := r.Committees()
	names := map[uuid.UUID]string{}
	for _, c := range cs {
		names[c.ID] = c.Name
	}
	var out []decisionRow
	for _, h := range hits {
		d := h.Decision
		row := decisionRow{ID: d.ID.String(), Date: d.Date, Title: d.Title, Text: d.Text, Status: string(d.Status),
			Tags: d.Tags, ReviewDate: d.ReviewDate, Rank: h.Rank, Snippet: h.Snippet}
		if row.Tags == nil {
			row.Tags = []string{}
		}
		if d.Meeting != uuid.Nil {
			row.Meeting = d.Meeting.String()
		}
		if d.Supersedes != uuid.Nil {
			row.Supersedes = d.Supersedes.String()
		}
		switch {
		case d.BodyUnknown():
			row.Body, row.BodyName = bodyUnknown, bodyUnknown
		case d.Body == uuid.Nil:
			row.Body, row.BodyName = bodyCollective, bodyCollective
		default:
			row.Body, row.BodyName = d.Body.String(), names[d.Body]
			if row.BodyName == "" {
				row.BodyName = d.Body.String()[:8]
			}
		}
		out = append(out, row)
	}
	return out
}

func writeDecisionsCSV(env *Env, rows []decisionRow) error {
	w := csv.NewWriter(env.Stdout)
	_ = w.Write([]string{"id", "date", "title", "status", "body", "body_name", "meeting", "tags", "review_date", "supersedes", "text"})
	for _, d := range rows {
		_ = w.Write([]string{d.ID, d.Date, d.Title, d.Status, d.Body, d.BodyName, d.Meeting, strings.Join(d.Tags, ";"), d.ReviewDate, d.Supersedes, d.Text})
	}
	w.Flush()
	return w.Error()
}

// importDecisions imports the wiki's decision book, all or nothing.
func importDecisions(ctx context.Context, env *Env, r *replica.Replica, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	n, err := r.ImportWikiDecisions(ctx, f, path)
	if err != nil {
		return fmt.Errorf("nothing imported: %w", err)
	}
	fmt.Fprintf(env.Stdout, "%d decisions imported\n", n)
	return nil
}
