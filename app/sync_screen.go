package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sync/crdt"
)

// bundleExt is the extension of bundle files.
const bundleExt = ".konbit"

// deviceColumns: device, changes held, gaps, last seen.
var deviceColumns = &columns{
	weights: []float32{3, 1.6, 2.8, 2},
	minEm:   []float32{13, 4, 8, 8},
	drop:    []int{2, 3, 1},
}

// syncScreen shows this laptop's identity, the devices it has heard of,
// clock warnings, and exports and imports bundles (files carried on a USB
// stick from laptop to laptop).
type syncScreen struct {
	u   *UI
	ctx context.Context

	net       *netSection // the local network (sync_network.go)
	shortID   *widget.Label
	fullID    *widget.Label
	fullHex   string
	warnings  *fyne.Container
	devRows   *fyne.Container
	exportBtn *widget.Button
	importBtn *widget.Button
	progress  *fyne.Container
	phase     *widget.Label
	bar       *widget.ProgressBar
	result    *fyne.Container
	busy      bool
	body      *fyne.Container
	root      fyne.CanvasObject
}

func newSyncScreen(u *UI, ctx context.Context) *syncScreen {
	s := &syncScreen{u: u, ctx: ctx}

	s.shortID = heading("")
	s.fullID = widget.NewLabel("")
	s.fullID.Selectable = true
	s.fullID.Truncation = fyne.TextTruncateEllipsis
	copyBtn := widget.NewButtonWithIcon(lang.L("sync.copy_id"), theme.ContentCopyIcon(), func() {
		u.app.Clipboard().SetContent(s.fullHex)
	})
	identity := container.NewVBox(
		subheading(lang.L("sync.this_laptop")),
		s.shortID,
		container.NewBorder(nil, nil, widget.NewLabel(lang.L("sync.full_id")), copyBtn, s.fullID),
		caption(lang.L("sync.id_hint")),
	)

	s.warnings = container.NewVBox()
	s.warnings.Hide()

	s.exportBtn = widget.NewButtonWithIcon(lang.L("sync.export"), theme.UploadIcon(), s.export)
	s.exportBtn.Importance = widget.HighImportance
	s.importBtn = widget.NewButtonWithIcon(lang.L("sync.import"), theme.DownloadIcon(), s.importBundle)
	s.importBtn.Importance = widget.HighImportance
	s.phase = widget.NewLabel("")
	s.bar = widget.NewProgressBar()
	s.progress = container.NewVBox(s.phase, s.bar)
	s.progress.Hide()
	s.result = container.NewVBox()
	s.result.Hide()
	actions := container.NewVBox(
		subheading(lang.L("sync.bundles")),
		paragraph(lang.L("sync.bundles_hint")),
		container.NewHBox(s.exportBtn, s.importBtn),
		s.progress, s.result,
	)

	header := row(deviceColumns, cell(lang.L("sync.col.device"), true), cell(lang.L("sync.col.seq"), true),
		cell(lang.L("sync.col.gaps"), true), cell(lang.L("sync.col.last_seen"), true))
	s.devRows = container.NewVBox()
	devices := container.NewVBox(subheading(lang.L("sync.devices")), caption(lang.L("sync.devices_hint")),
		header, widget.NewSeparator(), s.devRows)

	s.net = newNetSection(u, ctx)
	s.body = container.NewVBox(s.warnings, s.net.root, widget.NewSeparator(), identity, widget.NewSeparator(),
		actions, widget.NewSeparator(), devices)
	s.root = container.NewVScroll(container.NewPadded(s.body))
	u.watch(ctx, s.load)
	return s
}

func (s *syncScreen) content() fyne.CanvasObject { return s.root }

// load reads the devices; any change of the replica may change them.
func (s *syncScreen) load() []<-chan struct{} {
	ch := s.u.r.Changed()
	devs, err := s.u.r.Devices(s.ctx)
	if err != nil {
		fyne.LogError("konbit: list devices", err)
	}
	s.setDevices(s.u.r.Device(), devs)
	return []<-chan struct{}{ch}
}

// setDevices shows this laptop's id, the known devices and the clock
// warnings.
func (s *syncScreen) setDevices(self crdt.DeviceID, devs []replica.Device) {
	selfName := ""
	for _, d := range devs {
		if d.Self {
			selfName = d.Name
		}
	}
	s.shortID.SetText(deviceLabel(self, selfName))
	s.fullHex = self.String()
	s.fullID.SetText(s.fullHex)

	s.devRows.Objects = s.devRows.Objects[:0]
	var warnings []fyne.CanvasObject
	for _, d := range devs {
		name := deviceLabel(d.ID, d.Name)
		if d.Self {
			// Its id is shown above: the name, if any, is enough here.
			if d.Name != "" {
				name = d.Name
			}
			name = lang.L("sync.device_self", map[string]any{"Device": name})
		}
		gaps := lang.L("sync.no_gap")
		if d.MaxSeq > d.Seq {
			gaps = lang.L("sync.gap", map[string]any{"Max": d.MaxSeq, "Missing": d.MaxSeq - d.Seq})
		}
		seen := formatTime(d.LastSeen)
		if d.Self {
			seen = "—"
		}
		s.devRows.Add(row(deviceColumns, cell(name, d.Self), cell(strconv.FormatUint(d.Seq, 10), false),
			cell(gaps, false), cell(seen, false)))
		if d.AheadBy > 0 {
			warnings = append(warnings, paragraph(lang.L("sync.clock_warning", map[string]any{
				"Device": deviceLabel(d.ID, d.Name), "Ahead": aheadText(s.u.language, d.AheadBy)})))
		}
	}
	if len(devs) == 0 {
		s.devRows.Add(caption(lang.L("sync.no_devices")))
	}
	s.devRows.Refresh()
	if len(warnings) > 0 {
		content := container.NewVBox(append([]fyne.CanvasObject{subheading(lang.L("sync.clock_title"))}, warnings...)...)
		s.warnings.Objects = []fyne.CanvasObject{banner(theme.ColorNameWarning, theme.WarningIcon(), content)}
		s.warnings.Show()
	} else {
		s.warnings.Objects = nil
		s.warnings.Hide()
	}
	s.body.Refresh()
	// Wrapped text knows its height only once laid out at its width: lay
	// out again so the banner does not overlap what follows it.
	s.root.Refresh()
}

// startLocation is the folder the file dialogs open in: the last one used.
func (s *syncScreen) startLocation() fyne.ListableURI {
	dir := s.u.setting(settingSyncDir)
	if dir == "" {
		return nil
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil
	}
	l, err := storage.ListerForURI(storage.NewFileURI(dir))
	if err != nil {
		return nil
	}
	return l
}

// bundleName is the suggested file name of an export.
func (s *syncScreen) bundleName(now time.Time) string {
	return "konbit-" + s.u.r.Device().Short() + "-" + now.Format("2006-01-02") + bundleExt
}

// export asks where to write a bundle of everything this laptop holds.
func (s *syncScreen) export() {
	if s.busy {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			s.u.showError(lang.L("sync.export_failed"), err)
			return
		}
		if w == nil {
			return // cancelled
		}
		path := w.URI().Path()
		w.Close()
		s.runExport(path)
	}, s.u.win)
	d.SetTitleText(lang.L("sync.export_title"))
	d.SetConfirmText(lang.L("sync.export_confirm"))
	d.SetDismissText(lang.L("action.cancel"))
	d.SetFileName(s.bundleName(time.Now()))
	d.SetFilter(storage.NewExtensionFileFilter([]string{bundleExt}))
	if l := s.startLocation(); l != nil {
		d.SetLocation(l)
	}
	d.Show()
}

// importBundle asks for a bundle to merge.
func (s *syncScreen) importBundle() {
	if s.busy {
		return
	}
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			s.u.showError(lang.L("sync.import_failed"), err)
			return
		}
		if rc == nil {
			return // cancelled
		}
		path := rc.URI().Path()
		rc.Close()
		s.runImport(path)
	}, s.u.win)
	d.SetTitleText(lang.L("sync.import_title"))
	d.SetConfirmText(lang.L("sync.import_confirm"))
	d.SetDismissText(lang.L("action.cancel"))
	d.SetFilter(storage.NewExtensionFileFilter([]string{bundleExt}))
	if l := s.startLocation(); l != nil {
		d.SetLocation(l)
	}
	d.Show()
}

// setBusy shows or hides the progress bar and disables the buttons while
// a bundle is read or written.
func (s *syncScreen) setBusy(busy bool) {
	s.busy = busy
	if busy {
		s.exportBtn.Disable()
		s.importBtn.Disable()
		s.bar.SetValue(0)
		s.phase.SetText("")
		s.progress.Show()
		s.result.Hide()
	} else {
		s.exportBtn.Enable()
		s.importBtn.Enable()
		s.progress.Hide()
	}
	s.body.Refresh()
}

// progressFunc reports the replica's progress on the Fyne thread, at most
// once per percent.
func (s *syncScreen) progressFunc(export bool) replica.Progress {
	var mu sync.Mutex
	lastPhase, lastPct := "", -1
	return func(phase string, done, total int64) {
		pct := 0
		if total > 0 {
			pct = int(min(100, 100*done/total))
		}
		mu.Lock()
		same := phase == lastPhase && pct == lastPct
		lastPhase, lastPct = phase, pct
		mu.Unlock()
		if same {
			return
		}
		s.u.post(func() {
			s.phase.SetText(phaseLabel(export, phase))
			s.bar.SetValue(float64(pct) / 100)
		})
	}
}

// phaseLabel names a phase of an export or an import.
func phaseLabel(export bool, phase string) string {
	switch {
	case export && phase == "read":
		return lang.L("sync.phase.collect")
	case phase == "read":
		return lang.L("sync.phase.read")
	case phase == "verify":
		return lang.L("sync.phase.verify")
	case phase == "merge":
		return lang.L("sync.phase.merge")
	case phase == "write":
		return lang.L("sync.phase.write")
	}
	return phase
}

// runExport writes a bundle to path in the background.
func (s *syncScreen) runExport(path string) {
	s.setBusy(true)
	s.phase.SetText(phaseLabel(true, "read"))
	s.u.saveSetting(settingSyncDir, filepath.Dir(path))
	progress := s.progressFunc(true)
	s.u.bg.Add(1)
	go func() {
		defer s.u.bg.Done()
		res, err := s.u.r.ExportFile(s.u.ctx, path, nil, progress)
		s.u.post(func() {
			s.setBusy(false)
			if err != nil {
				if st, serr := os.Stat(path); serr == nil && st.Size() == 0 {
					os.Remove(path) // the empty file the save dialog created
				}
				s.u.showError(lang.L("sync.export_failed"), err)
				return
			}
			s.showExportResult(path, res)
		})
	}()
}

// runImport merges the bundle at path in the background.
func (s *syncScreen) runImport(path string) {
	s.setBusy(true)
	s.phase.SetText(phaseLabel(false, "read"))
	s.u.saveSetting(settingSyncDir, filepath.Dir(path))
	progress := s.progressFunc(false)
	s.u.bg.Add(1)
	go func() {
		defer s.u.bg.Done()
		res, err := s.u.r.ImportFile(s.u.ctx, path, progress)
		s.u.post(func() {
			s.setBusy(false)
			if err != nil {
				s.u.showError(lang.L("sync.import_failed"), err)
				return
			}
			s.showImportResult(filepath.Base(path), res)
			s.load()
		})
	}()
}

// showResult replaces the result card.
func (s *syncScreen) showResult(title string, lines ...fyne.CanvasObject) {
	content := container.NewVBox(append([]fyne.CanvasObject{subheading(title)}, lines...)...)
	s.result.Objects = []fyne.CanvasObject{banner(theme.ColorNameSuccess, theme.ConfirmIcon(), content)}
	s.result.Show()
	s.body.Refresh()
}

func (s *syncScreen) showExportResult(path string, res replica.ExportResult) {
	s.showResult(lang.L("sync.export_done"),
		paragraph(lang.L("sync.export_summary", map[string]any{
			"Changes": res.Changes, "Devices": res.Devices, "Size": s.u.formatSize(res.Bytes)})),
		paragraph(path),
		caption(lang.L("sync.export_hint")))
}

func (s *syncScreen) showImportResult(name string, res replica.ImportResult) {
	self := s.u.r.Device()
	var lines []fyne.CanvasObject
	if res.New == 0 {
		lines = append(lines, paragraph(lang.L("sync.import_nothing_new", map[string]any{"Known": res.Known})))
	} else {
		lines = append(lines, paragraph(lang.L("sync.import_summary", map[string]any{"New": res.New, "Known": res.Known})))
	}
	var per []string
	for _, d := range res.Origins() {
		st := res.ByOrigin[d]
		name := s.u.r.DeviceLabel(d)
		if d == self {
			name = lang.L("sync.device_self", map[string]any{"Device": name})
		}
		per = append(per, lang.L("sync.import_device", map[string]any{"Device": name, "New": st.New, "Known": st.Known}))
	}
	if len(per) > 0 {
		lines = append(lines, paragraph(strings.Join(per, "\n")))
	}
	if res.NewerSchema {
		lines = append(lines, banner(theme.ColorNameWarning, theme.InfoIcon(),
			paragraph(lang.L("sync.newer_schema", map[string]any{"Version": res.SchemaVersion}))))
	}
	for _, w := range res.Warnings {
		lines = append(lines, banner(theme.ColorNameWarning, theme.WarningIcon(),
			paragraph(lang.L("sync.import_warning", map[string]any{"Problem": w.Error()}))))
	}
	lines = append(lines, s.rosterProblems(res)...)
	s.showResult(lang.L("sync.import_done", map[string]any{"File": name, "Device": s.u.r.DeviceLabel(res.Sender)}), lines...)
}

// deviceLabel names a laptop: "Name (ABCD-…)", or its short id while it
// has no name.
func deviceLabel(d crdt.DeviceID, name string) string {
	if name == "" {
		return d.Short()
	}
	return lang.L("device.label", map[string]any{"Name": name, "Device": d.Short()})
}

// formatSize shows a file size in bytes, kB or MB (o, ko, Mo in French).
func (u *UI) formatSize(n int64) string {
	num := func(f float64, prec int) string {
		s := strconv.FormatFloat(f, 'f', prec, 64)
		if u.language == langFR {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	switch {
	case n >= 1<<20:
		return lang.L("size.mb", map[string]any{"N": num(float64(n)/(1<<20), 1)})
	case n >= 1<<10:
		return lang.L("size.kb", map[string]any{"N": num(float64(n)/(1<<10), 0)})
	}
	return lang.L("size.bytes", map[string]any{"N": n})
}

// rosterProblems says which devices' changes were held aside (not on the
// roster yet) or refused (removed, or too many held).
func (s *syncScreen) rosterProblems(res replica.ImportResult) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, d := range sortedDevices(res.Held) {
		out = append(out, banner(theme.ColorNameWarning, theme.WarningIcon(), paragraph(lang.L("sync.import_held",
			map[string]any{"Count": res.Held[d], "Device": s.u.r.DeviceLabel(d)}))))
	}
	for _, d := range sortedDevices(res.Refused) {
		data := map[string]any{"Device": s.u.r.DeviceLabel(d)}
		text := lang.L("sync.import_refused_over", data)
		if errors.Is(s.u.r.PeerAllowed(d), replica.ErrRemovedDevice) {
			text = lang.L("sync.import_refused_removed", data)
		}
		out = append(out, banner(theme.ColorNameError, theme.ErrorIcon(), paragraph(text)))
	}
	return out
}

func sortedDevices[V any](m map[crdt.DeviceID]V) []crdt.DeviceID {
	ids := make([]crdt.DeviceID, 0, len(m))
	for d := range m {
		ids = append(ids, d)
	}
	slices.SortFunc(ids, func(a, b crdt.DeviceID) int { return a.Compare(b) })
	return ids
}
