// Package render turns Konbit's records into documents people read: the
// synthetic minutes in Markdown and PDF, speaking-time charts as PNG
// images, tables as CSV. One place, shared by the minutes, the statistics
// and the command line. It holds no state and does no I/O but writing to
// the io.Writer it is given.
//
// PDFs are written with github.com/go-pdf/fpdf and the DejaVu Sans
// TrueType fonts embedded below fonts/ (Bitstream Vera licence,
// fonts/LICENSE.txt), so that é, è, à, ç, œ and « guillemets » render on
// any laptop. Charts are drawn with gonum.org/v1/plot.
package render
