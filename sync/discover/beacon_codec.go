package discover

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/konbit/konbit/sync/crdt"
)

// The beacon packet, fixed layout, big-endian:
//
//	magic   4 bytes  "KNBT"
//	version 1 byte   1
//	device 16 bytes  the sender's device id
//	port    2 bytes  the sender's TCP sync port (never 0)
//
// A fixed length keeps the decoder strict and the packet far below any MTU;
// a later version may be longer, so the version is checked before the length.
const (
	beaconMagic = "KNBT"
	// BeaconVersion is the only beacon version this code sends and accepts.
	BeaconVersion = 1
	beaconLen     = 4 + 1 + 16 + 2
)

var (
	// ErrNotBeacon: the packet is not a Konbit beacon (something else uses
	// the port); it is dropped silently.
	ErrNotBeacon = errors.New("not a konbit beacon")
	// ErrBeaconVersion: a beacon from another version of Konbit.
	ErrBeaconVersion = errors.New("unsupported beacon version")
)

// Beacon is what a laptop broadcasts: who it is and where its sync service
// listens. It carries no secret.
type Beacon struct {
	Device crdt.DeviceID
	Port   uint16
}

// Encode returns the packet for b.
func (b Beacon) Encode() []byte {
	p := make([]byte, 0, beaconLen)
	p = append(p, beaconMagic...)
	p = append(p, BeaconVersion)
	p = append(p, b.Device[:]...)
	return binary.BigEndian.AppendUint16(p, b.Port)
}

// DecodeBeacon parses a packet strictly: exact length, known version, a
// non-zero device id and port. Anything else is an error.
func DecodeBeacon(p []byte) (Beacon, error) {
	if len(p) < len(beaconMagic)+1 || string(p[:len(beaconMagic)]) != beaconMagic {
		return Beacon{}, ErrNotBeacon
	}
	if v := p[len(beaconMagic)]; v != BeaconVersion {
		return Beacon{}, fmt.Errorf("%w %d", ErrBeaconVersion, v)
	}
	if len(p) != beaconLen {
		return Beacon{}, fmt.Errorf("beacon: %d bytes, want %d", len(p), beaconLen)
	}
	var b Beacon
	copy(b.Device[:], p[5:21])
	b.Port = binary.BigEndian.Uint16(p[21:])
	if b.Device == (crdt.DeviceID{}) {
		return Beacon{}, errors.New("beacon: zero device id")
	}
	if b.Port == 0 {
		return Beacon{}, errors.New("beacon: port 0")
	}
	return b, nil
}
