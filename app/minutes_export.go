package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/render"
)

// minutesOptions is how the minutes of a meeting are written.
type minutesOptions struct {
	PDF   bool   // else Markdown
	Lang  string // "fr", "en", or "" for the meeting's language
	Paper string // render.PaperA4 or render.PaperLetter (PDF only)
	Chart bool   // include the speaking-time summary and chart
}

// ext is the file extension of the format.
func (o minutesOptions) ext() string {
	if o.PDF {
		return ".pdf"
	}
	return ".md"
}

// minutesFileName is the name the save dialog proposes:
// 2011-05-03-reflexion.pdf.
func minutesFileName(m meetings.Meeting, o minutesOptions) string {
	var b strings.Builder
	dash := false
	for _, r := range konbit.Fold(m.Title) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	slug := b.String()
	if slug == "" {
		slug = "minutes"
	}
	return m.Date + "-" + slug + o.ext()
}

// writeMinutes writes a meeting's synthetic minutes to path, atomically:
// a file that was there stays whole until the new one is complete.
func (u *UI) writeMinutes(ctx context.Context, meeting uuid.UUID, o minutesOptions, path string) error {
	m, err := u.r.MinutesOf(ctx, meeting, o.Lang)
	if err != nil {
		return err
	}
	m.IncludeChart = o.Chart
	return writeFileAtomic(path, func(w io.Writer) error {
		if o.PDF {
			return render.MinutesPDF(w, m, o.Lang, o.Paper)
		}
		return render.MinutesMarkdown(w, m, o.Lang)
	})
}

// writeFileAtomic writes a file through a temporary file in the same
// folder, renamed over path once written and flushed to disk: a crash or
// a full disk never leaves half a document under the name the user chose.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = write(f); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// minutesDialog asks how to write a finished meeting's minutes (format,
// language, paper, chart), then where. note, if not "", is said above the
// choices (why the dialog opened by itself).
func (u *UI) minutesDialog(m meetings.Meeting, note string) {
	format := widget.NewSelect([]string{lang.L("minutesdoc.format.pdf"), lang.L("minutesdoc.format.md")}, nil)
	format.SetSelectedIndex(0)
	langs := []string{"", meetings.French, meetings.English}
	language := widget.NewSelect([]string{
		lang.L("minutesdoc.lang.meeting", map[string]any{"Language": meetingLanguageLabel(m.Language)}),
		lang.L("language.fr"), lang.L("language.en")}, nil)
	language.SetSelectedIndex(0)
	paper := widget.NewSelect([]string{lang.L("minutesdoc.paper.a4"), lang.L("minutesdoc.paper.letter")}, nil)
	paper.SetSelectedIndex(0)
	chart := widget.NewCheck(lang.L("minutesdoc.chart"), nil)
	chart.SetChecked(true)
	format.OnChanged = func(string) {
		if format.SelectedIndex() == 0 {
			paper.Enable()
		} else {
			paper.Disable()
		}
	}
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("minutesdoc.format"), format),
		widget.NewFormItem(lang.L("minutesdoc.lang"), language),
		widget.NewFormItem(lang.L("minutesdoc.paper"), paper),
		widget.NewFormItem("", chart),
	}
	var content fyne.CanvasObject = widget.NewForm(items...)
	if note != "" {
		content = container.NewVBox(message(note), content)
	}
	d := dialog.NewCustomConfirm(lang.L("minutesdoc.title"), lang.L("minutesdoc.save"), lang.L("action.cancel"), content, func(ok bool) {
		if !ok {
			return
		}
		o := minutesOptions{PDF: format.SelectedIndex() == 0, Lang: langs[max(0, language.SelectedIndex())],
			Paper: render.PaperA4, Chart: chart.Checked}
		if paper.SelectedIndex() == 1 {
			o.Paper = render.PaperLetter
		}
		u.minutesSaveDialog(m, o)
	}, u.win)
	d.Resize(fyne.NewSize(dialogWidth, d.MinSize().Height))
	d.Show()
}

// minutesSaveDialog asks where to save the minutes, then writes them in
// the background, saying so meanwhile.
func (u *UI) minutesSaveDialog(m meetings.Meeting, o minutesOptions) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(lang.L("minutesdoc.failed"), err)
			return
		}
		if w == nil {
			return // cancelled
		}
		path := w.URI().Path()
		w.Close()
		u.exportMinutes(m.ID, o, path)
	}, u.win)
	d.SetFileName(minutesFileName(m, o))
	showFileDialog(d, u.win)
}

// exportMinutes writes the minutes to path off the Fyne thread, with a
// "writing…" notice until done, then says where they are.
func (u *UI) exportMinutes(meeting uuid.UUID, o minutesOptions, path string) {
	bar := widget.NewProgressBarInfinite()
	wait := dialog.NewCustomWithoutButtons(lang.L("minutesdoc.writing"), bar, u.win)
	wait.Show()
	what := lang.L("minutesdoc.failed")
	u.writeOr(func(ctx context.Context) error {
		if err := u.writeMinutes(ctx, meeting, o, path); err != nil {
			return failure{what, err}
		}
		return nil
	}, func() {
		bar.Stop()
		wait.Hide()
		u.showInfo(lang.L("minutesdoc.done_title"), lang.L("export.written", map[string]any{"Path": path}))
	}, func() {
		bar.Stop()
		wait.Hide()
	})
}
