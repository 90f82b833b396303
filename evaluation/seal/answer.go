package seal

import (
	"crypto/ecdh"
	"crypto/hpke"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// ErrCannotOpen: the key is not the one the data was sealed to, the data
// was sealed for another context, or it was tampered with.
var ErrCannotOpen = errors.New("cannot open: wrong key, another context, or tampered data")

// Binding is what an answer is about. It is bound into the seal: an answer
// opens only with the binding it was sealed with.
type Binding struct {
	Campaign  uuid.UUID
	Session   string
	Criterion string // "" for an overall comment or a reflection
	Evaluator uuid.UUID
	Evaluated uuid.UUID
}

// info encodes the binding without ambiguity: each field length-prefixed
// after a label naming the format's version.
func (b Binding) info(label string) []byte {
	out := []byte(label)
	out = append(out, 0)
	for _, f := range [][]byte{b.Campaign[:], []byte(b.Session), []byte(b.Criterion), b.Evaluator[:], b.Evaluated[:]} {
		out = binary.BigEndian.AppendUint32(out, uint32(len(f)))
		out = append(out, f...)
	}
	return out
}

const answerLabel = "konbit evaluation answer v1"

func suite() (hpke.KDF, hpke.AEAD) { return hpke.HKDFSHA256(), hpke.AES256GCM() }

// NewKey makes an X25519 key pair (a campaign's, a session's, an HR
// member's).
func NewKey() (*ecdh.PrivateKey, error) {
	k, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("make a key: %w", err)
	}
	return k, nil
}

// ParsePublic reads a 32-byte X25519 public key (as replicated).
func ParsePublic(b []byte) (*ecdh.PublicKey, error) {
	k, err := ecdh.X25519().NewPublicKey(b)
	if err != nil {
		return nil, fmt.Errorf("public key: %w", err)
	}
	return k, nil
}

// ParsePrivate reads a 32-byte X25519 private key.
func ParsePrivate(b []byte) (*ecdh.PrivateKey, error) {
	k, err := ecdh.X25519().NewPrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("private key: %w", err)
	}
	return k, nil
}

// Seal seals an answer to pub (the campaign's key, or a group's session
// key for the group's own reveal) for binding b.
func Seal(pub *ecdh.PublicKey, b Binding, plaintext []byte) ([]byte, error) {
	return seal(pub, b.info(answerLabel), plaintext)
}

// Open opens an answer sealed by Seal with the matching private key and
// the same binding; anything else fails with ErrCannotOpen.
func Open(priv *ecdh.PrivateKey, b Binding, sealed []byte) ([]byte, error) {
	return open(priv, b.info(answerLabel), sealed)
}

func seal(pub *ecdh.PublicKey, info, plaintext []byte) ([]byte, error) {
	pk, err := hpke.NewDHKEMPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	kdf, aead := suite()
	out, err := hpke.Seal(pk, kdf, aead, info, plaintext)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	return out, nil
}

func open(priv *ecdh.PrivateKey, info, sealed []byte) ([]byte, error) {
	sk, err := hpke.NewDHKEMPrivateKey(priv)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	kdf, aead := suite()
	out, err := hpke.Open(sk, kdf, aead, info, sealed)
	if err != nil {
		return nil, ErrCannotOpen
	}
	return out, nil
}
