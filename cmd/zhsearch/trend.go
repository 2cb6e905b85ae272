package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/pflag"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// trendRow is one bar: paragraphs and occurrences of a keyword in a year or
// a document.
type trendRow struct {
	Value       string `json:"value"`           // the year, or the document's path
	Label       string `json:"label,omitempty"` // the document's title
	Paragraphs  int    `json:"paragraphs"`
	Occurrences int    `json:"occurrences"`
}

type trend struct {
	Keyword     string     `json:"keyword"`
	By          string     `json:"by"` // "year" or "document"
	Paragraphs  int        `json:"paragraphs"`
	Occurrences int        `json:"occurrences"`
	Rows        []trendRow `json:"rows"`
}

func runTrend(args []string, env *environment) int {
	fs := pflag.NewFlagSet("trend", pflag.ContinueOnError)
	indexDir := fs.String("index", "", "index directory (default: the built-in index of the reference speech)")
	asJSON := fs.Bool("json", false, "print one JSON object per keyword")
	by := fs.String("by", "auto", "count by year, by document, or auto (by year when the hits' documents are dated)")
	width := fs.Int("width", 40, "length of the longest bar, in characters")
	timeout := fs.Duration("timeout", 30*time.Second, "give up after this long")
	if done, code := parseFlags(fs, args, env, "trend [flags] KEYWORD...   e.g. zhsearch trend 安全生产 非煤矿山"); done {
		return code
	}
	if fs.NArg() == 0 {
		return env.errorf("trend: no keyword")
	}
	if *by != "auto" && *by != "year" && *by != "document" {
		return env.errorf("trend: --by must be auto, year or document, not %q", *by)
	}
	ix, ok := openIndex(context.Background(), env, *indexDir)
	if !ok {
		return exitFailure
	}
	defer ix.Close()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	found := false
	for _, keyword := range fs.Args() {
		tr, err := countTrend(ctx, ix, keyword, *by)
		if err != nil {
			var se *query.SyntaxError
			if errors.As(err, &se) {
				return env.errorf("trend: %v", err)
			}
			return env.errorf("trend: %s: %v", keyword, err)
		}
		found = found || tr.Paragraphs > 0
		if *asJSON {
			enc := json.NewEncoder(env.stdout)
			enc.SetEscapeHTML(false)
			enc.Encode(tr)
			continue
		}
		printTrend(env, tr, *width)
	}
	if !found {
		return exitNoHits
	}
	return exitHits
}

// countTrend finds every paragraph holding keyword (a query in its own
// right: a phrase, a field restriction) and counts them.
func countTrend(ctx context.Context, ix *index.Index, keyword, by string) (*trend, error) {
	res, err := query.Search(ctx, ix, keyword, query.Options{})
	if err != nil {
		return nil, err
	}
	tr := &trend{Keyword: keyword, By: by, Paragraphs: res.Total, Rows: []trendRow{}}
	if by == "auto" {
		tr.By = "document"
		if len(res.ByYear) > 0 {
			tr.By = "year"
		}
	}
	rows := map[string]*trendRow{}
	for _, h := range res.Hits {
		tr.Occurrences += len(h.Matches)
		key, label := h.Doc, h.Title
		if tr.By == "year" {
			key, label = index.Year(h.Date), ""
			if key == "" {
				continue // undated documents have no place on a time line
			}
		}
		r := rows[key]
		if r == nil {
			r = &trendRow{Value: key, Label: label}
			rows[key] = r
		}
		r.Paragraphs++
		r.Occurrences += len(h.Matches)
	}
	if tr.By == "year" && len(rows) > 0 {
		// Every year from the first to the last, so that gaps show.
		years := make([]int, 0, len(rows))
		for y := range rows {
			n, _ := strconv.Atoi(y)
			years = append(years, n)
		}
		sort.Ints(years)
		for y := years[0]; y <= years[len(years)-1]; y++ {
			if r := rows[strconv.Itoa(y)]; r != nil {
				tr.Rows = append(tr.Rows, *r)
			} else {
				tr.Rows = append(tr.Rows, trendRow{Value: strconv.Itoa(y)})
			}
		}
		return tr, nil
	}
	for _, r := range rows {
		tr.Rows = append(tr.Rows, *r)
	}
	sort.Slice(tr.Rows, func(i, j int) bool {
		if tr.Rows[i].Paragraphs != tr.Rows[j].Paragraphs {
			return tr.Rows[i].Paragraphs > tr.Rows[j].Paragraphs
		}
		return tr.Rows[i].Value < tr.Rows[j].Value
	})
	return tr, nil
}

func printTrend(env *environment, tr *trend, width int) {
	fmt.Fprintf(env.stdout, "%s: %s, %s, by %s\n", tr.Keyword, plural(tr.Paragraphs, "paragraph"), plural(tr.Occurrences, "occurrence"), tr.By)
	most := 0
	labelWidth := 0
	for _, r := range tr.Rows {
		most = max(most, r.Paragraphs)
		labelWidth = max(labelWidth, displayWidth(rowLabel(r), utf8.RuneCountInString(rowLabel(r))))
	}
	for _, r := range tr.Rows {
		label := rowLabel(r)
		pad := strings.Repeat(" ", labelWidth-displayWidth(label, utf8.RuneCountInString(label)))
		fmt.Fprintf(env.stdout, "  %s%s %s %d (%d)\n", label, pad, bar(r.Paragraphs, most, width), r.Paragraphs, r.Occurrences)
	}
	fmt.Fprintln(env.stdout)
}

func rowLabel(r trendRow) string {
	if r.Label != "" {
		return ellipsize(r.Label, 30)
	}
	return r.Value
}

// bar draws n of most as a bar of up to width eighth-block characters.
func bar(n, most, width int) string {
	if most == 0 || n == 0 {
		return ""
	}
	eighths := (n*width*8 + most - 1) / most
	blocks := []rune(" ▏▎▍▌▋▊▉")
	return strings.Repeat("█", eighths/8) + strings.TrimSpace(string(blocks[eighths%8]))
}
