package crdt

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/google/uuid"
)

// DumpRecord is one record of the canonical dump.
type DumpRecord struct {
	ID      uuid.UUID
	Type    string
	Deleted bool
	Fields  map[string][]byte
}

// WriteDump writes the canonical JSON form of a set of records: records
// sorted by id, fields sorted by name, deleted records without fields, and
// no local-only metadata, so two replicas can be compared byte for byte.
// Values that are valid JSON are written as they are; other values (such as
// ciphertext) as {"base64": "..."}.
func WriteDump(w io.Writer, recs []DumpRecord) error {
	sort.Slice(recs, func(i, j int) bool {
		return bytes.Compare(recs[i].ID[:], recs[j].ID[:]) < 0
	})
	bw := &errWriter{w: w}
	bw.str("{\"records\":[")
	for i, r := range recs {
		if i > 0 {
			bw.str(",")
		}
		bw.str("\n{\"id\":\"" + r.ID.String() + "\",\"type\":")
		bw.json(r.Type)
		if r.Deleted {
			bw.str(",\"deleted\":true}")
			continue
		}
		bw.str(",\"fields\":{")
		names := make([]string, 0, len(r.Fields))
		for k := range r.Fields {
			names = append(names, k)
		}
		sort.Strings(names)
		for j, k := range names {
			if j > 0 {
				bw.str(",")
			}
			bw.json(k)
			bw.str(":")
			bw.value(r.Fields[k])
		}
		bw.str("}}")
	}
	bw.str("\n]}\n")
	return bw.err
}

// Dump writes the state's canonical dump.
func (st *State) Dump(w io.Writer) error {
	recs := make([]DumpRecord, 0, len(st.Records))
	for _, r := range st.Records {
		recs = append(recs, DumpRecord{ID: r.ID, Type: r.Type, Deleted: r.Deleted, Fields: r.Visible()})
	}
	return WriteDump(w, recs)
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) str(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}

func (e *errWriter) json(v any) {
	b, err := json.Marshal(v)
	if err != nil && e.err == nil {
		e.err = fmt.Errorf("dump: %w", err)
	}
	e.str(string(b))
}

func (e *errWriter) value(v []byte) {
	if json.Valid(v) {
		var buf bytes.Buffer
		if err := json.Compact(&buf, v); err == nil {
			e.str(buf.String())
			return
		}
	}
	e.str("{\"base64\":\"" + base64.StdEncoding.EncodeToString(v) + "\"}")
}

// NewID returns a new UUID v7 record id.
func NewID() uuid.UUID { return uuid.Must(uuid.NewV7()) }
