package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sync/crdt"
)

func runDevice(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if len(p.args) == 0 {
		return usagef("device needs a subcommand: id, name or remove")
	}
	switch p.args[0] {
	case "id":
		if len(p.args) > 1 {
			return usagef("device id takes no argument")
		}
		fmt.Fprintln(env.Stdout, r.Device().String())
		return nil
	case "name":
		if len(p.args) == 1 {
			name := r.DeviceName(r.Device())
			if name == "" {
				name = "(no name yet)"
			}
			fmt.Fprintf(env.Stdout, "%s\t%s\n", r.Device().Short(), name)
			return nil
		}
		if err := r.SetDeviceName(ctx, strings.Join(p.args[1:], " ")); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "this laptop is now %s\n", r.DeviceLabel(r.Device()))
		return nil
	case "remove":
		if len(p.args) != 2 {
			return usagef("device remove needs one device id (see konbit devices)")
		}
		entries, err := r.Roster(ctx)
		if err != nil {
			return err
		}
		ids := make([]crdt.DeviceID, len(entries))
		for i, e := range entries {
			ids[i] = e.Device
		}
		d, err := matchDevice(p.args[1], ids)
		if err != nil {
			return err
		}
		if err := r.RemoveDevice(ctx, d); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "removed %s from the group's roster: once this has synced, the other laptops refuse it too\n", r.DeviceLabel(d))
		return nil
	}
	return usagef("unknown device subcommand %q: want id, name or remove", p.args[0])
}

// matchDevice finds the device an id names: its hex form, a unique prefix
// of it, or its short form (ABCD-EF01-…), in any case.
func matchDevice(arg string, ids []crdt.DeviceID) (crdt.DeviceID, error) {
	want := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(arg), "-", ""))
	want = strings.TrimSuffix(want, "…")
	if want == "" {
		return crdt.DeviceID{}, usagef("empty device id")
	}
	var found []crdt.DeviceID
	for _, d := range ids {
		if strings.HasPrefix(d.String(), want) {
			found = append(found, d)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return crdt.DeviceID{}, fmt.Errorf("no device of the roster has the id %s (see konbit devices)", arg)
	}
	return crdt.DeviceID{}, fmt.Errorf("%d devices of the roster have an id starting with %s: give more of it", len(found), arg)
}

// deviceJSON is one device of `konbit devices --format json`; by/at and
// removed_by/removed_at are "" when they do not apply.
type deviceJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Status    string `json:"status"`
	By        string `json:"by"`
	At        string `json:"at"`
	RemovedBy string `json:"removed_by"`
	RemovedAt string `json:"removed_at"`
	Self      bool   `json:"self"`
}

func runDevices(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if len(p.args) > 0 {
		return usagef("devices takes no argument")
	}
	format := p.get("format")
	if format == "" {
		format = "table"
	}
	if format != "table" && format != "json" {
		return usagef("--format wants table or json, not %q", format)
	}
	entries, err := r.Roster(ctx)
	if err != nil {
		return err
	}
	if format == "json" {
		out := make([]deviceJSON, 0, len(entries))
		for _, e := range entries {
			j := deviceJSON{ID: e.Device.String(), Name: e.Name, Status: e.Status, Self: e.Self}
			if !e.At.IsZero() {
				j.By, j.At = e.By.String(), e.At.UTC().Format(time.RFC3339)
			}
			if !e.RemovedAt.IsZero() {
				j.RemovedBy, j.RemovedAt = e.RemovedBy.String(), e.RemovedAt.UTC().Format(time.RFC3339)
			}
			out = append(out, j)
		}
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(env.Stdout, "%s\n", b)
		return err
	}
	// Clock warnings and missing changes come from what the store holds.
	devs, err := r.Devices(ctx)
	if err != nil {
		return err
	}
	info := map[crdt.DeviceID]replica.Device{}
	for _, d := range devs {
		info[d.ID] = d
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DEVICE\tNAME\tSTATUS\tBY\tON\tCHANGES\tNOTE")
	for _, e := range entries {
		name := e.Name
		if name == "" {
			name = "-"
		}
		by, on := "-", "-"
		switch {
		case e.Status == replica.StatusRemoved:
			by, on = r.DeviceLabel(e.RemovedBy), e.RemovedAt.Local().Format("2006-01-02 15:04")
		case !e.At.IsZero():
			by, on = r.DeviceLabel(e.By), e.At.Local().Format("2006-01-02 15:04")
		}
		var notes []string
		if e.Self {
			notes = append(notes, "this laptop")
		}
		d := info[e.Device]
		if d.MaxSeq > d.Seq {
			notes = append(notes, fmt.Sprintf("missing changes %d..%d", d.Seq+1, d.MaxSeq))
		}
		if d.AheadBy > 0 {
			notes = append(notes, "clock "+humanDuration(d.AheadBy)+" ahead")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", e.Device.Short(), name, e.Status, by, on, d.Seq, strings.Join(notes, ", "))
	}
	return tw.Flush()
}
