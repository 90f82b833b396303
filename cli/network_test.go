package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/agent"
	"github.com/konbit/konbit/sync/discover"
)

// freeAddr is a loopback address with a port nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// syncBuffer is a bytes.Buffer safe for a command writing while the test
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func netEnv(stdin io.Reader, stdout, stderr io.Writer) *Env {
	return &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Store: sqlite.Options{Synchronous: "OFF"}, KeyParams: testKeyParams(),
		Net: agent.Options{Discover: discover.Options{DisableMDNS: true, DisableBeacon: true}}}
}

var codeLine = regexp.MustCompile(`(?m)^code: ([0-9]{6})$`)

// The member's laptop listens and prints the code; the new laptop reads it
// on stdin; both exit 0, each on the other's roster; then serve and sync
// by address exchange what was written since, and a stranger is refused.
func TestPairServeSyncCommands(t *testing.T) {
	member, newcomer, stranger := t.TempDir(), t.TempDir(), t.TempDir()
	run(t, "--data", member, "member", "add", "Awa")
	run(t, "--data", newcomer, "member", "add", "Bruno")
	pairAt := freeAddr(t)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var listenOut syncBuffer
	listened := make(chan int, 1)
	go func() {
		listened <- Run(ctx, []string{"--data", member, "pair", "--listen", pairAt}, netEnv(nil, &listenOut, io.Discard))
	}()
	time.Sleep(100 * time.Millisecond) // the window opens
	codeIn, codeW := io.Pipe()
	go func() {
		for ctx.Err() == nil {
			if m := codeLine.FindStringSubmatch(listenOut.String()); m != nil {
				codeW.Write([]byte(m[1] + "\n"))
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	var joinOut, joinErr bytes.Buffer
	if code := Run(ctx, []string{"--data", newcomer, "pair", "--peer", pairAt, "--code", "-"}, netEnv(bufio.NewReader(codeIn), &joinOut, &joinErr)); code != ExitOK {
		t.Fatalf("pair --peer: exit %d\n%s%s", code, joinOut.String(), joinErr.String())
	}
	if code := <-listened; code != ExitOK {
		t.Fatalf("pair --listen: exit %d\n%s", code, listenOut.String())
	}
	if !strings.Contains(joinOut.String(), "this laptop is now in the group") || !strings.Contains(listenOut.String(), "admitted") {
		t.Errorf("pair output:\n%s\n%s", listenOut.String(), joinOut.String())
	}
	for _, d := range []string{member, newcomer} {
		if out := run(t, "--data", d, "member", "list").stdout; !strings.Contains(out, "Awa") || !strings.Contains(out, "Bruno") {
			t.Errorf("after pairing, %s lists:\n%s", d, out)
		}
	}

	// serve on the member's laptop; sync from the newcomer by address.
	run(t, "--data", member, "member", "add", "Chloé")
	serveAt := freeAddr(t)
	sctx, stop := context.WithCancel(ctx)
	served := make(chan int, 1)
	var serveOut syncBuffer
	go func() {
		served <- Run(sctx, []string{"--data", member, "serve", "--listen", serveAt}, netEnv(nil, &serveOut, io.Discard))
	}()
	time.Sleep(200 * time.Millisecond)
	if r := run(t, "--data", newcomer, "sync", "--peer", serveAt, "--timeout", "20s"); r.code != ExitOK || !strings.Contains(r.stdout, "synced with") {
		t.Fatalf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if out := run(t, "--data", newcomer, "member", "list").stdout; !strings.Contains(out, "Chloé") {
		t.Errorf("the newcomer lacks what the member wrote after pairing:\n%s", out)
	}
	// A stranger is refused, exit 1 with the reason.
	if r := run(t, "--data", stranger, "sync", "--peer", serveAt, "--timeout", "10s"); r.code != ExitError || !strings.Contains(r.stderr, "not on this group's roster") {
		t.Errorf("stranger's sync: exit %d\n%s", r.code, r.stderr)
	}
	// Without an address, discovery finds nobody (the member's laptop
	// serves on loopback only, and announces nothing): exit 1.
	if r := run(t, "--data", newcomer, "sync", "--timeout", "2s"); r.code != ExitError || !strings.Contains(r.stderr, "no laptop of the group was found") && !strings.Contains(r.stderr, "discovery") {
		t.Errorf("sync with nobody around: exit %d\n%s", r.code, r.stderr)
	}
	stop()
	if code := <-served; code != ExitOK {
		t.Errorf("serve: exit %d\n%s", code, serveOut.String())
	}
}
