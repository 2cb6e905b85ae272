package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/zhsearch/zhsearch/query"
)

// Formats are the formats NewWriter writes.
var Formats = []string{"csv", "tsv", "jsonl"}

// ContentType returns the media type of a format.
func ContentType(format string) string {
	switch format {
	case "csv":
		return "text/csv; charset=utf-8"
	case "tsv":
		return "text/tab-separated-values; charset=utf-8"
	}
	return "application/jsonl; charset=utf-8"
}

// Columns are the columns of a CSV or TSV export: where the hit is, its
// text and matches, then its document's metadata (query.Metadata; empty
// cells where the document does not say), so that every export has the
// same columns whatever it holds.
var Columns = []string{"doc", "title", "date", "section", "paragraph", "article", "text", "matches", "expanded",
	"issuer", "number", "kind", "region", "force", "status", "effective"}

// Row renders a hit as the cells of Columns.
func Row(h query.Hit) []string {
	var matches, expanded []string
	for _, m := range h.Matches {
		matches = append(matches, h.Text[m.Start:m.End])
	}
	for _, e := range h.Expanded {
		expanded = append(expanded, e.Keyword+"="+e.Form)
	}
	m := h.Metadata
	return []string{h.Doc, h.Title, h.Date, strings.Join(h.Section, " > "), strconv.Itoa(h.Paragraph), h.Article, h.Text,
		strings.Join(matches, "; "), strings.Join(expanded, "; "),
		m.Issuer, m.Number, m.Kind, m.Region, m.Force, m.Status, m.Effective}
}

// A Writer writes hits in a format.
type Writer interface {
	Write(h query.Hit) error
	Close() error // flushes; the underlying writer stays open
}

func NewWriter(format string, w io.Writer) (Writer, error) {
	switch format {
	case "csv":
		// The byte order mark makes Excel read the file as UTF-8.
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return nil, err
		}
		c := csv.NewWriter(w)
		c.UseCRLF = true // RFC 4180, as Excel writes
		return &csvExporter{w: c}, c.Write(Columns)
	case "tsv":
		t := &TSV{w: w}
		return t, t.Row(Columns)
	case "jsonl":
		e := json.NewEncoder(w)
		e.SetEscapeHTML(false)
		return &jsonlExporter{w: e}, nil
	}
	return nil, fmt.Errorf("--format must be text, json, jsonl, csv or tsv, not %q", format)
}

type csvExporter struct{ w *csv.Writer }

func (e *csvExporter) Write(h query.Hit) error { return e.w.Write(spreadsheetSafe(Row(h))) }

// spreadsheetSafe keeps a spreadsheet from running cells as formulas
// (CSV injection, as OWASP describes it): a cell that starts with =, +, -,
// @, a tab or a carriage return gets a leading apostrophe, which makes
// Excel, LibreOffice and Google Sheets take it as text. Only CSV, the
// format made for spreadsheets, is guarded so; TSV and JSON Lines keep
// every cell exactly as the text has it, for programs.
func spreadsheetSafe(cells []string) []string {
	for i, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			cells[i] = "'" + c
		}
	}
	return cells
}
func (e *csvExporter) Close() error { e.w.Flush(); return e.w.Error() }

// TSV writes tab-separated values as PostgreSQL's text format and
// pandas read them: a tab, line break or backslash in a cell escaped.
type TSV struct{ w io.Writer }

// NewTSV returns a TSV writer with no header written.
func NewTSV(w io.Writer) *TSV { return &TSV{w: w} }

var tsvEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

// Row writes one row of cells.
func (e *TSV) Row(cells []string) error {
	for i, c := range cells {
		cells[i] = tsvEscaper.Replace(c)
	}
	_, err := io.WriteString(e.w, strings.Join(cells, "\t")+"\n")
	return err
}

func (e *TSV) Write(h query.Hit) error { return e.Row(Row(h)) }
func (e *TSV) Close() error            { return nil }

type jsonlExporter struct{ w *json.Encoder }

func (e *jsonlExporter) Write(h query.Hit) error { return e.w.Encode(h) }
func (e *jsonlExporter) Close() error            { return nil }
