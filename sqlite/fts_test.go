package sqlite_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
)

func decisionOp(id uuid.UUID, title, text string) crdt.Op {
	d := meetings.Decision{ID: id, Meeting: crdt.NewID(), Date: "2012-03-04", Title: title, Text: text, Status: meetings.Active}
	return crdt.Set(id, konbit.TypeDecision, d.Fields()...)
}

// rawCount counts the rows of a table through a connection of its own.
func rawCount(t *testing.T, path, table string) int {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func find(t *testing.T, db *sqlite.DB, words ...string) int {
	t.Helper()
	ms, err := db.SearchDecisions(context.Background(), sqlite.DecisionFilter{Words: words})
	if err != nil {
		t.Fatalf("search %q: %v", words, err)
	}
	return len(ms)
}

// The index holds exactly one row per decision through commits, edits,
// merges and deletions, all in the records' transactions.
func TestDecisionIndexFollowsRecords(t *testing.T) {
	ctx := context.Background()
	pa, pb := t.TempDir()+"/a.db", t.TempDir()+"/b.db"
	a, err := sqlite.Open(ctx, pa, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := sqlite.Open(ctx, pb, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	d1, d2 := crdt.NewID(), crdt.NewID()
	if _, err := a.Commit(ctx, []crdt.Op{decisionOp(d1, "Règlement", "Texte."), decisionOp(d2, "Budget", "Formation.")}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Commit(ctx, []crdt.Op{decisionOp(d1, "Règlement intérieur", "Nouveau texte.")}); err != nil {
		t.Fatal(err)
	}
	syncPair(t, a, b)
	for name, p := range map[string]string{"a": pa, "b": pb} {
		if n, m := rawCount(t, p, "decisions_fts"), rawCount(t, p, "decisions"); n != 2 || m != 2 {
			t.Errorf("%s: %d index rows for %d decisions", name, n, m)
		}
	}
	if find(t, b, "interieur") != 1 || find(t, b, "nouveau", "reglement") != 1 || find(t, b, "texte", "budget") != 0 {
		t.Error("merged edits not searchable as written")
	}
	if _, err := a.Commit(ctx, []crdt.Op{crdt.Delete(d2, konbit.TypeDecision)}); err != nil {
		t.Fatal(err)
	}
	syncPair(t, a, b)
	if n := rawCount(t, pb, "decisions_fts"); n != 1 || find(t, b, "budget") != 0 {
		t.Errorf("after delete: %d index rows", n)
	}
	// Words are quoted: nothing is FTS5 syntax.
	for _, w := range [][]string{{`"`}, {`*`}, {"a OR b"}, {"NEAR(x"}, {"title:x"}, {`x"*`}, {""}} {
		if _, err := b.SearchDecisions(ctx, sqlite.DecisionFilter{Words: w}); err != nil {
			t.Errorf("words %q: %v", w, err)
		}
	}
}

// A store built before the register had its index (decisions projection
// version 1, without rowid) gets the index at the next open.
func TestDecisionIndexBuiltForAnOlderStore(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/k.db"
	db, err := sqlite.Open(ctx, path, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Commit(ctx, []crdt.Op{decisionOp(crdt.NewID(), "Embauches", "Deux.")}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DROP TABLE decisions_fts`, `DROP TABLE decisions`,
		`CREATE TABLE decisions (id BLOB PRIMARY KEY, meeting BLOB NOT NULL, body BLOB NOT NULL, date TEXT NOT NULL, status TEXT NOT NULL, title TEXT NOT NULL) WITHOUT ROWID`,
		`UPDATE projections SET version = 1 WHERE name = 'decisions'`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	db, err = sqlite.Open(ctx, path, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if find(t, db, "embauche") != 1 {
		t.Error("the index was not built at open")
	}
}
