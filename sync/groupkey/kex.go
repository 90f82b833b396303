package groupkey

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/hpke"
	"crypto/sha256"
	"fmt"

	"github.com/konbit/konbit/sync/crdt"
)

// KexSize is the length of an X25519 public key.
const KexSize = 32

// kexInfo separates the key-exchange key from any other key a future
// version derives from the same seed.
const kexInfo = "konbit device x25519 key-exchange v1"

// KexPrivate derives the device's X25519 key-exchange key from its
// Ed25519 identity seed. It is deterministic: the key needs no storage of
// its own and is as safe as the identity it comes from.
func KexPrivate(id crdt.Identity) (*ecdh.PrivateKey, error) {
	if len(id.Private) != ed25519.PrivateKeySize {
		return nil, fmt.Errorf("derive key-exchange key: no device identity")
	}
	b, err := hkdf.Key(sha256.New, id.Private.Seed(), nil, kexInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("derive key-exchange key: %w", err)
	}
	k, err := ecdh.X25519().NewPrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("derive key-exchange key: %w", err)
	}
	return k, nil
}

// KexPublic is the public key-exchange key a device publishes in its
// device record.
func KexPublic(id crdt.Identity) ([]byte, error) {
	k, err := KexPrivate(id)
	if err != nil {
		return nil, err
	}
	return k.PublicKey().Bytes(), nil
}

// ParseKex checks a published key-exchange key.
func ParseKex(b []byte) (*ecdh.PublicKey, error) {
	if len(b) != KexSize {
		return nil, fmt.Errorf("key-exchange key: want %d bytes, got %d", KexSize, len(b))
	}
	k, err := ecdh.X25519().NewPublicKey(b)
	if err != nil {
		return nil, fmt.Errorf("key-exchange key: %w", err)
	}
	return k, nil
}

func hpkePublic(kex []byte) (hpke.PublicKey, error) {
	k, err := ParseKex(kex)
	if err != nil {
		return nil, err
	}
	return hpke.NewDHKEMPublicKey(k)
}
