package discover_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/discover"
)

func dev(b byte) crdt.DeviceID {
	var d crdt.DeviceID
	for i := range d {
		d[i] = b + byte(i)
	}
	return d
}

func TestBeaconEncodeLayout(t *testing.T) {
	got := discover.Beacon{Device: dev(1), Port: 21046}.Encode()
	want := "4b4e4254" + "01" + "0102030405060708090a0b0c0d0e0f10" + "5236"
	if hex.EncodeToString(got) != want {
		t.Fatalf("encoded %x, want %s", got, want)
	}
}

func TestDecodeBeacon(t *testing.T) {
	good := discover.Beacon{Device: dev(7), Port: 4242}.Encode()
	with := func(f func(p []byte) []byte) []byte { return f(bytes.Clone(good)) }
	tests := []struct {
		name    string
		in      []byte
		wantErr error // nil: any error unless ok
		ok      bool
	}{
		{"good", good, nil, true},
		{"empty", nil, discover.ErrNotBeacon, false},
		{"magic only", []byte("KNBT"), discover.ErrNotBeacon, false},
		{"other magic", with(func(p []byte) []byte { p[0] = 'X'; return p }), discover.ErrNotBeacon, false},
		{"future version", with(func(p []byte) []byte { p[4] = 2; return append(p, 0, 0) }), discover.ErrBeaconVersion, false},
		{"version 0", with(func(p []byte) []byte { p[4] = 0; return p }), discover.ErrBeaconVersion, false},
		{"truncated", good[:len(good)-1], nil, false},
		{"trailing byte", append(bytes.Clone(good), 0), nil, false},
		{"zero device", discover.Beacon{Port: 1}.Encode(), nil, false},
		{"port 0", discover.Beacon{Device: dev(1)}.Encode(), nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := discover.DecodeBeacon(tt.in)
			if tt.ok {
				if err != nil {
					t.Fatalf("decode: %v", err)
				}
				if b.Device != dev(7) || b.Port != 4242 {
					t.Fatalf("decoded %+v", b)
				}
				return
			}
			if err == nil {
				t.Fatalf("decoded %+v, want an error", b)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// FuzzDecodeBeacon: the decoder never panics, and whatever it accepts is the
// one canonical encoding of what it returns.
func FuzzDecodeBeacon(f *testing.F) {
	f.Add(discover.Beacon{Device: dev(3), Port: 21046}.Encode())
	f.Add([]byte("KNBT"))
	f.Add([]byte("KNBT\x02"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, p []byte) {
		b, err := discover.DecodeBeacon(p)
		if err != nil {
			return
		}
		if !bytes.Equal(b.Encode(), p) {
			t.Fatalf("accepted %x, re-encodes as %x", p, b.Encode())
		}
		if b.Port == 0 || b.Device == (crdt.DeviceID{}) {
			t.Fatalf("accepted %+v", b)
		}
	})
}
