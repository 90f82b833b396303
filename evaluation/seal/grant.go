package seal

import (
	"crypto/ecdh"

	"github.com/google/uuid"
)

const grantLabel = "konbit evaluation campaign key v1"

func grantInfo(campaign, member uuid.UUID) []byte {
	return Binding{Campaign: campaign, Evaluator: member}.info(grantLabel)
}

// Grant seals a campaign's private key to an HR member's public key: the
// member can then read the campaign's answers. Granting a new member needs
// the key, that is a current member; no answer is re-encrypted.
func Grant(campaignKey *ecdh.PrivateKey, campaign, member uuid.UUID, memberPub *ecdh.PublicKey) ([]byte, error) {
	return seal(memberPub, grantInfo(campaign, member), campaignKey.Bytes())
}

// OpenGrant opens a grant with the member's private key.
func OpenGrant(memberKey *ecdh.PrivateKey, campaign, member uuid.UUID, sealed []byte) (*ecdh.PrivateKey, error) {
	b, err := open(memberKey, grantInfo(campaign, member), sealed)
	if err != nil {
		return nil, err
	}
	k, err := ParsePrivate(b)
	if err != nil {
		return nil, ErrCannotOpen
	}
	return k, nil
}
