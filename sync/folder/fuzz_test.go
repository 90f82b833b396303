package folder_test

import (
	"bytes"
	"testing"

	"github.com/konbit/konbit/sync/bundle"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/folder"
	"github.com/konbit/konbit/sync/groupkey"
)

// FuzzOpenSegment feeds arbitrary bytes to the segment decoder: opening,
// then reading the bundle header, as a sync pass does. Nothing may panic,
// and whatever opens must be what was sealed.
func FuzzOpenSegment(f *testing.F) {
	e := groupkey.Epoch{1, 2, 3}
	key := bytes.Repeat([]byte{9}, groupkey.KeySize)
	keys := map[groupkey.Epoch][]byte{e: key}
	dev := crdt.DeviceID{7}
	name := folder.Span{First: 1, Last: 1}.Name()
	good, err := folder.Seal(key, e, dev, name, []byte("KONBIT\x1aB\x00\x02 a bundle"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:40])
	f.Add([]byte("KONBIT\x1aF"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		plain, _, err := folder.Open(keys, dev, name, data)
		if err != nil {
			return
		}
		_, _ = bundle.ReadHeader(bytes.NewReader(plain))
		_, _ = folder.DecodeReadState(dev, plain)
	})
}

// FuzzDecodeReadState feeds arbitrary plaintext to the read-file decoder.
func FuzzDecodeReadState(f *testing.F) {
	id, _ := crdt.NewIdentity()
	good, err := folder.EncodeReadState(folder.ReadState{Vector: crdt.Vector{id.Device(): 3},
		Read: map[crdt.DeviceID]folder.Mark{{1}: {Last: 4, Vector: crdt.Vector{{1}: 9}}}}, id.Private)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:70])
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := folder.DecodeReadState(id.Device(), data)
		if err == nil && st.Device != id.Device() {
			t.Fatal("accepted a read file of another device")
		}
	})
}

// FuzzSegmentName checks that only canonical names parse.
func FuzzSegmentName(f *testing.F) {
	f.Add("0000000000000001-0000000000000002.kseg")
	f.Add("0000000000000001-0000000000000002.kseg.sync-conflict")
	f.Fuzz(func(t *testing.T, name string) {
		sp, ok := folder.ParseSegmentName(name)
		if ok && sp.Name() != name {
			t.Fatalf("%q parsed but is not canonical (%q)", name, sp.Name())
		}
	})
}
