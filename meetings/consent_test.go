package meetings_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
)

func toConsentRound(t *testing.T, silence bool) meetings.Proposal {
	t.Helper()
	p := meetings.NewProposal(id(10), id(1), "We buy a coffee machine", silence, t0)
	for _, want := range []meetings.Stage{meetings.Clarifying, meetings.Reactions, meetings.ConsentRound} {
		if err := p.Advance(); err != nil || p.Stage != want {
			t.Fatalf("Advance: %v, stage %s, want %s", err, p.Stage, want)
		}
	}
	if p.Round != 1 {
		t.Fatalf("round %d", p.Round)
	}
	return p
}

func TestConsentHappyPaths(t *testing.T) {
	a, b, c := id(1), id(2), id(3)
	present := []uuid.UUID{a, b, c}

	p := toConsentRound(t, true)
	if err := p.Adopt(present); err != nil || p.Stage != meetings.Adopted || p.Outcome != meetings.Adopted {
		t.Errorf("silence gives consent: %v, %s", err, p.Stage)
	}

	p = toConsentRound(t, true)
	if err := p.Respond(b, meetings.ObjectionResponse, "too loud"); err != nil {
		t.Fatal(err)
	}
	if err := p.Adopt(present); err == nil {
		t.Fatal("adopted with an open objection")
	}
	if err := p.Advance(); err != nil || p.Stage != meetings.Amending {
		t.Fatalf("to amending: %v %s", err, p.Stage)
	}
	if err := p.Amend("We buy a quiet coffee machine", []string{"o1"}, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if p.Stage != meetings.ConsentRound || p.Round != 2 || len(p.Versions) != 2 || len(p.Responses) != 0 || !p.Objections[0].Resolved {
		t.Errorf("after amend: %+v", p)
	}
	if o := p.Objections[0]; o.How != meetings.ResolvedByAmendment || o.At != 2 {
		t.Errorf("the objection does not say it was amended in version 2: %+v", o)
	}
	cl := p.Clone()
	cl.Objections[0].Text, cl.Versions[0].Text = "changed", "changed"
	if p.Objections[0].Text == "changed" || p.Versions[0].Text == "changed" {
		t.Error("a clone shares the proposal's objections or versions")
	}
	if err := p.Adopt(present); err != nil {
		t.Errorf("adopt after amend: %v", err)
	}
	if err := p.Validate(); err != nil {
		t.Error(err)
	}

	// Without silence consent everyone present must answer.
	p = toConsentRound(t, false)
	_ = p.Respond(a, meetings.ConsentResponse, "")
	_ = p.Respond(b, meetings.StandAsideResponse, "")
	if err := p.Adopt(present); err == nil || !strings.Contains(err.Error(), "1 present member") {
		t.Errorf("adopt with one silent: %v", err)
	}
	_ = p.Respond(c, meetings.ConcernResponse, "cost")
	if err := p.Adopt(present); err != nil {
		t.Errorf("adopt when all answered: %v", err)
	}

	// An objector who then consents withdraws the objection.
	p = toConsentRound(t, true)
	_ = p.Respond(a, meetings.ObjectionResponse, "why now?")
	_ = p.Respond(a, meetings.ConsentResponse, "")
	if len(p.Open()) != 0 || p.Adopt(present) != nil {
		t.Errorf("withdrawn objection still blocks: %+v", p.Objections)
	}

	// Resolved by discussion.
	p = toConsentRound(t, true)
	_ = p.Respond(a, meetings.ObjectionResponse, "why now?")
	if err := p.Resolve("o1", "explained"); err != nil || p.Adopt(present) != nil {
		t.Errorf("resolve: %v", err)
	}
}

func TestConsentRefusedSteps(t *testing.T) {
	a := id(1)
	tests := []struct {
		name  string
		setup func(*meetings.Proposal)
		step  func(*meetings.Proposal) error
		is    error
	}{
		{"respond before consent round", func(p *meetings.Proposal) { p.Stage = meetings.Reactions },
			func(p *meetings.Proposal) error { return p.Respond(a, meetings.ConsentResponse, "") }, meetings.ErrWrongStage},
		{"adopt during clarifying", func(p *meetings.Proposal) { p.Stage = meetings.Clarifying },
			func(p *meetings.Proposal) error { return p.Adopt(nil) }, meetings.ErrWrongStage},
		{"amend without objection", func(*meetings.Proposal) {},
			func(p *meetings.Proposal) error { return p.Amend("new", nil, t0) }, meetings.ErrWrongStage},
		{"advance a round without objection", func(*meetings.Proposal) {},
			func(p *meetings.Proposal) error { return p.Advance() }, meetings.ErrWrongStage},
		{"advance from amending", func(p *meetings.Proposal) {
			_ = p.Respond(a, meetings.ObjectionResponse, "no")
			_ = p.Advance()
		}, func(p *meetings.Proposal) error { return p.Advance() }, meetings.ErrWrongStage},
		{"anything after adoption", func(p *meetings.Proposal) { _ = p.Adopt(nil) },
			func(p *meetings.Proposal) error { return p.Withdraw() }, meetings.ErrClosed},
		{"respond after withdrawal", func(p *meetings.Proposal) { _ = p.Withdraw() },
			func(p *meetings.Proposal) error { return p.Respond(a, meetings.ConsentResponse, "") }, meetings.ErrClosed},
		{"advance after postponing", func(p *meetings.Proposal) { _ = p.Postpone() },
			func(p *meetings.Proposal) error { return p.Advance() }, meetings.ErrClosed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := toConsentRound(t, true)
			tc.setup(&p)
			if err := tc.step(&p); !errors.Is(err, tc.is) {
				t.Errorf("got %v, want %v", err, tc.is)
			}
		})
	}

	plain := []struct {
		name string
		step func(*meetings.Proposal) error
	}{
		{"objection without reason", func(p *meetings.Proposal) error { return p.Respond(a, meetings.ObjectionResponse, " ") }},
		{"unknown response", func(p *meetings.Proposal) error { return p.Respond(a, "maybe", "") }},
		{"nobody responds", func(p *meetings.Proposal) error { return p.Respond(uuid.Nil, meetings.ConsentResponse, "") }},
		{"amend unknown objection", func(p *meetings.Proposal) error {
			_ = p.Respond(a, meetings.ObjectionResponse, "no")
			return p.Amend("other text", []string{"o9"}, t0)
		}},
		{"amend with same text", func(p *meetings.Proposal) error {
			_ = p.Respond(a, meetings.ObjectionResponse, "no")
			return p.Amend(p.Text(), nil, t0)
		}},
		{"resolve twice", func(p *meetings.Proposal) error {
			_ = p.Respond(a, meetings.ObjectionResponse, "no")
			_ = p.Resolve("o1", "ok")
			return p.Resolve("o1", "ok")
		}},
	}
	for _, tc := range plain {
		t.Run(tc.name, func(t *testing.T) {
			p := toConsentRound(t, true)
			before := len(p.Versions)
			if err := tc.step(&p); err == nil {
				t.Error("accepted")
			}
			if len(p.Versions) != before {
				t.Error("a refused step changed the versions")
			}
		})
	}
}
