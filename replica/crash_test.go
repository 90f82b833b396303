package replica_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
)

// TestCrashChild is the child process of TestCrashDuringImport: it imports
// a bundle and is killed somewhere along the way. It does nothing when run
// normally.
func TestCrashChild(t *testing.T) {
	dir, bundlePath := os.Getenv("KONBIT_CRASH_DIR"), os.Getenv("KONBIT_CRASH_BUNDLE")
	if dir == "" {
		t.Skip("child of TestCrashDuringImport only")
	}
	ctx := context.Background()
	r, err := replica.Open(ctx, dir, sqlite.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	fmt.Println("ready")
	if _, err := r.ImportFile(ctx, bundlePath, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(4)
	}
	r.Close()
	os.Exit(0)
}

func dumpOf(t *testing.T, dir string) string {
	t.Helper()
	r, err := replica.Open(context.Background(), dir, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.Dump(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCrashDuringImport kills a child process at random points of a large
// import. Afterwards the database passes PRAGMA integrity_check and holds
// either all of the bundle or none of it, and the data it had before is
// intact.
func TestCrashDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	ctx := context.Background()
	// Sender with a sizeable history; receiver with data of its own.
	src, _ := replica.Open(ctx, t.TempDir(), sqlite.Options{Synchronous: "OFF"})
	defer src.Close()
	for b := 0; b < 80; b++ {
		var ops []crdt.Op
		for i := 0; i < 500; i++ {
			ops = append(ops, crdt.Set(crdt.NewID(), "item", crdt.Field{Name: "v", Value: []byte(fmt.Sprintf("%d", b*1000+i))}))
		}
		if _, err := src.Commit(ctx, ops...); err != nil {
			t.Fatal(err)
		}
	}
	bundlePath := filepath.Join(t.TempDir(), "big.konbit")
	if _, err := src.ExportFile(ctx, bundlePath, nil, nil); err != nil {
		t.Fatal(err)
	}
	pristine := t.TempDir()
	dst, err := replica.Open(ctx, pristine, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dst.AddMember(ctx, memberNamed("Déjà Là")); err != nil {
		t.Fatal(err)
	}
	pair(t, src, dst)
	dst.Close()
	before := dumpOf(t, pristine)

	// Time an uninterrupted import (from the child's "ready", once its
	// database is open) to spread the kills over it.
	full := t.TempDir()
	copyDir(t, pristine, full)
	cmd := childCmd(full, bundlePath)
	ready := startChild(t, cmd)
	<-ready
	start := time.Now()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("uninterrupted child: %v", err)
	}
	span := time.Since(start)
	after := dumpOf(t, full)
	if after == before {
		t.Fatal("import changed nothing")
	}

	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	var sawNone, sawAll int
	for trial := 0; trial < 12; trial++ {
		dir := t.TempDir()
		copyDir(t, pristine, dir)
		cmd := childCmd(dir, bundlePath)
		<-startChild(t, cmd)
		time.Sleep(time.Duration(rng.Int63n(int64(span))))
		cmd.Process.Kill()
		cmd.Wait()
		switch got := dumpOf(t, dir); got {
		case before:
			sawNone++
		case after:
			sawAll++
		default:
			t.Fatalf("trial %d: database holds part of the bundle", trial)
		}
	}
	t.Logf("killed 12 imports over %v: %d kept nothing, %d had committed", span, sawNone, sawAll)
}

// startChild starts cmd and returns a channel closed when it has printed
// "ready" (its database is open and the import begins).
func startChild(t *testing.T, cmd *exec.Cmd) <-chan struct{} {
	t.Helper()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		closed := false
		for sc.Scan() {
			if sc.Text() == "ready" && !closed {
				close(ready)
				closed = true
			}
		}
		if !closed {
			close(ready)
		}
	}()
	return ready
}

func childCmd(dir, bundlePath string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "KONBIT_CRASH_DIR="+dir, "KONBIT_CRASH_BUNDLE="+bundlePath)
	return cmd
}
