package konbit

import (
	"bytes"
	"fmt"

	"github.com/konbit/konbit/sync/crdt"
)

// FieldKex is the device record field in which a laptop publishes its
// X25519 key-exchange public key (sync/groupkey), so that the others can
// seal the group key of the shared folder to it.
const FieldKex = "kex"

// KexSize is the length of a published key-exchange key.
const KexSize = 32

// DeviceKexField encodes a key-exchange public key as a device record
// field. The value is the raw key: it is binary, and shows in dumps as
// base64.
func DeviceKexField(kex []byte) (crdt.Field, error) {
	if len(kex) != KexSize {
		return crdt.Field{}, fmt.Errorf("a key-exchange key has %d bytes, not %d", KexSize, len(kex))
	}
	return crdt.Field{Name: FieldKex, Value: bytes.Clone(kex)}, nil
}

// DeviceKexFromFields decodes a laptop's published key-exchange key (nil
// if it has published none, or something of the wrong size).
func DeviceKexFromFields(fields map[string][]byte) []byte {
	k := fields[FieldKex]
	if len(k) != KexSize {
		return nil
	}
	return bytes.Clone(k)
}
