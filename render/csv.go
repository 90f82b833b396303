package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/konbit/konbit/meetings"
)

// TableCSV writes a header row and the rows as CSV (RFC 4180, comma
// separated, quoted where needed), for spreadsheets.
func TableCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	return nil
}

// statsHeader is the header row of StatsCSV, the same names as the JSON
// keys of `konbit speaking-stats`.
var statsHeader = []string{"key", "name", "people", "seconds", "turns", "share", "equal_share", "meetings", "silent_meetings"}

// StatsCSV writes the rows of a speaking-time report as CSV: one row per
// person or group, shares as fractions (0.25 for 25 %), seconds with
// their decimals; numbers always with a '.' whatever the reader's
// language, so that a spreadsheet can be told once how to read them.
func StatsCSV(w io.Writer, rep meetings.StatsReport) error {
	rows := make([][]string, 0, len(rep.Rows))
	for _, r := range rep.Rows {
		rows = append(rows, []string{
			r.Key, r.Name, strconv.Itoa(r.People),
			strconv.FormatFloat(r.Time.Seconds(), 'f', -1, 64),
			strconv.Itoa(r.Turns),
			strconv.FormatFloat(r.Share, 'f', 6, 64),
			strconv.FormatFloat(r.EqualShare, 'f', 6, 64),
			strconv.Itoa(r.Meetings), strconv.Itoa(r.SilentMeetings),
		})
	}
	return TableCSV(w, statsHeader, rows)
}
