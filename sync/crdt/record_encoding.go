package crdt

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
)

// recordEncodingVersion tags the stored form of a record's state.
const recordEncodingVersion = 1

// AppendState appends the record's state (type, type stamp, deletion and
// every field with its stamp, fields sorted by name) in the compact binary
// form the store keeps. The id is not included.
func (r *Record) AppendState(b []byte) []byte {
	b = append(b, recordEncodingVersion)
	b = appendString(b, r.Type)
	b = appendStamp(b, r.TypeStamp)
	if r.Deleted {
		return append(b, 1)
	}
	b = append(b, 0)
	// Records have a handful of fields: sort their names on the stack.
	var arr [16]string
	names := arr[:0]
	for k := range r.Fields {
		names = append(names, k)
	}
	slices.Sort(names)
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, k := range names {
		f := r.Fields[k]
		b = appendString(b, k)
		b = appendBytes(b, f.Value)
		b = appendStamp(b, f.Stamp)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendStamp(b []byte, s Stamp) []byte {
	b = binary.AppendUvarint(b, uint64(s.HLC))
	b = append(b, s.Origin[:]...)
	return binary.AppendUvarint(b, s.Seq)
}

// DecodeState parses what AppendState wrote into r (whose ID is kept).
// The type and field names share one string and the values one array
// (none aliases b): a merge decodes thousands of records, and a record
// held by the live view keeps no more memory than one decoded field by
// field would.
func (r *Record) DecodeState(b []byte) error {
	rd := reader{b: b}
	if v := rd.byte(); rd.err == nil && v != recordEncodingVersion {
		return fmt.Errorf("record state: unknown encoding version %d", v)
	}
	typ := rd.bytes(MaxNameLen)
	r.TypeStamp = rd.stamp()
	r.Deleted = rd.byte() == 1
	r.Fields = nil
	type rawField struct {
		name, val []byte
		stamp     Stamp
	}
	var arr [16]rawField
	fields := arr[:0]
	namesLen, valuesLen := len(typ), 0
	if !r.Deleted {
		n := rd.count(2)
		for i := 0; i < n && rd.err == nil; i++ {
			f := rawField{name: rd.bytes(MaxNameLen), val: rd.bytes(MaxValueLen), stamp: rd.stamp()}
			fields = append(fields, f)
			namesLen += len(f.name)
			valuesLen += len(f.val)
		}
	}
	if rd.err == nil && rd.off != len(b) {
		rd.fail("%d trailing bytes", len(b)-rd.off)
	}
	if rd.err != nil {
		return fmt.Errorf("record state: %w", rd.err)
	}
	var sb strings.Builder
	sb.Grow(namesLen)
	sb.Write(typ)
	for _, f := range fields {
		sb.Write(f.name)
	}
	names := sb.String()
	r.Type, names = names[:len(typ)], names[len(typ):]
	if r.Deleted {
		return nil
	}
	values := make([]byte, valuesLen)
	r.Fields = make(map[string]FieldState, len(fields))
	for _, f := range fields {
		v := values[:copy(values, f.val):len(f.val)]
		values = values[len(f.val):]
		r.Fields[names[:len(f.name)]] = FieldState{Value: v, Stamp: f.stamp}
		names = names[len(f.name):]
	}
	return nil
}

func (r *reader) stamp() Stamp {
	var s Stamp
	s.HLC = Timestamp(r.uvarint())
	copy(s.Origin[:], r.fixed(16))
	s.Seq = r.uvarint()
	return s
}
