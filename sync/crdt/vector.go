package crdt

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Vector is a version vector: for each origin device, the highest sequence
// number up to which this replica holds every change without a gap.
type Vector map[DeviceID]uint64

// Clone returns an independent copy.
func (v Vector) Clone() Vector {
	out := make(Vector, len(v))
	for k, s := range v {
		out[k] = s
	}
	return out
}

// Has reports whether the vector covers change seq of origin.
func (v Vector) Has(origin DeviceID, seq uint64) bool { return seq <= v[origin] }

// Covers reports whether v covers every change o covers.
func (v Vector) Covers(o Vector) bool {
	for k, s := range o {
		if v[k] < s {
			return false
		}
	}
	return true
}

// Devices lists the vector's devices in id order.
func (v Vector) Devices() []DeviceID {
	ids := make([]DeviceID, 0, len(v))
	for k := range v {
		ids = append(ids, k)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i].Compare(ids[j]) < 0 })
	return ids
}

// MarshalJSON writes {"<device hex>": seq, ...} with sorted keys.
func (v Vector) MarshalJSON() ([]byte, error) {
	m := make(map[string]uint64, len(v))
	for k, s := range v {
		m[k.String()] = s
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads the form written by MarshalJSON.
func (v *Vector) UnmarshalJSON(b []byte) error {
	var m map[string]uint64
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("version vector: %w", err)
	}
	out := make(Vector, len(m))
	for k, s := range m {
		id, err := ParseDeviceID(k)
		if err != nil {
			return fmt.Errorf("version vector: %w", err)
		}
		out[id] = s
	}
	*v = out
	return nil
}
