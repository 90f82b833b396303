package bundle

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// verifyChunk is how many consecutive changes a worker takes at a time.
const verifyChunk = 32

// progressInterval is how often Verify reports progress.
const progressInterval = 100 * time.Millisecond

// Verify checks every change of b: its origin's key is in b.Keys, the key
// belongs to the origin, and the signature is valid (crdt.Change.Verify).
// It uses runtime.GOMAXPROCS workers, since Ed25519 verification is the
// cost, and reports the lowest-index bad change whatever the scheduling,
// as an error wrapping ErrSignature and the crdt error
// (crdt.ErrWrongKey or crdt.ErrBadSignature). If progress is set it is
// called on the calling goroutine, about every 100 ms, and once at the
// end if every change is valid, with the number of changes checked and the
// number in the bundle.
func Verify(b *Bundle, progress func(done, total int64)) error {
	if b == nil {
		return fmt.Errorf("%w: cannot verify a nil bundle", ErrSignature)
	}
	n := len(b.Changes)
	workers := min(runtime.GOMAXPROCS(0), (n+verifyChunk-1)/verifyChunk)
	if workers <= 1 && progress == nil {
		return verifyRange(b, 0, n, nil)
	}
	workers = max(workers, 1)

	var (
		next     atomic.Int64 // start of the next chunk to hand out
		done     atomic.Int64 // changes checked
		lowest   atomic.Int64 // index of the lowest bad change found, or n
		mu       sync.Mutex
		lowErr   error
		wg       sync.WaitGroup
		finished = make(chan struct{})
	)
	lowest.Store(int64(n))
	for range workers {
		wg.Go(func() {
			for {
				start := next.Add(verifyChunk) - verifyChunk
				if start >= int64(n) || start > lowest.Load() {
					return // every change left is after a bad one
				}
				end := min(start+verifyChunk, int64(n))
				var bad int64 = -1
				err := verifyRange(b, int(start), int(end), &bad)
				if err == nil {
					done.Add(end - start)
					continue
				}
				done.Add(bad - start)
				mu.Lock()
				if bad < lowest.Load() {
					lowest.Store(bad)
					lowErr = err
				}
				mu.Unlock()
			}
		})
	}
	go func() { wg.Wait(); close(finished) }()

	var tick <-chan time.Time
	if progress != nil {
		t := time.NewTicker(progressInterval)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-tick:
			progress(done.Load(), int64(n))
		case <-finished:
			if progress != nil && lowErr == nil {
				progress(int64(n), int64(n))
			}
			return lowErr
		}
	}
}

// verifyRange checks changes [start, end) in order and returns the error of
// the first bad one, storing its index in *bad if bad is not nil.
func verifyRange(b *Bundle, start, end int, bad *int64) error {
	for i := start; i < end; i++ {
		c := &b.Changes[i]
		key, ok := b.Keys[c.Origin]
		var err error
		if !ok {
			err = fmt.Errorf("%w (change %d of the bundle): change %s/%d: the bundle has no key for its origin device",
				ErrSignature, i, c.Origin.Short(), c.Seq)
		} else if verr := c.Verify(key); verr != nil {
			err = fmt.Errorf("%w (change %d of the bundle): %w", ErrSignature, i, verr)
		}
		if err != nil {
			if bad != nil {
				*bad = int64(i)
			}
			return err
		}
	}
	return nil
}
