package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// exportPage is how many hits an export loads at a time: --limit 0
// streams every hit without holding them all.
const exportPage = 500

// exportColumns are the columns of a CSV or TSV export.
var exportColumns = []string{"doc", "title", "date", "section", "paragraph", "text", "matches", "expanded"}

// exportRow renders a hit as the cells of exportColumns.
func exportRow(h query.Hit) []string {
	var matches, expanded []string
	for _, m := range h.Matches {
		matches = append(matches, h.Text[m.Start:m.End])
	}
	for _, e := range h.Expanded {
		expanded = append(expanded, e.Keyword+"="+e.Form)
	}
	return []string{h.Doc, h.Title, h.Date, strings.Join(h.Section, " > "), strconv.Itoa(h.Paragraph), h.Text,
		strings.Join(matches, "; "), strings.Join(expanded, "; ")}
}

// exporter writes hits in a file format for other programs.
type exporter interface {
	write(h query.Hit) error
	close() error
}

func newExporter(format string, w io.Writer) (exporter, error) {
	switch format {
	case "csv":
		// The byte order mark makes Excel read the file as UTF-8.
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return nil, err
		}
		c := csv.NewWriter(w)
		c.UseCRLF = true // RFC 4180, as Excel writes
		return &csvExporter{w: c}, c.Write(exportColumns)
	case "tsv":
		t := &tsvExporter{w: w}
		return t, t.row(exportColumns)
	case "jsonl":
		return &jsonlExporter{w: newJSONWriter(w)}, nil
	}
	return nil, fmt.Errorf("--format must be text, json, jsonl, csv or tsv, not %q", format)
}

type csvExporter struct{ w *csv.Writer }

func (e *csvExporter) write(h query.Hit) error { return e.w.Write(exportRow(h)) }
func (e *csvExporter) close() error            { e.w.Flush(); return e.w.Error() }

// tsvExporter writes tab-separated values as PostgreSQL's text format and
// pandas read them: a tab, line break or backslash in a cell escaped.
type tsvExporter struct{ w io.Writer }

var tsvEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

func (e *tsvExporter) row(cells []string) error {
	for i, c := range cells {
		cells[i] = tsvEscaper.Replace(c)
	}
	_, err := io.WriteString(e.w, strings.Join(cells, "\t")+"\n")
	return err
}

func (e *tsvExporter) write(h query.Hit) error { return e.row(exportRow(h)) }
func (e *tsvExporter) close() error            { return nil }

type jsonlExporter struct{ w *jsonWriter }

func (e *jsonlExporter) write(h query.Hit) error { return e.w.Encode(h) }
func (e *jsonlExporter) close() error            { return nil }

// eachHit runs a search page by page and calls fn for each hit, limit hits
// from offset (limit 0: all). It returns the last page's result, whose
// Total counts every hit.
func eachHit(ctx context.Context, ix *index.Index, q string, opts query.Options, limit int, fn func(query.Hit) error) (*query.Result, error) {
	return eachHitPaged(ctx, ix, q, opts, limit, exportPage, fn)
}

func eachHitPaged(ctx context.Context, ix *index.Index, q string, opts query.Options, limit, page int, fn func(query.Hit) error) (*query.Result, error) {
	var last *query.Result
	done := 0
	for {
		opts.Limit = page
		if limit > 0 {
			opts.Limit = min(page, limit-done)
		}
		res, err := query.Search(ctx, ix, q, opts)
		if err != nil {
			return nil, err
		}
		last = res
		for _, h := range res.Hits {
			if err := fn(h); err != nil {
				return nil, err
			}
		}
		done += len(res.Hits)
		opts.Offset += len(res.Hits)
		if len(res.Hits) < opts.Limit || limit > 0 && done >= limit || opts.Offset >= res.Total {
			return last, nil
		}
	}
}
