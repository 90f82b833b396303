package render

import (
	"io"
	"strconv"

	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation"
)

// EvaluationAggregatesCSV writes a campaign's aggregates, one row per
// person, session and criterion: the self score, the peers' count, mean,
// spread and range, the gap, and whether fewer than k peers scored it.
// Never an individual answer: below k the peer figures are left blank
// (with one or two raters, a mean or a range is someone's score) unless
// the campaign is open. The app and the CLI both export this.
func EvaluationAggregatesCSV(w io.Writer, name func(uuid.UUID) string, reports []evaluation.Report, open bool) error {
	header := []string{"person_id", "person", "session", "criterion", "self", "peer_count", "peer_cant_say",
		"peer_mean", "peer_sd", "peer_min", "peer_max", "gap", "below_k"}
	num := func(ok bool, v float64) string {
		if !ok {
			return ""
		}
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	var rows [][]string
	for _, rep := range reports {
		for _, l := range rep.Lines {
			self := ""
			switch {
			case l.HasSelf:
				self = strconv.Itoa(l.Self)
			case l.SelfCantSay:
				self = "cant_say"
			}
			has := l.Peers.Count > 0 && (open || !l.BelowK)
			minS, maxS := "", ""
			if has {
				minS, maxS = strconv.Itoa(l.Peers.Min), strconv.Itoa(l.Peers.Max)
			}
			rows = append(rows, []string{rep.Person.String(), name(rep.Person), l.Session, l.Criterion, self,
				strconv.Itoa(l.Peers.Count), strconv.Itoa(l.Peers.CantSay), num(has, l.Peers.Mean), num(has, l.Peers.SD),
				minS, maxS, num(has && l.HasGap, l.Gap), strconv.FormatBool(l.BelowK)})
		}
	}
	return TableCSV(w, header, rows)
}
