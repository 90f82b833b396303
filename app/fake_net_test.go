package app

import (
	"context"
	"errors"
	"sync"

	"github.com/konbit/konbit/sync/agent"
)

// fakeNet stands in for the sync agent: a status the test sets, and a
// record of what the screens asked for.
type fakeNet struct {
	mu      sync.Mutex
	st      agent.Status
	changed chan struct{}

	enabled []bool
	folders []string
	syncs   []string
	syncErr error

	// Pair shows pairReq, then waits for pairDone (or its ctx).
	pairReq  agent.PairRequest
	pairDone chan pairOutcome
	// Join asks for codes until one equals joinCode (three tries).
	joinAddr  string
	joinCode  string
	joinCodes []string
	joinRes   agent.PairResult
}

type pairOutcome struct {
	res agent.PairResult
	err error
}

// errWrongCodes is the fake's error after three wrong codes.
var errWrongCodes = errors.New("three wrong codes: the pairing window is closed")

func newFakeNet(st agent.Status) *fakeNet {
	return &fakeNet{st: st, changed: make(chan struct{}), pairDone: make(chan pairOutcome, 1)}
}

func (f *fakeNet) Status() agent.Status {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.st
}

func (f *fakeNet) Changed() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.changed
}

// set changes the status and tells the watchers.
func (f *fakeNet) set(change func(*agent.Status)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change(&f.st)
	close(f.changed)
	f.changed = make(chan struct{})
}

func (f *fakeNet) SetEnabled(on bool) error {
	f.mu.Lock()
	f.enabled = append(f.enabled, on)
	f.mu.Unlock()
	f.set(func(st *agent.Status) { st.Enabled = on })
	return nil
}

func (f *fakeNet) SyncNow(ctx context.Context, addr string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.syncs = append(f.syncs, addr)
	return f.syncErr
}

func (f *fakeNet) Pair(ctx context.Context, onCode func(agent.PairRequest)) (agent.PairResult, error) {
	onCode(f.pairReq)
	select {
	case o := <-f.pairDone:
		return o.res, o.err
	case <-ctx.Done():
		return agent.PairResult{}, ctx.Err()
	}
}

func (f *fakeNet) Join(ctx context.Context, addr string, code func(ctx context.Context) (string, error)) (agent.PairResult, error) {
	f.mu.Lock()
	f.joinAddr = addr
	f.mu.Unlock()
	for range 3 {
		c, err := code(ctx)
		if err != nil {
			return agent.PairResult{}, err
		}
		f.mu.Lock()
		f.joinCodes = append(f.joinCodes, c)
		f.mu.Unlock()
		if c == f.joinCode {
			return f.joinRes, nil
		}
	}
	return agent.PairResult{}, errWrongCodes
}

func (f *fakeNet) SetFolder(dir string) error {
	f.mu.Lock()
	f.folders = append(f.folders, dir)
	f.mu.Unlock()
	f.set(func(st *agent.Status) { st.Folder = dir })
	return nil
}

// calls reads what was asked, under the lock.
func (f *fakeNet) calls() (enabled []bool, folders, syncs, codes []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]bool(nil), f.enabled...), append([]string(nil), f.folders...),
		append([]string(nil), f.syncs...), append([]string(nil), f.joinCodes...)
}
