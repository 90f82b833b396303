package crdt

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// DeviceID names a replica. It is derived from the device's Ed25519 public
// key (the first 16 bytes of its SHA-256), so a change can only claim an
// origin whose key verifies its signature.
type DeviceID [16]byte

// DeviceIDFromPublicKey derives the device id of a public key.
func DeviceIDFromPublicKey(pub ed25519.PublicKey) DeviceID {
	sum := sha256.Sum256(pub)
	var id DeviceID
	copy(id[:], sum[:16])
	return id
}

// String is the lower-case hex form, used in files and JSON.
func (d DeviceID) String() string { return hex.EncodeToString(d[:]) }

// Short is a human-friendly form for screens: four groups of four hex digits.
func (d DeviceID) Short() string {
	s := strings.ToUpper(hex.EncodeToString(d[:8]))
	return s[0:4] + "-" + s[4:8] + "-" + s[8:12] + "-" + s[12:16]
}

// Compare orders device ids byte-wise; it breaks HLC ties.
func (d DeviceID) Compare(o DeviceID) int { return bytes.Compare(d[:], o[:]) }

// ParseDeviceID parses the hex form produced by String.
func ParseDeviceID(s string) (DeviceID, error) {
	var id DeviceID
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != len(id) {
		return id, fmt.Errorf("invalid device id %q: want %d hex digits", s, 2*len(id))
	}
	copy(id[:], b)
	return id, nil
}

// MarshalText implements encoding.TextMarshaler (hex form).
func (d DeviceID) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *DeviceID) UnmarshalText(b []byte) error {
	id, err := ParseDeviceID(string(b))
	if err != nil {
		return err
	}
	*d = id
	return nil
}

// Identity is a device's signing key pair.
type Identity struct {
	Private ed25519.PrivateKey
}

// NewIdentity creates a fresh random identity.
func NewIdentity() (Identity, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return Identity{}, fmt.Errorf("generate device key: %w", err)
	}
	return Identity{Private: priv}, nil
}

// IdentityFromSeed rebuilds an identity from its 32-byte seed.
func IdentityFromSeed(seed []byte) (Identity, error) {
	if len(seed) != ed25519.SeedSize {
		return Identity{}, fmt.Errorf("device key seed: want %d bytes, got %d", ed25519.SeedSize, len(seed))
	}
	return Identity{Private: ed25519.NewKeyFromSeed(seed)}, nil
}

// Public is the identity's public key.
func (i Identity) Public() ed25519.PublicKey { return i.Private.Public().(ed25519.PublicKey) }

// Device is the identity's device id.
func (i Identity) Device() DeviceID { return DeviceIDFromPublicKey(i.Public()) }
