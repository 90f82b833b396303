package groupkey

import (
	"crypto/hpke"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/konbit/konbit/sync/crdt"
)

// KeySize is the length of a group key.
const KeySize = 32

// Epoch names one group key. Epoch ids are random.
type Epoch [16]byte

// NewEpoch returns a fresh epoch id and a fresh random group key.
func NewEpoch() (Epoch, []byte, error) {
	var e Epoch
	key := make([]byte, KeySize)
	if _, err := rand.Read(e[:]); err != nil {
		return Epoch{}, nil, fmt.Errorf("new group key: %w", err)
	}
	if _, err := rand.Read(key); err != nil {
		return Epoch{}, nil, fmt.Errorf("new group key: %w", err)
	}
	return e, key, nil
}

// String is the epoch's lower-case hex form.
func (e Epoch) String() string { return crdt.DeviceID(e).String() }

// ErrOpen is returned when a sealed group key does not open: sealed to
// another device or epoch, or altered.
var ErrOpen = errors.New("the group key does not open with this device's key")

// sealInfo binds a sealed key to its epoch and recipient, so a grant
// copied under another epoch or for another device does not open.
func sealInfo(e Epoch, recipient crdt.DeviceID) []byte {
	info := []byte("konbit group key v1\x00")
	info = append(info, e[:]...)
	return append(info, recipient[:]...)
}

// Seal seals a group key to a device's published key-exchange key with
// HPKE (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM).
func Seal(key []byte, e Epoch, recipient crdt.DeviceID, kex []byte) ([]byte, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("seal group key: want %d bytes, got %d", KeySize, len(key))
	}
	pk, err := hpkePublic(kex)
	if err != nil {
		return nil, fmt.Errorf("seal group key for %s: %w", recipient.Short(), err)
	}
	ct, err := hpke.Seal(pk, hpke.HKDFSHA256(), hpke.AES256GCM(), sealInfo(e, recipient), key)
	if err != nil {
		return nil, fmt.Errorf("seal group key for %s: %w", recipient.Short(), err)
	}
	return ct, nil
}

// Open opens a group key sealed to this device.
func Open(id crdt.Identity, e Epoch, sealed []byte) ([]byte, error) {
	k, err := KexPrivate(id)
	if err != nil {
		return nil, err
	}
	sk, err := hpke.NewDHKEMPrivateKey(k)
	if err != nil {
		return nil, fmt.Errorf("open group key: %w", err)
	}
	key, err := hpke.Open(sk, hpke.HKDFSHA256(), hpke.AES256GCM(), sealInfo(e, id.Device()), sealed)
	if err != nil {
		return nil, fmt.Errorf("epoch %s: %w", e, ErrOpen)
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("epoch %s: %w (wrong length)", e, ErrOpen)
	}
	return key, nil
}
