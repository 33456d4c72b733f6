package handlers

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// The files of an export: a CSV file or an Excel workbook, which
// WriteExport fills a row at a time.

// sheet starts the file of spec with its header row.
func (x exportWriter) sheet(w io.Writer, spec ExportSpec) (sheet, error) {
	cols := exportColumns[spec.Kind]
	if spec.Kind == ExportCheckins && !x.health {
		cols = cols[:len(cols)-len(healthColumns)]
	}
	if spec.Format == FormatCSV {
		return newCSVSheet(w, x, cols)
	}
	return newXLSXSheet(w, x, x.plain("export.kind."+string(spec.Kind)), cols)
}

// sheet is where an export's rows go, after the header row: close
// finishes the file, abort drops it.
type sheet interface {
	row(cells []any) error
	close() error
	abort()
}

// csvSheet writes RFC 4180 CSV (CRLF line ends) after a byte-order mark.
type csvSheet struct {
	w *csv.Writer
}

func newCSVSheet(w io.Writer, x exportWriter, cols []column) (*csvSheet, error) {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return nil, err
	}
	s := &csvSheet{w: csv.NewWriter(w)}
	s.w.UseCRLF = true
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = x.plain("export.col." + c.key)
	}
	return s, s.w.Write(head)
}

func (s *csvSheet) row(cells []any) error {
	rec := make([]string, len(cells))
	for i, v := range cells {
		switch v := v.(type) {
		case string:
			rec[i] = noFormula(v)
		case time.Time:
			rec[i] = v.Format(exportTimeLayout)
		case exportDay:
			rec[i] = time.Time(v).Format(exportDayLayout)
		case float64:
			rec[i] = strconv.FormatFloat(v, 'f', -1, 64)
		case nil:
		default:
			rec[i] = fmt.Sprint(v)
		}
	}
	return s.w.Write(rec)
}

func (s *csvSheet) close() error {
	s.w.Flush()
	return s.w.Error()
}

func (s *csvSheet) abort() {}

// noFormula keeps a spreadsheet from reading text someone typed as a
// formula when it opens the CSV file: a cell that starts like one gets a
// leading apostrophe (OWASP's advice against CSV injection).
func noFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// xlsxSheet streams rows into one sheet of a workbook, written out on
// close: a bold header row that stays in view, real dates shown as
// "02/01/2006 15:04", and a filter on every column when there are rows.
type xlsxSheet struct {
	w                   io.Writer
	f                   *excelize.File
	sw                  *excelize.StreamWriter
	n                   int // rows written, the header aside
	timeStyle, dayStyle int
	lastCol             string // the name of the last column: "I"
}

func newXLSXSheet(w io.Writer, x exportWriter, name string, cols []column) (s *xlsxSheet, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return nil, err
	}
	s = &xlsxSheet{w: w, f: f}
	if s.sw, err = f.NewStreamWriter(name); err != nil {
		return nil, err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return nil, err
	}
	timeFmt, dayFmt := "dd/mm/yyyy hh:mm", "dd/mm/yyyy"
	if s.timeStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: &timeFmt}); err != nil {
		return nil, err
	}
	if s.dayStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dayFmt}); err != nil {
		return nil, err
	}
	cells := make([]any, len(cols))
	for i, c := range cols {
		if err := s.sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return nil, err
		}
		cells[i] = excelize.Cell{StyleID: head, Value: x.plain("export.col." + c.key)}
	}
	if err := s.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	if s.lastCol, err = excelize.ColumnNumberToName(len(cols)); err != nil {
		return nil, err
	}
	return s, s.sw.SetRow("A1", cells)
}

func (s *xlsxSheet) row(cells []any) error {
	s.n++
	out := make([]any, len(cells))
	for i, v := range cells {
		switch v := v.(type) {
		case time.Time:
			out[i] = excelize.Cell{StyleID: s.timeStyle, Value: v}
		case exportDay:
			out[i] = excelize.Cell{StyleID: s.dayStyle, Value: time.Time(v)}
		default:
			out[i] = v
		}
	}
	return s.sw.SetRow("A"+strconv.Itoa(s.n+1), out)
}

func (s *xlsxSheet) close() error {
	defer s.f.Close()
	if s.n > 0 {
		ref := fmt.Sprintf("A1:%s%d", s.lastCol, s.n+1)
		noStripes := false
		if err := s.sw.AddTable(&excelize.Table{Range: ref, Name: "ChungSuc", StyleName: "TableStyleLight1",
			ShowRowStripes: &noStripes}); err != nil {
			return err
		}
	}
	if err := s.sw.Flush(); err != nil {
		return err
	}
	_, err := s.f.WriteTo(s.w)
	return err
}

func (s *xlsxSheet) abort() { s.f.Close() }
