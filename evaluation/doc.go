// Package evaluation holds the rules of Konbit's peer evaluation: campaigns
// and their visibility rules, grids of criteria with behavioural anchors and
// a rating scale, answers, and the aggregation the HR committee merges them
// into (per-person reports, a campaign overview, rater-pattern flags and a
// completeness view). Group generation lives beside it in grouping*.go.
//
// The procedure it supports is the co-op's 2011 one (DOMAIN.md, "Peer
// evaluation"): small groups over two sessions, one on work and one on
// involvement, where the evaluated person and their peers first fill the
// grid separately. The earlier plenary took two full days for 24 people and
// left things unsaid "for fear of hurting"; the rules here exist so that
// answers can be honest: peer scores reach the evaluated person only as
// aggregates of at least k raters, raters stay anonymous unless the
// campaign says otherwise, and peer statistics never include the person's
// own score.
//
// It is plain Go: no storage, no GUI, no clock, no cryptography. Sealing
// answers and storing them as records belong to other packages; here every
// function takes the campaign, grids and answers it needs and returns
// values, so that the GUI, the CLI and tests all see the same numbers.
// Civil dates are "2006-01-02" strings.
package evaluation
