package crdt

import (
	"crypto/ed25519"
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// OpKind says what an operation does.
type OpKind uint8

const (
	// OpSet writes fields of a record (creating it if needed).
	OpSet OpKind = 1
	// OpDelete tombstones a record.
	OpDelete OpKind = 2
)

// Field is one field write: a name and an opaque value.
type Field struct {
	Name  string
	Value []byte
}

// Op is one operation of a change. Ops of a kind this version does not know
// keep their encoded body in Raw: they are stored and forwarded, not applied.
type Op struct {
	Kind   OpKind
	Record uuid.UUID
	Type   string
	Fields []Field
	Raw    []byte // body of an op of unknown kind, verbatim
}

// Known reports whether this version knows how to apply the op.
func (o Op) Known() bool { return o.Kind == OpSet || o.Kind == OpDelete }

// Set builds an OpSet writing the given fields.
func Set(record uuid.UUID, typ string, fields ...Field) Op {
	return Op{Kind: OpSet, Record: record, Type: typ, Fields: fields}
}

// Delete builds an OpDelete for a record.
func Delete(record uuid.UUID, typ string) Op {
	return Op{Kind: OpDelete, Record: record, Type: typ}
}

// Change is the unit of replication: the ops one device committed in one
// local transaction, stamped, numbered and signed by their origin.
type Change struct {
	Origin DeviceID
	Seq    uint64 // origin's sequence number, from 1, without gaps
	HLC    Timestamp
	Ops    []Op
	Sig    []byte // Ed25519 signature of SigningBytes
}

// Stamp orders two writes to the same register.
type Stamp struct {
	HLC    Timestamp
	Origin DeviceID
	Seq    uint64
}

// Stamp is the stamp every op of the change writes with.
func (c *Change) Stamp() Stamp { return Stamp{HLC: c.HLC, Origin: c.Origin, Seq: c.Seq} }

// Compare orders stamps: by HLC, then by origin device id, then by origin
// sequence. Two stamps are equal only for ops of the same change.
func (s Stamp) Compare(o Stamp) int {
	switch {
	case s.HLC < o.HLC:
		return -1
	case s.HLC > o.HLC:
		return 1
	}
	if c := s.Origin.Compare(o.Origin); c != 0 {
		return c
	}
	switch {
	case s.Seq < o.Seq:
		return -1
	case s.Seq > o.Seq:
		return 1
	}
	return 0
}

// signingDomain separates change signatures from any other use of the key.
const signingDomain = "konbit/change/v1\x00"

// SigningBytes is the message an origin signs: a domain tag and the
// canonical body encoding.
func (c *Change) SigningBytes() []byte {
	msg := make([]byte, 0, len(signingDomain)+c.bodyLen())
	msg = append(msg, signingDomain...)
	return c.AppendBody(msg)
}

// Sign sets the change's origin to the identity's device and signs it.
func (c *Change) Sign(id Identity) {
	c.Origin = id.Device()
	c.Sig = ed25519.Sign(id.Private, c.SigningBytes())
}

// Errors returned by Verify.
var (
	ErrWrongKey     = errors.New("public key does not belong to the change's origin device")
	ErrBadSignature = errors.New("signature does not verify")
)

// Verify checks that pub is the origin's key and that it signed the change.
func (c *Change) Verify(pub ed25519.PublicKey) error {
	if len(pub) != ed25519.PublicKeySize || DeviceIDFromPublicKey(pub) != c.Origin {
		return fmt.Errorf("change %s/%d: %w", c.Origin.Short(), c.Seq, ErrWrongKey)
	}
	if len(c.Sig) != ed25519.SignatureSize || !ed25519.Verify(pub, c.SigningBytes(), c.Sig) {
		return fmt.Errorf("change %s/%d: %w", c.Origin.Short(), c.Seq, ErrBadSignature)
	}
	return nil
}
