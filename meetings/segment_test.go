package meetings_test

import (
	"strings"
	"testing"
	"time"

	"github.com/konbit/konbit/meetings"
)

func TestSegmentValidate(t *testing.T) {
	ok := meetings.SegmentOf(id(1), id(2), meetings.Turn{Member: id(3), Kind: meetings.Normal, Started: t0}, t0.Add(time.Minute), "fr")
	if ok.Duration != time.Minute || ok.Speaker != id(3) || ok.ID == id(0) {
		t.Fatalf("SegmentOf = %+v", ok)
	}
	tests := []struct {
		name string
		edit func(*meetings.Segment)
		want string
	}{
		{"valid", func(*meetings.Segment) {}, ""},
		{"no language", func(s *meetings.Segment) { s.Language = "" }, ""},
		{"no meeting", func(s *meetings.Segment) { s.Meeting = id(0) }, "meeting"},
		{"no speaker", func(s *meetings.Segment) { s.Speaker = id(0) }, "speaker"},
		{"zero", func(s *meetings.Segment) { s.Duration = 0 }, "more than zero"},
		{"too long", func(s *meetings.Segment) { s.Duration = 4*time.Hour + time.Second }, "left running"},
		{"4h exactly", func(s *meetings.Segment) { s.Duration = 4 * time.Hour }, ""},
		{"bad language", func(s *meetings.Segment) { s.Language = "French" }, "language"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := ok
			tc.edit(&s)
			err := s.Validate()
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("Validate() = %v, want %q", err, tc.want)
			}
		})
	}
	if f := ok.Fields(); len(f) != 1 || f[0].Name != "v" {
		t.Errorf("a segment is one field v, got %v", f)
	}
}
