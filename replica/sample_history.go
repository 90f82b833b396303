package replica

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/sync/crdt"
)

// SampleHistory says what past to generate for the organisation.
type SampleHistory struct {
	End   string // YYYY-MM-DD: the history ends the week before
	Weeks int    // default 52
	Seed  int64
	// CommitteeMeetingsPerWeek, default 1; negative for none.
	CommitteeMeetingsPerWeek int
	// TurnsPerHour, ProposalsPerMeeting: see meetings.HistorySpec.
	TurnsPerHour        int
	ProposalsPerMeeting int
	// Progress, if set, is told how many meetings were written.
	Progress Progress
}

// HistoryCounts says what LoadSampleHistory wrote.
type HistoryCounts struct {
	Meetings, Items, Marks, Roles, Segments, Proposals, Decisions, Actions int
}

// LoadSampleHistory adds a realistic past of meetings of the members and
// committees already in the replica (the sample organisation, for `konbit
// demo`): weekly production meetings, monthly reflections, committee
// meetings, a reflection weekend, with attendance, rotating roles, speech
// segments skewed as the field study describes, proposals, decisions and
// actions. All in one change: all or nothing.
func (r *Replica) LoadSampleHistory(ctx context.Context, opts SampleHistory) (HistoryCounts, error) {
	end, err := time.ParseInLocation(meetings.DateLayout, opts.End, time.Local)
	if err != nil {
		return HistoryCounts{}, fmt.Errorf("sample history: end date %q: %w", opts.End, err)
	}
	if opts.Weeks <= 0 {
		opts.Weeks = 52
	}
	switch {
	case opts.CommitteeMeetingsPerWeek == 0:
		opts.CommitteeMeetingsPerWeek = 1
	case opts.CommitteeMeetingsPerWeek < 0:
		opts.CommitteeMeetingsPerWeek = 0 // none
	}
	// Monday of the first week.
	end = end.AddDate(0, 0, -int((end.Weekday()+6)%7))
	spec := meetings.HistorySpec{
		Start: end.AddDate(0, 0, -7*opts.Weeks), Weeks: opts.Weeks, Seed: opts.Seed,
		CommitteeMeetingsPerWeek: opts.CommitteeMeetingsPerWeek, TurnsPerHour: opts.TurnsPerHour,
		ProposalsPerMeeting: opts.ProposalsPerMeeting, Weekend: opts.Weeks * 3 / 4, Language: meetings.French,
	}
	spec.People = samplePeople(r, opts.Weeks)
	if len(spec.People) == 0 {
		return HistoryCounts{}, fmt.Errorf("sample history: no members: load the sample organisation first")
	}
	cs, _ := r.Committees()
	ms, _ := r.Memberships()
	for _, c := range cs {
		hc := meetings.HistoryCommittee{ID: c.ID, Name: c.Name}
		for _, m := range ms {
			if m.Committee == c.ID && !m.Occasional {
				hc.Members = append(hc.Members, m.Member)
			}
		}
		if len(hc.Members) >= 2 {
			spec.Committee = append(spec.Committee, hc)
		}
	}
	held := meetings.GenerateHistory(spec)
	var n HistoryCounts
	var ops []crdt.Op
	for i, h := range held {
		ops = append(ops, crdt.Set(h.Meeting.ID, konbit.TypeMeeting, h.Meeting.Fields()...))
		for _, it := range h.Items {
			ops = append(ops, crdt.Set(it.ID, konbit.TypeAgendaItem, it.Fields()...))
		}
		for _, mk := range h.Marks {
			ops = append(ops, crdt.Set(mk.ID(), konbit.TypeAttendance, mk.Fields()...))
		}
		for _, a := range h.Roles {
			ops = append(ops, crdt.Set(a.ID(), konbit.TypeRole, a.Fields()...))
		}
		for _, s := range h.Segments {
			ops = append(ops, crdt.Set(s.ID, konbit.TypeSegment, s.Fields()...))
		}
		for _, p := range h.Proposals {
			ops = append(ops, crdt.Set(p.ID, konbit.TypeProposal, p.Fields()...))
		}
		for _, d := range h.Decisions {
			ops = append(ops, crdt.Set(d.ID, konbit.TypeDecision, d.Fields()...))
		}
		for _, a := range h.Actions {
			ops = append(ops, crdt.Set(a.ID, konbit.TypeAction, a.Fields()...))
		}
		for _, rep := range h.Reports {
			ops = append(ops, crdt.Set(rep.ID(), konbit.TypeCommitteeReport, rep.Fields()...))
		}
		n.Meetings++
		n.Items += len(h.Items)
		n.Marks += len(h.Marks)
		n.Roles += len(h.Roles)
		n.Segments += len(h.Segments)
		n.Proposals += len(h.Proposals)
		n.Decisions += len(h.Decisions)
		n.Actions += len(h.Actions)
		opts.Progress.report("generate", int64(i+1), int64(len(held)))
	}
	if len(ops) == 0 {
		return n, nil
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return HistoryCounts{}, fmt.Errorf("sample history: %w", err)
	}
	return n, nil
}

// samplePeople gives the members voices as the field study describes
// them: those with the most hours (the founders, who know the procedure)
// speak most, freelancers less, and the last freelancers to arrive
// (newcomers, joining a third of the way in) least; one of them drifts
// away for weeks at a time. Deterministic for a given member list.
func samplePeople(r *Replica, weeks int) []meetings.HistoryPerson {
	members, _ := r.Members() // by name
	sorted := slices.Clone(members)
	slices.SortStableFunc(sorted, func(a, b konbit.Member) int {
		switch {
		case a.WeeklyHours > b.WeeklyHours:
			return -1
		case a.WeeklyHours < b.WeeklyHours:
			return 1
		}
		return 0
	})
	var out []meetings.HistoryPerson
	newcomers := 0
	for i, m := range sorted {
		p := meetings.HistoryPerson{ID: m.ID, Collective: m.Category != konbit.External}
		h := max(m.WeeklyHours, 10) / 20
		p.Voice = h * h
		if i < 3 {
			p.Voice *= 3 // the loudest voices
		}
		if m.Category == konbit.Freelancer {
			p.Voice *= 0.6
			if m.WeeklyHours <= 15 && newcomers < 3 {
				newcomers++
				p.Joined, p.Voice = weeks/3, p.Voice*0.3
				p.Drifts = newcomers == 1
			}
		}
		out = append(out, p)
	}
	return out
}
