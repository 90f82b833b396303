package folder

import (
	"fmt"
	"strconv"

	"github.com/konbit/konbit/sync/crdt"
)

// ReadFileName is the name of a device's read file in its subfolder.
const ReadFileName = "read.kvec"

// segmentExt ends every segment file name.
const segmentExt = ".kseg"

// segmentNameLen is the exact length of a segment name.
const segmentNameLen = 16 + 1 + 16 + len(segmentExt)

// Span is the range of segment numbers a segment file covers.
type Span struct{ First, Last uint64 }

// Name is the segment's file name.
func (s Span) Name() string { return fmt.Sprintf("%016x-%016x%s", s.First, s.Last, segmentExt) }

// contains says whether s covers all of o.
func (s Span) contains(o Span) bool { return s.First <= o.First && o.Last <= s.Last }

// ParseSegmentName parses a segment file name. Only the exact form Span.Name
// writes is accepted (lower-case hex, first <= last, first >= 1): anything
// else in a subfolder, such as a sync tool's conflict copy of a segment, is
// not ours.
func ParseSegmentName(name string) (Span, bool) {
	if len(name) != segmentNameLen || name[16] != '-' || name[33:] != segmentExt {
		return Span{}, false
	}
	first, ok1 := parseHex16(name[:16])
	last, ok2 := parseHex16(name[17:33])
	if !ok1 || !ok2 || first == 0 || first > last {
		return Span{}, false
	}
	return Span{first, last}, true
}

func parseHex16(s string) (uint64, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return 0, false
		}
	}
	v, err := strconv.ParseUint(s, 16, 64)
	return v, err == nil
}

// parseDeviceDir parses a subfolder name: exactly a device id in
// lower-case hex.
func parseDeviceDir(name string) (crdt.DeviceID, bool) {
	if len(name) != 32 {
		return crdt.DeviceID{}, false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return crdt.DeviceID{}, false
		}
	}
	d, err := crdt.ParseDeviceID(name)
	return d, err == nil
}
