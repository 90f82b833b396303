package trust_test

import (
	"bytes"
	"testing"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/trust"
)

func campaignOp(id uuid.UUID, public []byte) crdt.Op {
	return crdt.Set(id, konbit.TypeCampaign,
		crdt.Field{Name: "campaign", Value: []byte(`{"name":"Printemps"}`)},
		crdt.Field{Name: trust.CampaignFieldPublic, Value: public})
}

// TestCampaignForgery: a campaign's id is its key's fingerprint, so no
// admitted laptop can give an existing campaign its own key and read the
// answers sealed after; nothing deletes a campaign.
func TestCampaignForgery(t *testing.T) {
	r, _, _, _, x := forgerySetup(t)
	key := bytes.Repeat([]byte{7}, 32)
	other := bytes.Repeat([]byte{9}, 32)
	id := trust.CampaignID(key)
	for _, tc := range []struct {
		name string
		op   crdt.Op
		want trust.Verdict
	}{
		{"its own key", campaignOp(id, key), trust.Accept},
		{"another key", campaignOp(id, other), trust.Refuse},
		{"no key", crdt.Set(id, konbit.TypeCampaign, crdt.Field{Name: "campaign", Value: []byte(`{}`)}), trust.Refuse},
		{"random id", campaignOp(uuid.New(), key), trust.Refuse},
		{"delete", crdt.Delete(id, konbit.TypeCampaign), trust.Refuse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if v := judgeOne(r, x.change(tc.op)); v != tc.want {
				t.Fatalf("judged %v, want %v", v, tc.want)
			}
		})
	}
	if trust.CampaignID(key) == trust.CampaignID(other) {
		t.Fatal("two keys give one campaign id")
	}
}
