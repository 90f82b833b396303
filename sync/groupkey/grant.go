package groupkey

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// TypeGroupKey is the record type of a grant. It equals konbit.TypeGroupKey;
// it is repeated here so that this package stays below the domain.
const TypeGroupKey = "group_key"

// Grant field names.
const (
	FieldEpoch     = "epoch"
	FieldRecipient = "recipient"
	FieldSealed    = "sealed"
	FieldCreated   = "created"
	FieldBy        = "by"
)

// namespace is Konbit's namespace of derived record ids (the one
// meetings/ and the roster use), so a grant's id is the same on every
// laptop that writes it.
var namespace = uuid.MustParse("5b3c1f1e-6a0d-4c0e-9a53-6b6f6e626974")

// maxSealed bounds a sealed key: an HPKE encapsulated key (32 bytes), the
// key and the AEAD tag, with room to spare.
const maxSealed = 256

// Grant is one sealed copy of a group key, for one device.
type Grant struct {
	Epoch     Epoch
	Recipient crdt.DeviceID
	Sealed    []byte
	// Created is when the epoch was made (the same in every grant of the
	// epoch, copied by whoever re-seals it): it orders epochs.
	Created time.Time
	By      crdt.DeviceID
}

// GrantID is the record id of the grant of an epoch to a device: one
// record per (epoch, recipient), so two devices that hand the same key to
// the same newcomer write the same record.
func GrantID(e Epoch, recipient crdt.DeviceID) uuid.UUID {
	return uuid.NewSHA1(namespace, []byte("groupkey/"+e.String()+"/"+recipient.String()))
}

// Op is the operation that writes the grant.
func (g Grant) Op() crdt.Op {
	created := binary.BigEndian.AppendUint64(nil, uint64(g.Created.UnixMilli()))
	return crdt.Set(GrantID(g.Epoch, g.Recipient), TypeGroupKey,
		crdt.Field{Name: FieldEpoch, Value: bytes.Clone(g.Epoch[:])},
		crdt.Field{Name: FieldRecipient, Value: bytes.Clone(g.Recipient[:])},
		crdt.Field{Name: FieldSealed, Value: bytes.Clone(g.Sealed)},
		crdt.Field{Name: FieldCreated, Value: created},
		crdt.Field{Name: FieldBy, Value: bytes.Clone(g.By[:])},
	)
}

// GrantFromFields decodes a grant record. It refuses a record whose id is
// not the one its epoch and recipient derive, so a grant cannot be filed
// under another's id.
func GrantFromFields(id uuid.UUID, fields map[string][]byte) (Grant, error) {
	var g Grant
	e, r, by, c, s := fields[FieldEpoch], fields[FieldRecipient], fields[FieldBy], fields[FieldCreated], fields[FieldSealed]
	if len(e) != len(g.Epoch) || len(r) != len(g.Recipient) || len(by) != len(g.By) || len(c) != 8 {
		return Grant{}, fmt.Errorf("group key grant %s: malformed fields", id)
	}
	if len(s) == 0 || len(s) > maxSealed {
		return Grant{}, fmt.Errorf("group key grant %s: sealed key of %d bytes", id, len(s))
	}
	copy(g.Epoch[:], e)
	copy(g.Recipient[:], r)
	copy(g.By[:], by)
	g.Sealed = bytes.Clone(s)
	g.Created = time.UnixMilli(int64(binary.BigEndian.Uint64(c))).UTC()
	if GrantID(g.Epoch, g.Recipient) != id {
		return Grant{}, fmt.Errorf("group key grant %s: id does not match its epoch and recipient", id)
	}
	return g, nil
}

// EpochInfo sums up the grants of one epoch.
type EpochInfo struct {
	Epoch   Epoch
	Created time.Time
	// Recipients are the devices it is sealed to.
	Recipients map[crdt.DeviceID]Grant
}

// Epochs groups grants by epoch, oldest first (creation time, then epoch
// id), the current one last. An epoch's creation time is the earliest any
// of its grants claims, so a re-sealer's copy cannot move it.
func Epochs(grants []Grant) []EpochInfo {
	by := map[Epoch]*EpochInfo{}
	for _, g := range grants {
		ei := by[g.Epoch]
		if ei == nil {
			ei = &EpochInfo{Epoch: g.Epoch, Created: g.Created, Recipients: map[crdt.DeviceID]Grant{}}
			by[g.Epoch] = ei
		}
		if g.Created.Before(ei.Created) {
			ei.Created = g.Created
		}
		ei.Recipients[g.Recipient] = g
	}
	out := make([]EpochInfo, 0, len(by))
	for _, ei := range by {
		out = append(out, *ei)
	}
	slices.SortFunc(out, compareEpochs)
	return out
}

func compareEpochs(a, b EpochInfo) int {
	if c := a.Created.Compare(b.Created); c != 0 {
		return c
	}
	return cmp.Compare(string(a.Epoch[:]), string(b.Epoch[:]))
}

// Current is the current epoch: the greatest creation time, ties broken by
// epoch id. Every replica holding the same grants picks the same epoch.
func Current(grants []Grant) (EpochInfo, bool) {
	es := Epochs(grants)
	if len(es) == 0 {
		return EpochInfo{}, false
	}
	return es[len(es)-1], true
}

// Trusted keeps the grants of the epochs that no removed device sealed a
// copy of. An epoch a removed laptop sealed was known to it; worse, a
// member can make an epoch dated far ahead, sealed to everyone but
// itself, which would stay current (and so in use) after its removal
// while no removed device is among its recipients. Such an epoch is never
// current (Current over the trusted grants), though its key still opens
// what was written under it. Grants are written by their sealer only (the
// roster refuses a grant whose By is not its change's origin), so By
// tells who held the key.
func Trusted(grants []Grant, removed func(crdt.DeviceID) bool) []Grant {
	tainted := map[Epoch]bool{}
	for _, g := range grants {
		if removed(g.By) {
			tainted[g.Epoch] = true
		}
	}
	if len(tainted) == 0 {
		return grants
	}
	out := make([]Grant, 0, len(grants))
	for _, g := range grants {
		if !tainted[g.Epoch] {
			out = append(out, g)
		}
	}
	return out
}
