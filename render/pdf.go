package render

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"
	"github.com/konbit/konbit/meetings"
)

// DejaVu Sans covers French and English (é, è, à, ç, œ, « ») and far
// more; fpdf embeds only the glyphs used.
var (
	//go:embed fonts/DejaVuSans.ttf
	dejaVuSans []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	dejaVuSansBold []byte
)

const (
	pdfFont   = "DejaVu"
	pdfMargin = 18.0 // mm
	pdfLine   = 5.0  // mm, body text line height
	pdfBody   = 10.0 // pt
	pdfDPI    = 96.0 // the chart's pixels per inch (SharesPNG)
)

// Paper sizes accepted by MinutesPDF.
const (
	PaperA4     = "a4"
	PaperLetter = "letter"
)

// MinutesPDF writes the minutes as a PDF in lang ("fr" or "en"; "" for the
// minutes' language) on paper "a4" or "letter" ("" for A4): headings,
// wrapped text, tables, page numbers, and, unless m.IncludeChart is false,
// the speaking-time bar chart with the same numbers as a table below it
// (the chart is an image; the table keeps them searchable and readable
// by screen readers). The same minutes give the same bytes.
func MinutesPDF(w io.Writer, m meetings.Minutes, lang, paper string) error {
	size, err := pdfPaper(paper)
	if err != nil {
		return fmt.Errorf("minutes: %w", err)
	}
	lang = minutesLang(m, lang)
	tx := textsFor(lang)
	// A fixed date, so that the same minutes give the same file.
	stamp := m.Meeting.EndedAt
	if stamp.IsZero() {
		stamp = m.Meeting.When(time.UTC)
	}
	pdf := newPDF(size, lang, tx.minutes+" — "+m.Meeting.Title, stamp, tx.page)

	pw := &pdfWriter{pdf: pdf, tx: tx}
	blocks := minutesBlocks(m, lang)
	for i, b := range blocks {
		if b.heading > 0 && i+1 < len(blocks) && blocks[i+1].chart != nil {
			pw.room(pw.chartHeight(blocks[i+1].chart) + 20) // the heading with its chart
		}
		if err := pw.block(b); err != nil {
			return err
		}
		if pdf.Err() {
			break
		}
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("minutes: pdf: %w", err)
	}
	return nil
}

type pdfWriter struct {
	pdf    *fpdf.Fpdf
	tx     texts
	charts int
}

func (p *pdfWriter) width() float64 {
	w, _ := p.pdf.GetPageSize()
	l, _, r, _ := p.pdf.GetMargins()
	return w - l - r
}

// room starts a new page unless h mm are left on this one.
func (p *pdfWriter) room(h float64) {
	_, ph := p.pdf.GetPageSize()
	if p.pdf.GetY()+h > ph-pdfMargin {
		p.pdf.AddPage()
	}
}

func (p *pdfWriter) font(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	p.pdf.SetFont(pdfFont, style, size)
}

func (p *pdfWriter) block(b block) error {
	pdf := p.pdf
	l, _, _, _ := pdf.GetMargins()
	switch {
	case b.heading > 0:
		size, before := map[int]float64{1: 17, 2: 13.5, 3: 11.5}[b.heading], map[int]float64{1: 0, 2: 5, 3: 3}[b.heading]
		p.room(before + 3*pdfLine) // keep a heading with what follows
		if pdf.GetY() > pdfMargin+1 {
			pdf.Ln(before)
		}
		p.font(true, size)
		pdf.MultiCell(0, size*0.5, pdfText(spansText(b.spans)), "", "L", false)
		if b.heading < 3 {
			y := pdf.GetY() + 0.5
			pdf.SetDrawColor(180, 180, 180)
			pdf.Line(l, y, l+p.width(), y)
			pdf.Ln(1.5)
		}
		pdf.Ln(1)
	case b.spans != nil:
		p.spans(b.spans)
		pdf.Ln(pdfLine + 1)
	case b.list != nil:
		for _, item := range b.list {
			p.font(false, pdfBody)
			pdf.SetX(l + 1.5)
			pdf.CellFormat(4, pdfLine, "•", "", 0, "L", false, 0, "")
			pdf.SetLeftMargin(l + 5.5)
			p.spans(item)
			pdf.SetLeftMargin(l)
			pdf.Ln(pdfLine)
		}
		pdf.Ln(1)
	case b.table != nil:
		p.table(b.table)
	case b.chart != nil:
		return p.chart(b.chart)
	default:
		p.font(false, pdfBody)
		pdf.SetLeftMargin(l + 5)
		pdf.SetX(l + 5)
		y0, page := pdf.GetY(), pdf.PageNo()
		pdf.SetTextColor(40, 40, 40)
		pdf.MultiCell(p.width()-5, pdfLine, pdfText(strings.TrimSpace(b.quote)), "", "L", false)
		pdf.SetTextColor(0, 0, 0)
		pdf.SetLeftMargin(l)
		if pdf.PageNo() == page {
			pdf.SetDrawColor(43, 108, 217)
			pdf.SetLineWidth(0.8)
			pdf.Line(l+2, y0+0.5, l+2, pdf.GetY()-0.5)
			pdf.SetLineWidth(0.2)
		}
		pdf.Ln(1.5)
	}
	return nil
}

// spans writes styled runs as flowing text from the current position,
// wrapping at the margins; italic runs are grey (DejaVu Sans is embedded
// upright only).
func (p *pdfWriter) spans(spans []span) {
	for _, s := range spans {
		p.font(s.bold, pdfBody)
		if s.italic {
			p.pdf.SetTextColor(90, 90, 90)
		}
		p.pdf.Write(pdfLine, pdfText(s.text))
		p.pdf.SetTextColor(0, 0, 0)
	}
}

// table draws a table whose cells wrap, repeating the header on each new
// page.
func (p *pdfWriter) table(t *table) {
	pdf := p.pdf
	l, _, _, _ := pdf.GetMargins()
	total := 0.0
	for _, w := range t.widths {
		total += w
	}
	widths := make([]float64, len(t.widths))
	for i, w := range t.widths {
		widths[i] = w / total * p.width()
	}
	const pad, lh = 1.5, 4.6
	lines := func(row []string, bold bool) ([][]string, float64) {
		p.font(bold, 9)
		out := make([][]string, len(row))
		n := 1
		for i, c := range row {
			out[i] = pdf.SplitText(pdfText(c), widths[i]-2*pad)
			if len(out[i]) == 0 {
				out[i] = []string{""}
			}
			n = max(n, len(out[i]))
		}
		return out, float64(n)*lh + 2*pad
	}
	draw := func(cells [][]string, h float64, bold, fill bool) {
		y := pdf.GetY()
		x := l
		if fill {
			pdf.SetFillColor(235, 238, 243)
			pdf.Rect(l, y, p.width(), h, "F")
		}
		p.font(bold, 9)
		for i, c := range cells {
			align := "L"
			if i < len(t.right) && t.right[i] {
				align = "R"
			}
			for j, line := range c {
				pdf.SetXY(x+pad, y+pad+float64(j)*lh)
				pdf.CellFormat(widths[i]-2*pad, lh, line, "", 0, align, false, 0, "")
			}
			x += widths[i]
		}
		pdf.SetDrawColor(200, 200, 200)
		pdf.Line(l, y+h, l+p.width(), y+h)
		pdf.SetXY(l, y+h)
	}
	head, hh := lines(t.header, true)
	header := func() { draw(head, hh, true, true) }
	p.room(hh + 2*lh)
	header()
	pdf.SetAutoPageBreak(false, pdfMargin) // rows break pages themselves
	_, ph := pdf.GetPageSize()
	for _, r := range t.rows {
		cells, h := lines(r, false)
		if pdf.GetY()+h > ph-pdfMargin {
			pdf.AddPage()
			header()
		}
		draw(cells, h, false, false)
	}
	pdf.SetAutoPageBreak(true, pdfMargin)
	pdf.Ln(3)
}

// chart places the speaking-time bars, drawn by SharesPNG at the width of
// the text, on one page.
func (p *pdfWriter) chart(c *chartBlock) error {
	pdf := p.pdf
	wmm, hmm := p.width(), p.chartHeight(c)
	wpx, hpx := int(wmm/25.4*pdfDPI+0.5), int(hmm/25.4*pdfDPI+0.5)
	var buf bytes.Buffer
	if err := SharesPNG(&buf, c.bars, c.text, wpx, hpx); err != nil {
		return fmt.Errorf("minutes: %w", err)
	}
	p.charts++
	name := fmt.Sprintf("shares-%d", p.charts)
	opts := fpdf.ImageOptions{ImageType: "PNG", ReadDpi: false}
	pdf.RegisterImageOptionsReader(name, opts, &buf)
	p.room(hmm + 2)
	l, _, _, _ := pdf.GetMargins()
	y := pdf.GetY()
	pdf.ImageOptions(name, l, y, wmm, hmm, false, opts, 0, "")
	pdf.SetXY(l, y+hmm+3)
	return nil
}

// chartHeight is the chart's height in mm: room for each bar pair, at
// most a page.
func (p *pdfWriter) chartHeight(c *chartBlock) float64 {
	_, ph := p.pdf.GetPageSize()
	return min(30+6.5*float64(len(c.bars)), ph-2*pdfMargin-25)
}

func spansText(spans []span) string {
	var sb strings.Builder
	for _, s := range spans {
		sb.WriteString(s.text)
	}
	return sb.String()
}

// pdfText keeps what the embedded font can show: fpdf indexes its glyph
// widths by rune up to U+FFFF, and control characters have no glyph.
func pdfText(s string) string {
	ok := true
	for _, r := range s {
		if r > 0xFFFD || (unicode.IsControl(r) && r != '\n') || r == '\t' {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r == '\n':
			return r
		case r > 0xFFFD:
			return '?'
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// pdfPaper maps a paper name ("a4", "letter", "" for A4) to fpdf's size.
func pdfPaper(paper string) (string, error) {
	switch strings.ToLower(paper) {
	case "", PaperA4:
		return "A4", nil
	case PaperLetter:
		return "Letter", nil
	}
	return "", fmt.Errorf("paper %q: want a4 or letter", paper)
}

// newPDF starts a document every renderer shares: the embedded fonts, the
// margins, the title and language, dates fixed at stamp and a sorted
// catalog (so the same input gives the same bytes), and a footer with the
// page number as pageFormat says it ("page %d of %s").
func newPDF(size, lang, title string, stamp time.Time, pageFormat string) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", size, "")
	pdf.AddUTF8FontFromBytes(pdfFont, "", dejaVuSans)
	pdf.AddUTF8FontFromBytes(pdfFont, "B", dejaVuSansBold)
	pdf.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	pdf.SetAutoPageBreak(true, pdfMargin)
	pdf.SetTitle(pdfText(title), true)
	pdf.SetCreator("Konbit", true)
	pdf.SetLang(lang)
	pdf.SetCreationDate(stamp.UTC())
	pdf.SetModificationDate(stamp.UTC())
	// fpdf writes fonts and images from maps: sort them, or two runs
	// order the file differently.
	pdf.SetCatalogSort(true)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-pdfMargin + 6)
		pdf.SetFont(pdfFont, "", 8)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(0, 4, fmt.Sprintf(pageFormat, pdf.PageNo(), "{nb}"), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()
	return pdf
}
