package crdt

import (
	"encoding/binary"
	"fmt"
	"sort"
)

// recordEncodingVersion tags the stored form of a record's state.
const recordEncodingVersion = 1

// AppendState appends the record's state (type, type stamp, deletion and
// every field with its stamp, fields sorted by name) in the compact binary
// form the store keeps. The id is not included.
func (r *Record) AppendState(b []byte) []byte {
	b = append(b, recordEncodingVersion)
	b = appendBytes(b, []byte(r.Type))
	b = appendStamp(b, r.TypeStamp)
	if r.Deleted {
		return append(b, 1)
	}
	b = append(b, 0)
	names := make([]string, 0, len(r.Fields))
	for k := range r.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, k := range names {
		f := r.Fields[k]
		b = appendBytes(b, []byte(k))
		b = appendBytes(b, f.Value)
		b = appendStamp(b, f.Stamp)
	}
	return b
}

func appendStamp(b []byte, s Stamp) []byte {
	b = binary.AppendUvarint(b, uint64(s.HLC))
	b = append(b, s.Origin[:]...)
	return binary.AppendUvarint(b, s.Seq)
}

// DecodeState parses what AppendState wrote into r (whose ID is kept).
func (r *Record) DecodeState(b []byte) error {
	rd := reader{b: b}
	if v := rd.byte(); rd.err == nil && v != recordEncodingVersion {
		return fmt.Errorf("record state: unknown encoding version %d", v)
	}
	r.Type = string(rd.bytes(MaxNameLen))
	r.TypeStamp = rd.stamp()
	r.Deleted = rd.byte() == 1
	r.Fields = nil
	if !r.Deleted {
		n := rd.count(2)
		r.Fields = make(map[string]FieldState, n)
		for i := 0; i < n && rd.err == nil; i++ {
			name := string(rd.bytes(MaxNameLen))
			val := append([]byte{}, rd.bytes(MaxValueLen)...)
			r.Fields[name] = FieldState{Value: val, Stamp: rd.stamp()}
		}
	}
	if rd.err == nil && rd.off != len(b) {
		rd.fail("%d trailing bytes", len(b)-rd.off)
	}
	if rd.err != nil {
		return fmt.Errorf("record state: %w", rd.err)
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
