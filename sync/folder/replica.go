package folder

import (
	"context"

	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/groupkey"
)

// Replica is what a folder sync needs of a replica. The replica package
// implements it; tests use fakes.
type Replica interface {
	// Identity is this device's signing key.
	Identity() crdt.Identity
	// Vector is what the replica holds.
	Vector(ctx context.Context) (crdt.Vector, error)
	// Export returns a signed bundle (sync/bundle, format 2, sent by
	// Identity) of the changes a replica at since lacks, with their count;
	// a count of zero means there is nothing to write.
	Export(ctx context.Context, since crdt.Vector) ([]byte, int, error)
	// Import verifies and merges one bundle read from device from's
	// subfolder, all or nothing. Changes the replica holds aside or
	// refuses (an origin not on the roster) are reported in
	// Imported.Problem, not as an error.
	Import(ctx context.Context, bundle []byte, from crdt.DeviceID) (Imported, error)
	// Roster lists the devices on the group's roster, removed ones
	// excluded, this one included.
	Roster(ctx context.Context) ([]crdt.DeviceID, error)
	// GroupKeys returns the group keys this device can open.
	GroupKeys(ctx context.Context) (Keys, error)
}

// Imported says what importing one segment did.
type Imported struct {
	New     int   // changes merged that the replica did not hold
	Problem error // changes held aside or refused; the rest was merged
}

// Keys are the group keys a device holds.
type Keys struct {
	// Current is the current epoch (sync/groupkey.Current); HasCurrent
	// says whether this device holds its key. Without it the device
	// reads what it can but writes nothing.
	Current    groupkey.Epoch
	HasCurrent bool
	ByEpoch    map[groupkey.Epoch][]byte
}
