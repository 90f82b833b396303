package app

import (
	"context"
	"reflect"
)

// watch keeps a screen up to date with the replica. load reads the data
// and updates the widgets; it runs on the Fyne thread, now and then again
// each time one of the channels it returned is closed (the replica closes
// them when their data changes: a local edit or a bundle merged from
// another laptop), until ctx is done. watch must be called on the Fyne
// thread.
func (u *UI) watch(ctx context.Context, load func() []<-chan struct{}) {
	chans := load()
	go func() {
		for {
			if !waitAny(ctx, chans) {
				return
			}
			next := make(chan []<-chan struct{}, 1)
			u.post(func() {
				if ctx.Err() != nil {
					close(next)
					return
				}
				next <- load()
			})
			select {
			case c, ok := <-next:
				if !ok {
					return
				}
				chans = c
			case <-ctx.Done():
				return
			}
		}
	}()
}

// waitAny waits until one of chans is closed (true) or ctx is done (false).
func waitAny(ctx context.Context, chans []<-chan struct{}) bool {
	cases := make([]reflect.SelectCase, 0, len(chans)+1)
	cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ctx.Done())})
	for _, c := range chans {
		if c != nil {
			cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(c)})
		}
	}
	chosen, _, _ := reflect.Select(cases)
	return chosen != 0
}
