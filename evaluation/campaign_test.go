package evaluation_test

import (
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/konbit/konbit/evaluation"
)

// person returns a stable id for test person n.
func person(n byte) uuid.UUID { return uuid.NewSHA1(uuid.Nil, []byte{'p', n}) }

var (
	alice, bob, chloe, dan, eve, fred = person(1), person(2), person(3), person(4), person(5), person(6)
	campaignID                        = uuid.NewSHA1(uuid.Nil, []byte("campaign 2011"))
)

// campaign2011 is a valid campaign of five participants, two of them HR.
func campaign2011() evaluation.Campaign {
	c := evaluation.NewCampaign(campaignID, "Évaluation 2011", "2011-03-01", "2011-03-31")
	c.Participants = []uuid.UUID{alice, bob, chloe, dan, eve}
	c.HR = []uuid.UUID{alice, bob}
	return c
}

func TestNewCampaignDefaults(t *testing.T) {
	c := campaign2011()
	if err := c.Validate(); err != nil {
		t.Fatalf("valid campaign: %v", err)
	}
	v := c.Visibility
	if v.MinRaters != 3 || v.RatersNamed || v.Released || v.Open {
		t.Errorf("default visibility = %+v, want k=3, anonymous, unreleased, closed", v)
	}
	if len(c.Sessions) != 2 || c.Sessions[0] != "work" || c.Sessions[1] != "involvement" {
		t.Errorf("sessions = %v", c.Sessions)
	}
	if !c.IsHR(bob) || c.IsHR(chloe) || !c.HasParticipant(eve) || c.HasParticipant(fred) {
		t.Error("IsHR/HasParticipant wrong")
	}
}

func TestCampaignValidate(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*evaluation.Campaign)
		target error
	}{
		{"no id", func(c *evaluation.Campaign) { c.ID = uuid.Nil }, evaluation.ErrInvalidCampaign},
		{"no name", func(c *evaluation.Campaign) { c.Name = "  " }, evaluation.ErrInvalidCampaign},
		{"bad start", func(c *evaluation.Campaign) { c.Start = "2011-3-1" }, evaluation.ErrInvalidCampaign},
		{"bad end", func(c *evaluation.Campaign) { c.End = "" }, evaluation.ErrInvalidCampaign},
		{"ends before start", func(c *evaluation.Campaign) { c.End = "2011-02-28" }, evaluation.ErrInvalidCampaign},
		{"one participant", func(c *evaluation.Campaign) { c.Participants = c.Participants[:1] }, evaluation.ErrInvalidCampaign},
		{"participant twice", func(c *evaluation.Campaign) { c.Participants = append(c.Participants, alice) }, evaluation.ErrInvalidCampaign},
		{"nil participant", func(c *evaluation.Campaign) { c.Participants[2] = uuid.Nil }, evaluation.ErrInvalidCampaign},
		{"one HR member", func(c *evaluation.Campaign) { c.HR = c.HR[:1] }, evaluation.ErrTooFewHR},
		{"HR member twice", func(c *evaluation.Campaign) { c.HR = []uuid.UUID{alice, alice} }, evaluation.ErrInvalidCampaign},
		{"no session", func(c *evaluation.Campaign) { c.Sessions = nil }, evaluation.ErrInvalidCampaign},
		{"session twice", func(c *evaluation.Campaign) { c.Sessions = []string{"work", "work"} }, evaluation.ErrInvalidCampaign},
		{"empty session", func(c *evaluation.Campaign) { c.Sessions = []string{"work", ""} }, evaluation.ErrInvalidCampaign},
		{"k of 1", func(c *evaluation.Campaign) { c.Visibility.MinRaters = 1 }, evaluation.ErrInvalidCampaign},
		{"HR outside participants is fine", func(c *evaluation.Campaign) { c.HR = []uuid.UUID{alice, fred} }, nil},
		{"one session is fine", func(c *evaluation.Campaign) { c.Sessions = []string{"work"} }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := campaign2011()
			tc.edit(&c)
			err := c.Validate()
			if tc.target == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tc.target) {
				t.Fatalf("Validate() = %v, want %v", err, tc.target)
			}
		})
	}
}

func TestGroupTooSmall(t *testing.T) {
	v := evaluation.DefaultVisibility()
	tests := []struct {
		size int
		want bool
	}{{2, true}, {3, true}, {4, false}, {6, false}}
	for _, tc := range tests {
		if got := v.GroupTooSmall(tc.size); got != tc.want {
			t.Errorf("GroupTooSmall(%d) with k=3 = %v, want %v", tc.size, got, tc.want)
		}
	}
}
