// Package app is Konbit's desktop user interface (Fyne). It talks only to a
// *replica.Replica: every screen reads from it and refreshes itself when the
// replica's data changes, whether by a local edit or by a bundle merged from
// another laptop.
//
// Threading: Fyne widgets may only be touched on the Fyne thread. Code that
// runs in a goroutine (watchers, export and import) hands its widget updates
// to UI.post, which is fyne.Do in the application.
package app

import (
	"context"
	"github.com/konbit/konbit/evaluation/seal"
	"log"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"github.com/google/uuid"

	"github.com/konbit/konbit/assets"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sync/agent"
)

// Local settings (replica DB, never replicated).
const (
	settingLanguage  = "language"  // "auto" (or empty), "fr", "en"
	settingTextSize  = "text_size" // "normal" (or empty), "large", "xlarge"
	settingSyncDir   = "sync_dir"  // last folder used for bundles
	windowTitle      = "Konbit"
	defaultWinWidth  = 1024
	defaultWinHeight = 768
)

// UI is Konbit's main window and its screens.
type UI struct {
	app fyne.App
	r   *replica.Replica
	win fyne.Window
	// net is the background sync over the local network, nil when the
	// app runs without it: the Sync screen then says it is unavailable.
	net agent.Service

	// post runs f on the Fyne thread (fyne.Do); tests queue instead.
	post func(f func())
	// quit ends the application (fyne.App.Quit).
	quit func()

	ctx    context.Context // the window's lifetime
	cancel context.CancelFunc
	// viewCancel stops the watchers of the current screens, which are
	// rebuilt when the language changes.
	viewCancel context.CancelFunc
	// bg counts background work on the replica (export, import, writes),
	// which must end before the replica is closed.
	bg sync.WaitGroup
	// edits serializes the writes that read a record and write it back
	// changed (updateMeeting, a step of a proposal): two in a row must not
	// both start from the same old copy, or the second would undo the first.
	edits sync.Mutex
	// floorSavers keep, per meeting, the order of the floor's background
	// saves and the floor last handed to them, which a live screen opened
	// again starts from (live_floor.go). Fyne thread only.
	floorSavers map[uuid.UUID]*floorSaver

	langSetting string // as stored: auto, fr or en
	language    string // shown: fr or en
	textSize    string

	// clock is the time the screens show and stamp (time.Now unless a
	// test sets it): see now.
	clock func() time.Time
	// keyParams are the Argon2id costs of an HR key made here; zero means
	// seal.DefaultParams (tests make them cheap).
	keyParams seal.Params

	tabs       *container.AppTabs
	peopleTabs *container.AppTabs
	// meetingsTab holds the Meetings screen, or a live meeting in place of
	// it while one runs (openLive, closeLive).
	meetingsTab *fyne.Container
	meetings    *meetingsScreen
	live        *liveScreen
	current     screenID
	shortcuts   []shortcut
	members     *membersScreen
	committees  *committeesScreen
	decisions   *decisionsScreen
	sync        *syncScreen
	settings    *settingsScreen
}

// New builds Konbit's main window for the replica r, in the language and
// text size stored in r's local settings. Call ShowAndRun to run it.
func New(a fyne.App, r *replica.Replica) *UI {
	return NewWithSync(a, r, nil)
}

// NewWithSync is New with the background sync service net, whose state
// the Sync screen shows and whose switches are in Settings (nil: none).
func NewWithSync(a fyne.App, r *replica.Replica, net agent.Service) *UI {
	u := newUIWithSync(a, r, net, fyne.Do)
	u.showNotices()
	t := time.NewTicker(catchUpEvery)
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		defer t.Stop()
		u.catchUp(t.C)
	}()
	return u
}

// catchUpEvery is how often the app looks for changes that another process
// (the command line, a script) committed to its database.
const catchUpEvery = 2 * time.Second

// catchUp merges such changes into the live view at each tick, until the
// window closes; the screens' watchers then refresh them.
func (u *UI) catchUp(ticks <-chan time.Time) {
	for {
		select {
		case <-u.ctx.Done():
			return
		case <-ticks:
			if _, err := u.r.CatchUp(u.ctx); err != nil && u.ctx.Err() == nil {
				log.Printf("konbit: look for changes made by another program: %v", err)
			}
		}
	}
}

func newUI(a fyne.App, r *replica.Replica, post func(func())) *UI {
	return newUIWithSync(a, r, nil, post)
}

// newUIWithSync sets net before the screens are built, which read it.
func newUIWithSync(a fyne.App, r *replica.Replica, net agent.Service, post func(func())) *UI {
	u := &UI{app: a, r: r, net: net, post: post, quit: a.Quit, current: screenMembers}
	u.ctx, u.cancel = context.WithCancel(context.Background())

	u.langSetting = normalizeLanguageSetting(u.setting(settingLanguage))
	if err := u.applyLanguage(); err != nil {
		log.Printf("konbit: load translations: %v", err)
	}
	u.textSize = normalizeTextSize(u.setting(settingTextSize))
	a.Settings().SetTheme(newTheme(textScale(u.textSize)))
	a.SetIcon(assets.Icon())

	u.win = a.NewWindow(windowTitle)
	// Closing the main window quits, even with the projector open.
	u.win.SetMaster()
	u.win.SetIcon(assets.Icon())
	u.win.Resize(fyne.NewSize(defaultWinWidth, defaultWinHeight))
	u.win.SetOnClosed(u.close)
	u.addShortcuts()
	u.rebuild()
	return u
}

// Window is the main window.
func (u *UI) Window() fyne.Window { return u.win }

// ShowAndRun shows the main window and runs the application until it quits
// (Ctrl+Q, the Quit menu item or closing the window). When it returns, no
// work of the UI uses the replica any more: the caller may close it.
func (u *UI) ShowAndRun() {
	u.win.ShowAndRun()
	u.close()
	u.bg.Wait() // an export or import in progress is cancelled: a cancelled import changes nothing
}

// close stops every watcher, and a live meeting: its speaker's timer is
// paused and the floor saved, so that the time the app is closed is
// nobody's speaking time. It may run twice (the window's close, then
// ShowAndRun).
func (u *UI) close() {
	if u.live != nil {
		u.closeLive()
	}
	if u.viewCancel != nil {
		u.viewCancel()
	}
	u.cancel()
}

// rebuild (re)creates every screen, in the current language, keeping the
// screen that was shown and a live meeting running (with its projector):
// a change of language or text size in the middle of a meeting must not
// stop the speaker's timer.
func (u *UI) rebuild() {
	var live uuid.UUID
	projector := false
	if s := u.live; s != nil {
		live, projector = s.id, s.projector != nil
		s.stop()
		u.live = nil
	}
	if u.viewCancel != nil {
		u.viewCancel()
	}
	var ctx context.Context
	ctx, u.viewCancel = context.WithCancel(u.ctx)
	u.tabs = u.buildNav(ctx)
	u.win.SetContent(u.tabs)
	u.win.SetMainMenu(u.mainMenu())
	u.showScreen(u.current)
	if live != uuid.Nil {
		u.startLive(live, false)
		if projector {
			u.live.toggleProjector()
		}
	}
}

// setting reads a local setting, logging a failure.
func (u *UI) setting(key string) string {
	v, err := u.r.Setting(u.ctx, key)
	if err != nil {
		log.Printf("konbit: %v", err)
	}
	return v
}

// saveSetting stores a local setting, telling the user on failure.
func (u *UI) saveSetting(key, value string) bool {
	if err := u.r.SetSetting(u.ctx, key, value); err != nil {
		u.showError(lang.L("error.save_setting"), err)
		return false
	}
	return true
}
