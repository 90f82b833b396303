package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

// screenID numbers the screens in navigation order (Ctrl+1 is the first).
type screenID int

const (
	screenMeetings screenID = iota
	screenDecisions
	screenEvaluations
	screenMembers
	screenSync
	screenSettings
	screenCount
)

// shortcut is a keyboard shortcut of the main window.
type shortcut struct {
	sc     *desktop.CustomShortcut
	action func()
}

// buildNav creates the screens and the sidebar that switches between them.
func (u *UI) buildNav(ctx context.Context) *container.AppTabs {
	u.members = newMembersScreen(u, ctx)
	u.committees = newCommitteesScreen(u, ctx)
	u.sync = newSyncScreen(u, ctx)
	u.settings = newSettingsScreen(u)
	u.meetings = newMeetingsScreen(u, ctx)
	u.meetingsTab = container.NewStack(u.meetings.content())
	u.decisions = newDecisionsScreen(u, ctx)
	evaluations := newEvalScreen(u, ctx)

	people := container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("members.tab.list"), theme.AccountIcon(), u.members.content()),
		container.NewTabItemWithIcon(lang.L("members.tab.committees"), theme.GridIcon(), u.committees.content()),
	)
	u.peopleTabs = people
	tabs := container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("nav.meetings"), theme.CalendarIcon(), u.meetingsTab),
		container.NewTabItemWithIcon(lang.L("nav.decisions"), theme.DocumentIcon(), u.decisions.content()),
		container.NewTabItemWithIcon(lang.L("nav.evaluations"), theme.ListIcon(), evaluations.content()),
		container.NewTabItemWithIcon(lang.L("nav.members"), theme.AccountIcon(), people),
		container.NewTabItemWithIcon(lang.L("nav.sync"), theme.MailForwardIcon(), u.sync.content()),
		container.NewTabItemWithIcon(lang.L("nav.settings"), theme.SettingsIcon(), u.settings.content()),
	)
	tabs.SetTabLocation(container.TabLocationLeading)
	tabs.OnSelected = func(*container.TabItem) {
		u.current = screenID(tabs.SelectedIndex())
		u.decisions.shown()
	}
	return tabs
}

// showScreen switches to a screen.
func (u *UI) showScreen(id screenID) {
	if id < 0 || id >= screenCount || u.tabs == nil {
		return
	}
	u.current = id
	u.tabs.SelectIndex(int(id))
	if u.decisions != nil {
		u.decisions.shown()
	}
}

// addShortcuts binds Ctrl+1..Ctrl+6 to the screens and Ctrl+Q to quitting.
// They are bound on the canvas and, so that they also work while a text
// field has the focus, in the main menu.
func (u *UI) addShortcuts() {
	keys := [screenCount]fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6}
	for i, k := range keys {
		id := screenID(i)
		u.shortcuts = append(u.shortcuts, shortcut{
			sc:     &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault},
			action: func() { u.showScreen(id) },
		})
	}
	u.shortcuts = append(u.shortcuts,
		shortcut{sc: &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}, action: u.doQuit},
		shortcut{sc: &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}, action: u.focusSearch},
	)
	for _, s := range u.shortcuts {
		action := s.action
		u.win.Canvas().AddShortcut(s.sc, func(fyne.Shortcut) { action() })
	}
}

// doQuit ends the application cleanly: the caller of ShowAndRun closes
// the replica.
func (u *UI) doQuit() {
	u.close()
	u.quit()
}

// focusSearch puts the cursor in the search box of the decision register
// when the Decisions screen is shown; elsewhere it shows the member list
// and puts the cursor in its search box.
func (u *UI) focusSearch() {
	if u.current == screenDecisions && u.decisions != nil {
		u.decisions.focusSearch()
		return
	}
	u.showScreen(screenMembers)
	if u.members != nil {
		u.peopleTabs.SelectIndex(0)
		u.members.focusSearch()
	}
}

// mainMenu lists the screens and actions with their shortcuts.
func (u *UI) mainMenu() *fyne.MainMenu {
	sc := func(name fyne.KeyName) fyne.Shortcut {
		for _, s := range u.shortcuts {
			if s.sc.KeyName == name {
				return s.sc
			}
		}
		return nil
	}
	item := func(label string, key fyne.KeyName, action func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, action)
		it.Shortcut = sc(key)
		return it
	}
	quit := item(lang.L("menu.quit"), fyne.KeyQ, u.doQuit)
	quit.IsQuit = true
	file := fyne.NewMenu(lang.L("menu.file"),
		fyne.NewMenuItem(lang.L("sync.export"), func() { u.showScreen(screenSync); u.sync.export() }),
		fyne.NewMenuItem(lang.L("sync.import"), func() { u.showScreen(screenSync); u.sync.importBundle() }),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	goTo := fyne.NewMenu(lang.L("menu.go"),
		item(lang.L("nav.meetings"), fyne.Key1, func() { u.showScreen(screenMeetings) }),
		item(lang.L("nav.decisions"), fyne.Key2, func() { u.showScreen(screenDecisions) }),
		item(lang.L("nav.evaluations"), fyne.Key3, func() { u.showScreen(screenEvaluations) }),
		item(lang.L("nav.members"), fyne.Key4, func() { u.showScreen(screenMembers) }),
		item(lang.L("nav.sync"), fyne.Key5, func() { u.showScreen(screenSync) }),
		item(lang.L("nav.settings"), fyne.Key6, func() { u.showScreen(screenSettings) }),
		fyne.NewMenuItemSeparator(),
		item(lang.L("menu.search"), fyne.KeyF, u.focusSearch),
	)
	return fyne.NewMainMenu(file, goTo)
}
