package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/render"
	"github.com/konbit/konbit/replica"
)

// statsJSON is what `speaking-stats --format json` prints. The keys of the
// issue come first; totals, the top fifth's share and the monthly trend
// are extra.
type statsJSON struct {
	Gini          float64          `json:"gini"`
	Rows          []statsRowJSON   `json:"rows"`
	TopFifthShare float64          `json:"top_fifth_share"`
	By            string           `json:"by"`
	From          string           `json:"from,omitempty"`
	To            string           `json:"to,omitempty"`
	People        int              `json:"people"`
	Seconds       float64          `json:"seconds"`
	Turns         int              `json:"turns"`
	Meetings      int              `json:"meetings"`
	Months        []statsMonthJSON `json:"months"`
}

type statsRowJSON struct {
	Key            string  `json:"key"`
	Name           string  `json:"name"`
	People         int     `json:"people"`
	Seconds        float64 `json:"seconds"`
	Turns          int     `json:"turns"`
	Share          float64 `json:"share"`
	EqualShare     float64 `json:"equal_share"`
	Meetings       int     `json:"meetings"`
	SilentMeetings int     `json:"silent_meetings"`
}

type statsMonthJSON struct {
	Month         string  `json:"month"`
	Meetings      int     `json:"meetings"`
	Seconds       float64 `json:"seconds"`
	Gini          float64 `json:"gini"`
	TopFifthShare float64 `json:"top_fifth_share"`
}

// runSpeakingStats prints speaking-time equity over a range of meetings
// as CSV, JSON or a PNG chart of each share against the equal share.
func runSpeakingStats(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if len(p.args) > 0 {
		return usagef("speaking-stats takes no argument")
	}
	format := p.get("format")
	switch format {
	case "csv", "json", "png":
	case "":
		return usagef("speaking-stats needs --format csv, json or png")
	default:
		return usagef("--format %q: want csv, json or png", format)
	}
	q, err := statsQuery(r, p)
	if err != nil {
		return err
	}
	rep, err := r.SpeakingReport(ctx, q)
	if err != nil {
		return err
	}
	// The whole output is made before anything is written: a failure never
	// leaves half a file.
	var out bytes.Buffer
	switch format {
	case "csv":
		err = render.StatsCSV(&out, rep)
	case "json":
		err = writeJSON(&out, statsOut(q, rep))
	case "png":
		err = statsPNG(&out, q, rep)
	}
	if err != nil {
		return err
	}
	if path := p.get("out"); path != "" {
		if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	}
	_, err = env.Stdout.Write(out.Bytes())
	return err
}

// statsQuery reads the selection from the flags. --template and --body
// take a name or key, or several separated by commas.
func statsQuery(r *replica.Replica, p parsed) (replica.StatsQuery, error) {
	var q replica.StatsQuery
	var err error
	if p.has("from") {
		if q.From, err = parseDate("from", p.get("from")); err != nil {
			return q, err
		}
	}
	if p.has("to") {
		if q.To, err = parseDate("to", p.get("to")); err != nil {
			return q, err
		}
	}
	if q.From != "" && q.To != "" && q.To < q.From {
		return q, fmt.Errorf("--to %s is before --from %s", q.To, q.From)
	}
	if p.has("by") {
		g, err := meetings.ParseGrouping(p.get("by"))
		if err != nil || p.get("by") == "" {
			return q, fmt.Errorf("--by %q: want person, category, seniority, language, committee or gender", p.get("by"))
		}
		q.By = string(g)
	}
	if p.has("template") {
		for _, ref := range splitList(p.get("template")) {
			key, err := templateKey(r, ref)
			if err != nil {
				return q, err
			}
			q.Templates = append(q.Templates, key)
		}
		if len(q.Templates) == 0 {
			return q, fmt.Errorf("--template is empty")
		}
	}
	if p.has("body") {
		for _, ref := range splitList(p.get("body")) {
			id, err := bodyID(r, ref)
			if err != nil {
				return q, err
			}
			q.Bodies = append(q.Bodies, id)
		}
		if len(q.Bodies) == 0 {
			return q, fmt.Errorf("--body is empty")
		}
	}
	return q, nil
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// templateKey resolves a template by key or by its English or French
// name, case ignored.
func templateKey(r *replica.Replica, ref string) (string, error) {
	ts, _ := r.Templates()
	var keys []string
	for _, t := range ts {
		if strings.EqualFold(ref, t.Key) || strings.EqualFold(ref, t.NameEN) || strings.EqualFold(ref, t.NameFR) {
			return t.Key, nil
		}
		keys = append(keys, t.Key)
	}
	return "", fmt.Errorf("--template %q: no such meeting template (one of %s)", ref, strings.Join(keys, ", "))
}

// bodyID resolves a body: the work collective, or a committee by name or
// id.
func bodyID(r *replica.Replica, ref string) (uuid.UUID, error) {
	switch strings.ToLower(ref) {
	case "collective", "work collective", "work-collective", "collectif", "collectif de travail":
		return uuid.Nil, nil
	}
	c, err := r.FindCommittee(ref)
	if err != nil {
		return uuid.Nil, fmt.Errorf("--body %q: not a committee nor the work collective (\"collective\"): %w", ref, err)
	}
	return c.ID, nil
}

func statsOut(q replica.StatsQuery, rep meetings.StatsReport) statsJSON {
	out := statsJSON{Gini: rep.Gini, Rows: []statsRowJSON{}, TopFifthShare: rep.TopFifthShare, By: string(rep.By),
		From: q.From, To: q.To, People: rep.People, Seconds: rep.Time.Seconds(), Turns: rep.Turns,
		Meetings: len(rep.Meetings), Months: []statsMonthJSON{}}
	for _, r := range rep.Rows {
		out.Rows = append(out.Rows, statsRowJSON{Key: r.Key, Name: r.Name, People: r.People, Seconds: r.Time.Seconds(),
			Turns: r.Turns, Share: r.Share, EqualShare: r.EqualShare, Meetings: r.Meetings, SilentMeetings: r.SilentMeetings})
	}
	for _, m := range rep.Months {
		out.Months = append(out.Months, statsMonthJSON{Month: m.Month, Meetings: m.Meetings, Seconds: m.Time.Seconds(),
			Gini: m.Gini, TopFifthShare: m.TopFifthShare})
	}
	return out
}

// statsPNG draws each row's share against its equal share, the range and
// the Gini coefficient in the title.
func statsPNG(w io.Writer, q replica.StatsQuery, rep meetings.StatsReport) error {
	if len(rep.Rows) == 0 {
		return fmt.Errorf("nothing to draw: nobody attended or spoke at the selected meetings")
	}
	bars := make([]render.Bar, 0, len(rep.Rows))
	for _, r := range rep.Rows {
		bars = append(bars, render.Bar{Label: r.Name, Value: r.Share, Reference: r.EqualShare})
	}
	title := "Share of speaking time by " + string(rep.By)
	switch {
	case q.From != "" && q.To != "":
		title += ", " + q.From + " to " + q.To
	case q.From != "":
		title += ", from " + q.From
	case q.To != "":
		title += ", until " + q.To
	}
	title += fmt.Sprintf(" (Gini %.2f)", rep.Gini)
	height := max(360, 90+34*len(bars))
	return render.SharesPNG(w, bars, render.ChartText{Title: title, Value: "share of speaking time",
		Reference: "equal share among those present"}, 1000, height)
}
