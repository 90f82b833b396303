package app

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/agent"
)

// postQueue stands in for fyne.Do: the test driver would run posted
// functions at once on the posting goroutine, racing with the test. Here
// they wait until the test runs them, on its own goroutine.
type postQueue struct {
	mu  sync.Mutex
	fns []func()
}

func (q *postQueue) post(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
}

// drain runs the queued functions (and those they queue); it reports
// whether there were any.
func (q *postQueue) drain() bool {
	ran := false
	for {
		q.mu.Lock()
		fns := q.fns
		q.fns = nil
		q.mu.Unlock()
		if len(fns) == 0 {
			return ran
		}
		ran = true
		for _, f := range fns {
			f()
		}
	}
}

type testUI struct {
	*UI
	t     *testing.T
	q     *postQueue
	quits int
}

// newTestUI opens a fresh replica and builds the UI on the test driver,
// in language ("fr", "en" or "auto"). setup, if set, runs on the replica
// first.
func newTestUI(t *testing.T, language string, setup func(*replica.Replica)) *testUI {
	t.Helper()
	return newTestUIWith(t, language, setup, nil)
}

// newTestUIWith is newTestUI with a network sync service (a fake), given
// before the screens are built, as the app does.
func newTestUIWith(t *testing.T, language string, setup func(*replica.Replica), net agent.Service) *testUI {
	t.Helper()
	a := test.NewTempApp(t)
	r := openReplica(t)
	if language != "" {
		if err := r.SetSetting(context.Background(), settingLanguage, language); err != nil {
			t.Fatal(err)
		}
	}
	if setup != nil {
		setup(r)
	}
	q := &postQueue{}
	tu := &testUI{t: t, q: q}
	tu.UI = newUIWithSync(a, r, net, q.post)
	tu.quit = func() { tu.quits++ }
	t.Cleanup(func() {
		tu.close()
		tu.bg.Wait()
	})
	tu.win.Resize(fyne.NewSize(defaultWinWidth, defaultWinHeight))
	return tu
}

func openReplica(t *testing.T) *replica.Replica {
	t.Helper()
	r, err := replica.Open(context.Background(), t.TempDir(), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func loadSample(r *replica.Replica) {
	if err := r.LoadSample(context.Background()); err != nil {
		panic(err)
	}
}

// eventually runs queued UI updates until cond holds.
func (tu *testUI) eventually(what string, cond func() bool) {
	tu.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		tu.q.drain()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			tu.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// settle waits until the watchers have caught up with the replica: no
// update is queued for a little while.
func (tu *testUI) settle() {
	quiet := 0
	for quiet < 10 {
		if tu.q.drain() {
			quiet = 0
		} else {
			quiet++
		}
		time.Sleep(3 * time.Millisecond)
	}
}

// objects lists everything drawn in o, widgets' insides included.
func objects(o fyne.CanvasObject) []fyne.CanvasObject {
	return test.LaidOutObjects(o)
}

// find returns the widgets of type T in o that match.
func find[T fyne.CanvasObject](o fyne.CanvasObject, match func(T) bool) []T {
	var out []T
	for _, obj := range objects(o) {
		if w, ok := obj.(T); ok && obj.Visible() && (match == nil || match(w)) {
			out = append(out, w)
		}
	}
	return out
}

// button finds the visible button labelled text in o.
func (tu *testUI) button(o fyne.CanvasObject, text string) *widget.Button {
	tu.t.Helper()
	bs := find(o, func(b *widget.Button) bool { return b.Text == text })
	if len(bs) == 0 {
		tu.t.Fatalf("no button %q", text)
	}
	return bs[0]
}

// topOverlay is the dialog on top of the window.
func (tu *testUI) topOverlay() fyne.CanvasObject {
	tu.t.Helper()
	top := tu.win.Canvas().Overlays().Top()
	if top == nil {
		tu.t.Fatal("no dialog shown")
	}
	return top
}

// dialogText is all the label text of the top dialog.
func (tu *testUI) dialogText() string {
	var parts []string
	for _, l := range find[*widget.Label](tu.topOverlay(), nil) {
		parts = append(parts, l.Text)
	}
	return strings.Join(parts, "\n")
}

// selectMember opens a member's form from the list, as a click would.
func (tu *testUI) selectMember(name string) *memberForm {
	tu.t.Helper()
	for i, m := range tu.members.shown {
		if m.Name == name {
			tu.members.list.Select(i)
			if tu.members.form == nil || tu.members.form.id != m.ID {
				tu.t.Fatalf("selecting %s did not open their form", name)
			}
			return tu.members.form
		}
	}
	tu.t.Fatalf("%s is not in the list", name)
	return nil
}

func memberNamed(t *testing.T, r *replica.Replica, name string) konbit.Member {
	t.Helper()
	m, err := r.FindMember(name)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func committeeNamed(t *testing.T, r *replica.Replica, name string) konbit.Committee {
	t.Helper()
	c, err := r.FindCommittee(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// seatsOf lists a member's committees (name → occasional).
func seatsOf(r *replica.Replica, member konbit.Member) map[string]bool {
	cs, _ := r.Committees()
	names := map[[16]byte]string{}
	for _, c := range cs {
		names[c.ID] = c.Name
	}
	ms, _ := r.Memberships()
	out := map[string]bool{}
	for _, m := range ms {
		if m.Member == member.ID {
			out[names[m.Committee]] = m.Occasional
		}
	}
	return out
}

// systemLocale makes the system locale (as Fyne reads it on Linux) loc.
func systemLocale(t *testing.T, loc string) {
	for _, v := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES"} {
		t.Setenv(v, "")
	}
	t.Setenv("LANG", loc)
}

// save taps the member form's Save button and waits for the write, which
// runs off the Fyne thread, and for its outcome to be shown.
func (tu *testUI) save(f *memberForm) {
	tu.t.Helper()
	test.Tap(f.save)
	tu.bg.Wait()
	tu.q.drain()
}
