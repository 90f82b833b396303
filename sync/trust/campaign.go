package trust

import (
	"fmt"

	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/sync/crdt"
)

// CampaignFieldPublic is the field of a campaign record holding the public
// key its answers are sealed to.
const CampaignFieldPublic = "public"

// campaignNamespace derives campaign ids from their public keys.
var campaignNamespace = uuid.MustParse("5d0c3c3e-8f0e-4b7e-9a55-6b6f6e62697e")

// CampaignID is the id of the campaign whose answers are sealed to
// public: a campaign's id is its key's fingerprint, so that no laptop can
// give an existing campaign another key (and read what is answered after)
// without every other laptop seeing a forgery.
func CampaignID(public []byte) uuid.UUID { return uuid.NewSHA1(campaignNamespace, public) }

// campaignForgery says how an op on a campaign record forges it (nil if it
// does not): every write of a campaign carries its public key, whose
// fingerprint must be the record's id; nothing deletes a campaign.
func campaignForgery(c *crdt.Change, op *crdt.Op) error {
	if op.Type != konbit.TypeCampaign {
		return nil
	}
	if op.Kind != crdt.OpSet {
		return fmt.Errorf("%w: change %s/%d deletes campaign %s", ErrInvalid, c.Origin.Short(), c.Seq, op.Record)
	}
	pub, ok := opFields(op)[CampaignFieldPublic]
	if !ok || CampaignID(pub) != op.Record {
		return fmt.Errorf("%w: change %s/%d gives campaign %s a key that is not its own", ErrInvalid, c.Origin.Short(), c.Seq, op.Record)
	}
	return nil
}
