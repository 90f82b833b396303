package folder

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/konbit/konbit/sync/crdt"
)

// Mark says how far a device has read one subfolder.
type Mark struct {
	// Last is the segment number up to which every segment was read and
	// merged.
	Last uint64 `json:"last"`
	// Vector is the writer's version vector in the last of those segments
	// (a signed bundle header): with the segments before it, the folder
	// holds every change it covers.
	Vector crdt.Vector `json:"vector,omitempty"`
}

// ReadState is the content of a device's read file: what it has read of
// each subfolder, what it wrote in its own, and what it has merged.
type ReadState struct {
	Device crdt.DeviceID     `json:"device"`
	Key    ed25519.PublicKey `json:"key"`
	At     int64             `json:"at"` // Unix milliseconds, for people
	// Vector is the device's version vector: what it has merged.
	Vector crdt.Vector            `json:"vector"`
	Wrote  Mark                   `json:"wrote"`
	Read   map[crdt.DeviceID]Mark `json:"read,omitempty"`
	// Unreadable lists the files of others ("device/name") that did not
	// open or merge, by size, and Epochs how many group keys the device
	// held then: a file already reported is passed over quietly until it
	// changes size or the device gets another key, so that a watched
	// folder does not log the same warning every minute.
	Unreadable map[string]int64 `json:"unreadable,omitempty"`
	Epochs     int              `json:"epochs,omitempty"`
}

// readSigContext separates read-file signatures from any other use of the
// device key.
const readSigContext = "konbit shared folder read file v1\x00"

// ErrBadReadFile is wrapped by every error about a read file that does not
// verify.
var ErrBadReadFile = errors.New("read file does not verify")

// known is what the folder holds as far as this state knows: what its
// device wrote and what it read, each with the segments before.
func (s *ReadState) known() crdt.Vector {
	v := crdt.Vector{}
	maxInto(v, s.Wrote.Vector)
	for _, m := range s.Read {
		maxInto(v, m.Vector)
	}
	return v
}

func maxInto(dst, src crdt.Vector) {
	for d, n := range src {
		if n > dst[d] {
			dst[d] = n
		}
	}
}

// EncodeReadState signs a read file's content with the device key.
func EncodeReadState(s ReadState, key ed25519.PrivateKey) ([]byte, error) {
	s.Key = key.Public().(ed25519.PublicKey)
	s.Device = crdt.DeviceIDFromPublicKey(s.Key)
	payload, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode read file: %w", err)
	}
	sig := ed25519.Sign(key, readSigMessage(s.Device, payload))
	return append(sig, payload...), nil
}

func readSigMessage(d crdt.DeviceID, payload []byte) []byte {
	m := make([]byte, 0, len(readSigContext)+len(d)+len(payload))
	m = append(m, readSigContext...)
	m = append(m, d[:]...)
	return append(m, payload...)
}

// DecodeReadState checks and decodes a read file found in device's
// subfolder: it must be signed by that device's key.
func DecodeReadState(device crdt.DeviceID, b []byte) (ReadState, error) {
	var s ReadState
	if len(b) < ed25519.SignatureSize {
		return s, fmt.Errorf("%w: too short", ErrBadReadFile)
	}
	sig, payload := b[:ed25519.SignatureSize], b[ed25519.SignatureSize:]
	if err := json.Unmarshal(payload, &s); err != nil {
		return ReadState{}, fmt.Errorf("%w: %v", ErrBadReadFile, err)
	}
	if len(s.Key) != ed25519.PublicKeySize || s.Device != device || crdt.DeviceIDFromPublicKey(s.Key) != device {
		return ReadState{}, fmt.Errorf("%w: not written by device %s", ErrBadReadFile, device.Short())
	}
	if !ed25519.Verify(s.Key, readSigMessage(device, payload), sig) {
		return ReadState{}, fmt.Errorf("%w: bad signature", ErrBadReadFile)
	}
	if s.Read == nil {
		s.Read = map[crdt.DeviceID]Mark{}
	}
	return s, nil
}
