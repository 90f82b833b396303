package meetings

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// DateLayout is the layout of civil dates ("2006-01-02").
const DateLayout = time.DateOnly

// ClockLayout is the layout of times of day ("15:04").
const ClockLayout = "15:04"

// namespace is the UUID namespace of the ids Konbit derives from other
// ids or keys (attendance marks, role assignments, templates...). Derived
// ids are what lets two laptops that do the same thing offline write the
// same record, which then merges field by field instead of duplicating.
const namespace = "5b3c1f1e-6a0d-4c0e-9a53-6b6f6e626974"

// derive returns the deterministic id of a record of the given kind,
// named by the given parts.
func derive(kind string, parts ...string) uuid.UUID {
	return uuid.NewSHA1(uuid.MustParse(namespace), []byte(kind+"/"+strings.Join(parts, "/")))
}

// field encodes one JSON field. Only plain values are passed, so an
// encoding error is a programming error.
func field(name string, v any) crdt.Field {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("meetings: encode field %s: %v", name, err))
	}
	return crdt.Field{Name: name, Value: b}
}

// get decodes a field into v, leaving v unchanged if it is missing or bad.
func get(f map[string][]byte, name string, v any) {
	if b, ok := f[name]; ok {
		_ = json.Unmarshal(b, v)
	}
}

// idText encodes an id, "" for none.
func idText(id uuid.UUID) string {
	if id == uuid.Nil {
		return ""
	}
	return id.String()
}

// parseID decodes an id, Nil for none or bad.
func parseID(s string) uuid.UUID {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil
	}
	return id
}

func idField(name string, id uuid.UUID) crdt.Field { return field(name, idText(id)) }

func getID(f map[string][]byte, name string) uuid.UUID {
	var s string
	get(f, name, &s)
	return parseID(s)
}

// millis encodes an instant as Unix milliseconds, 0 for the zero time.
func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// instant decodes Unix milliseconds, 0 giving the zero time.
func instant(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

func timeField(name string, t time.Time) crdt.Field { return field(name, millis(t)) }

func getTime(f map[string][]byte, name string) time.Time {
	var ms int64
	get(f, name, &ms)
	return instant(ms)
}

func durField(name string, d time.Duration) crdt.Field { return field(name, d.Milliseconds()) }

func getDur(f map[string][]byte, name string) time.Duration {
	var ms int64
	get(f, name, &ms)
	return time.Duration(ms) * time.Millisecond
}

// changedFields keeps the fields of cur whose value differs from old, so
// that concurrent edits of different fields on two laptops both survive.
func changedFields(cur, old []crdt.Field) []crdt.Field {
	prev := make(map[string][]byte, len(old))
	for _, f := range old {
		prev[f.Name] = f.Value
	}
	var out []crdt.Field
	for _, f := range cur {
		if p, ok := prev[f.Name]; !ok || string(p) != string(f.Value) {
			out = append(out, f)
		}
	}
	return out
}

// validDate reports whether s is a civil date "2006-01-02".
func validDate(s string) bool {
	_, err := time.Parse(DateLayout, s)
	return err == nil
}

// checkDate validates an optional civil date, naming what it is.
func checkDate(what, s string, required bool) error {
	if s == "" {
		if required {
			return fmt.Errorf("%s is missing: use YYYY-MM-DD", what)
		}
		return nil
	}
	if !validDate(s) {
		return fmt.Errorf("%s %q is not a date: use YYYY-MM-DD", what, s)
	}
	return nil
}

// normalizeTags trims, lower-cases, de-duplicates and sorts tags.
func normalizeTags(in []string) []string {
	out := []string{}
	for _, t := range in {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// compareIDs orders ids bytewise, for deterministic tie-breaks.
func compareIDs(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }
