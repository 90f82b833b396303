package replica

import (
	"context"
	"fmt"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
)

// DeviceName is the name a laptop gave itself ("" if none yet).
func (r *Replica) DeviceName(d crdt.DeviceID) string {
	rec, _ := r.view.Get(konbit.DeviceRecordID(d))
	if rec == nil {
		return ""
	}
	return konbit.DeviceNameFromFields(rec.Fields)
}

// DeviceLabel names a laptop for people: "Name (ABCD-…)" or its short id.
func (r *Replica) DeviceLabel(d crdt.DeviceID) string {
	if n := r.DeviceName(d); n != "" {
		return n + " (" + d.Short() + ")"
	}
	return d.Short()
}

// SetDeviceName names this laptop; the name travels to the others with
// the next sync, so they can tell the laptops apart.
func (r *Replica) SetDeviceName(ctx context.Context, name string) error {
	f, err := konbit.DeviceNameField(name)
	if err != nil {
		return err
	}
	if r.DeviceName(r.Device()) == name {
		return nil
	}
	if _, err := r.Commit(ctx, crdt.Set(konbit.DeviceRecordID(r.Device()), konbit.TypeDevice, f)); err != nil {
		return fmt.Errorf("name this laptop: %w", err)
	}
	return nil
}

// Device describes a known laptop.
type Device struct {
	sqlite.DeviceInfo
	Name string // as it named itself, "" if it has not
}

// Devices lists the devices this replica knows, itself first, with their
// names.
func (r *Replica) Devices(ctx context.Context) ([]Device, error) {
	infos, err := r.db.Devices(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Device, len(infos))
	for i, d := range infos {
		out[i] = Device{DeviceInfo: d, Name: r.DeviceName(d.ID)}
	}
	return out, nil
}

// ClockWarnings lists devices whose clock was seen far ahead of ours.
func (r *Replica) ClockWarnings(ctx context.Context) ([]Device, error) {
	devs, err := r.Devices(ctx)
	if err != nil {
		return nil, err
	}
	var out []Device
	for _, d := range devs {
		if d.AheadBy > 0 {
			out = append(out, d)
		}
	}
	return out, nil
}
