package render_test

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/render"
)

func TestStatsCSV(t *testing.T) {
	rep := meetings.StatsReport{Rows: []meetings.StatsRow{
		{Key: "a1", Name: "Geneviève, « Gen »", People: 1, Time: 70*time.Second + 500*time.Millisecond, Turns: 3,
			Share: 2.0 / 3, EqualShare: 0.5, Meetings: 2},
		{Key: "other", Name: "other", People: 4, Time: 35 * time.Second, Turns: 1, Share: 1.0 / 3, EqualShare: 0.5, Meetings: 2, SilentMeetings: 1},
	}}
	var b bytes.Buffer
	if err := render.StatsCSV(&b, rep); err != nil {
		t.Fatal(err)
	}
	want := "key,name,people,seconds,turns,share,equal_share,meetings,silent_meetings\n" +
		"a1,\"Geneviève, « Gen »\",1,70.5,3,0.666667,0.500000,2,0\n" +
		"other,other,4,35,1,0.333333,0.500000,2,1\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(recs) != 3 || recs[1][1] != "Geneviève, « Gen »" {
		t.Errorf("read back: %v, %v", recs, err)
	}
}

func TestTableCSVEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := render.TableCSV(&b, []string{"a", "b"}, nil); err != nil || b.String() != "a,b\n" {
		t.Errorf("%q, %v", b.String(), err)
	}
}
