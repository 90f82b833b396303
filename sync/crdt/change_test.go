package crdt

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

func TestStampTieBreakBothWays(t *testing.T) {
	lo := DeviceID{0x01}
	hi := DeviceID{0xff}
	a := Stamp{HLC: 100, Origin: lo, Seq: 9}
	b := Stamp{HLC: 100, Origin: hi, Seq: 1}
	if a.Compare(b) >= 0 || b.Compare(a) <= 0 {
		t.Fatal("equal HLC: the higher device id must win, whichever side compares")
	}
	// Whichever order two concurrent writes arrive in, the same one wins.
	for _, order := range [][2]Stamp{{a, b}, {b, a}} {
		r := &Record{}
		r.ApplyOp(&Op{Kind: OpSet, Type: "t", Fields: []Field{{"f", []byte(order[0].Origin.String())}}}, order[0])
		r.ApplyOp(&Op{Kind: OpSet, Type: "t", Fields: []Field{{"f", []byte(order[1].Origin.String())}}}, order[1])
		if got := string(r.Fields["f"].Value); got != hi.String() {
			t.Fatalf("order %v: winner %s, want %s", order, got, hi)
		}
	}
	later := Stamp{HLC: 101, Origin: lo, Seq: 1}
	if later.Compare(b) <= 0 {
		t.Fatal("a later HLC wins over a higher device id")
	}
}

func TestLaterEditWinsNotMostEdited(t *testing.T) {
	// Device A edits a field many times early; device B once, later. The
	// later edit must win (the col_version trap: counting edits is wrong).
	r := &Record{}
	a, b := DeviceID{1}, DeviceID{2}
	for i := 0; i < 50; i++ {
		r.ApplyOp(&Op{Kind: OpSet, Type: "t", Fields: []Field{{"f", []byte("a")}}}, Stamp{HLC: Timestamp(10 + i), Origin: a, Seq: uint64(i + 1)})
	}
	r.ApplyOp(&Op{Kind: OpSet, Type: "t", Fields: []Field{{"f", []byte("b")}}}, Stamp{HLC: 1000, Origin: b, Seq: 1})
	if string(r.Fields["f"].Value) != "b" {
		t.Fatal("the later edit lost")
	}
}

func TestDeleteIsFinal(t *testing.T) {
	r := &Record{}
	r.ApplyOp(&Op{Kind: OpDelete, Type: "t"}, Stamp{HLC: 5})
	r.ApplyOp(&Op{Kind: OpSet, Type: "t", Fields: []Field{{"f", []byte("x")}}}, Stamp{HLC: 9})
	if !r.Deleted || r.Visible() != nil {
		t.Fatal("edit after delete resurrected the record")
	}
}

func TestSignVerify(t *testing.T) {
	id, err := NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	other, _ := NewIdentity()
	c := &Change{Seq: 1, HLC: 77, Ops: []Op{Set(NewID(), "member", Field{"name", []byte(`"Ana"`)})}}
	c.Sign(id)
	if err := c.Verify(id.Public()); err != nil {
		t.Fatal(err)
	}
	if err := c.Verify(other.Public()); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("other key: %v", err)
	}
	c.Ops[0].Fields[0].Value = []byte(`"Bob"`)
	if err := c.Verify(id.Public()); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("tampered: %v", err)
	}
}

func TestBodyRoundTrip(t *testing.T) {
	c := Change{Origin: DeviceID{9, 8, 7}, Seq: 42, HLC: MakeTimestamp(1_700_000_000_000, 3), Ops: []Op{
		Set(NewID(), "member", Field{"name", []byte(`"Ana"`)}, Field{"hours", []byte("30")}),
		Delete(NewID(), "committee"),
		{Kind: 77, Raw: []byte("from the future")},
		Set(NewID(), "x", Field{"empty", []byte{}}),
	}}
	body := c.AppendBody(nil)
	got, err := DecodeBody(body)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.AppendBody(nil), body) {
		t.Fatal("re-encoding differs")
	}
	if got.Ops[2].Known() || string(got.Ops[2].Raw) != "from the future" {
		t.Fatal("unknown op not kept verbatim")
	}
	got.Ops[3].Fields[0].Value = []byte{}
	if !reflect.DeepEqual(got.Ops[0], c.Ops[0]) || !reflect.DeepEqual(got.Ops[1], c.Ops[1]) {
		t.Fatalf("ops differ:\n%+v\n%+v", got.Ops, c.Ops)
	}
	for n := 0; n < len(body); n++ {
		if _, err := DecodeBody(body[:n]); !errors.Is(err, ErrMalformed) {
			t.Fatalf("truncated at %d: err %v", n, err)
		}
	}
	if _, err := DecodeBody(append(body, 0)); err == nil {
		t.Fatal("trailing byte accepted")
	}
}

func FuzzDecodeBody(f *testing.F) {
	c := Change{Origin: DeviceID{1}, Seq: 1, HLC: 5, Ops: []Op{Set(NewID(), "m", Field{"a", []byte("1")}), Delete(NewID(), "m"), {Kind: 9, Raw: []byte{1, 2}}}}
	f.Add(c.AppendBody(nil))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := DecodeBody(b)
		if err != nil {
			return
		}
		again, err := DecodeBody(got.AppendBody(nil))
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !bytes.Equal(again.AppendBody(nil), got.AppendBody(nil)) {
			t.Fatal("unstable encoding")
		}
	})
}

func TestVectorJSON(t *testing.T) {
	v := Vector{DeviceID{1}: 5, DeviceID{2}: 9}
	b, err := v.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var w Vector
	if err := w.UnmarshalJSON(b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(v, w) || !w.Covers(v) || !v.Has(DeviceID{2}, 9) || v.Has(DeviceID{2}, 10) {
		t.Fatalf("round trip %v -> %s -> %v", v, b, w)
	}
	if err := w.UnmarshalJSON([]byte(`{"zz":1}`)); err == nil {
		t.Fatal("bad device id accepted")
	}
}

func FuzzVectorJSON(f *testing.F) {
	f.Add([]byte(`{"0102030405060708090a0b0c0d0e0f10": 5}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[1,2]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var v Vector
		if err := v.UnmarshalJSON(b); err != nil {
			return
		}
		out, err := v.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var w Vector
		if err := w.UnmarshalJSON(out); err != nil || !reflect.DeepEqual(v, w) {
			t.Fatalf("round trip: %v %v %v", v, w, err)
		}
	})
}

func TestRecordStateRoundTrip(t *testing.T) {
	r := &Record{ID: NewID(), Type: "member", TypeStamp: Stamp{HLC: 5, Origin: DeviceID{3}, Seq: 2}, Fields: map[string]FieldState{
		"name": {Value: []byte(`"Ana"`), Stamp: Stamp{HLC: 9, Origin: DeviceID{4}, Seq: 7}},
		"bin":  {Value: []byte{0, 1, 2}, Stamp: Stamp{HLC: 10, Origin: DeviceID{5}, Seq: 1}},
	}}
	got := &Record{ID: r.ID}
	if err := got.DecodeState(r.AppendState(nil)); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Fatalf("got %+v want %+v", got, r)
	}
	r.ApplyOp(&Op{Kind: OpDelete, Type: "member"}, Stamp{HLC: 11})
	got = &Record{ID: r.ID}
	if err := got.DecodeState(r.AppendState(nil)); err != nil || !got.Deleted || got.Fields != nil {
		t.Fatalf("tombstone: %+v %v", got, err)
	}
	if err := got.DecodeState([]byte{9}); err == nil {
		t.Fatal("unknown version accepted")
	}
}
