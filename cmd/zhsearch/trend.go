package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/index/extract"
	"github.com/zhsearch/zhsearch/query"
)

// trendRow is one bar: paragraphs and occurrences of a keyword in a year or
// a document, and how many paragraphs were indexed there.
type trendRow struct {
	Value       string  `json:"value"`           // the year, the document's path, or the region, issuer, kind or force
	Label       string  `json:"label,omitempty"` // the document's title
	Paragraphs  int     `json:"paragraphs"`
	Occurrences int     `json:"occurrences"`
	Indexed     int     `json:"indexed"`        // paragraphs indexed in the year or document; 0: no documents
	Rate        float64 `json:"rate,omitempty"` // with --per: paragraphs per Per indexed paragraphs
}

type trend struct {
	Keyword     string     `json:"keyword"`
	Filters     []string   `json:"filters,omitempty"` // filters given beside the keywords, applied to each
	By          string     `json:"by"`                // "year", "document", "region", "issuer", "kind" or "force"
	Per         int        `json:"per,omitempty"`     // with --per
	Paragraphs  int        `json:"paragraphs"`
	Occurrences int        `json:"occurrences"`
	Undated     int        `json:"undated,omitempty"` // by year: paragraphs in undated documents, not in any row
	Unknown     int        `json:"unknown,omitempty"` // by region, issuer, kind or force: paragraphs in documents that do not say
	Rows        []trendRow `json:"rows"`
}

func runTrend(args []string, env *environment) int {
	fs := pflag.NewFlagSet("trend", pflag.ContinueOnError)
	indexDirs := fs.StringArray("index", nil, indexFlagUsage)
	asJSON := fs.Bool("json", false, "print one JSON object per keyword")
	by := fs.String("by", "auto", "count by year, document, region, issuer, kind or force, or auto (by year when the hits' documents are dated)")
	perFlag := fs.String("per", "", "show paragraphs per N paragraphs indexed in the year or document (e.g. 10k), not counts")
	width := fs.Int("width", 40, "length of the longest bar, in characters")
	timeout := fs.Duration("timeout", 30*time.Second, "give up after this long")
	if done, code := parseFlags(fs, args, env, "trend [flags] KEYWORD... [FILTER...]   e.g. zhsearch trend 安全生产 非煤矿山 region:河南"); done {
		return code
	}
	keywords, filters := splitTrendArgs(fs.Args())
	if len(keywords) == 0 {
		return env.errorf("trend: no keyword (filters such as %s apply to each keyword)", strings.Join(filters, " "))
	}
	switch *by {
	case "auto", "year", "document", "region", "issuer", "kind", "force":
	default:
		return env.errorf("trend: --by must be auto, year, document, region, issuer, kind or force, not %q", *by)
	}
	if *width < 1 {
		return env.errorf("trend: --width must be at least 1")
	}
	per := 0
	if *perFlag != "" {
		var err error
		if per, err = parsePer(*perFlag); err != nil {
			return env.errorf("trend: %v", err)
		}
	}
	set, ok := openIndex(context.Background(), env, *indexDirs)
	if !ok {
		return exitFailure
	}
	defer env.release(set)
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	docs, err := set.Docs()
	if err != nil {
		return env.errorf("trend: %v", err)
	}
	var counts []*hitCounts
	for _, keyword := range keywords {
		c, err := countHits(ctx, set, keyword, filters)
		if err != nil {
			var se *query.SyntaxError
			if errors.As(err, &se) {
				return env.errorf("trend: %v", err)
			}
			return env.errorf("trend: %s: %v", keyword, err)
		}
		counts = append(counts, c)
	}
	trends := makeTrends(counts, docs, *by, per)
	for _, tr := range trends {
		tr.Filters = filters
	}

	found := false
	for _, tr := range trends {
		found = found || tr.Paragraphs > 0
	}
	if *asJSON {
		enc := newJSONWriter(env.stdout)
		for _, tr := range trends {
			if err := enc.Encode(tr); err != nil {
				return env.errorf("writing output: %v", err)
			}
		}
	} else {
		printTrends(env, trends, *width)
	}
	if !found {
		return exitNoHits
	}
	return exitHits
}

// parsePer reads --per: a number of paragraphs, with k for thousands.
func parsePer(s string) (int, error) {
	n, mult := s, 1
	if strings.HasSuffix(n, "k") || strings.HasSuffix(n, "K") {
		n, mult = n[:len(n)-1], 1000
	}
	v, err := strconv.Atoi(n)
	if err != nil || v < 1 || v > 1_000_000 {
		return 0, fmt.Errorf("--per takes a number of paragraphs such as 100, 1k or 10k, not %q", s)
	}
	return v * mult, nil
}

// hitCounts are one keyword's matching paragraphs and occurrences by
// document.
type hitCounts struct {
	keyword     string
	paragraphs  int
	occurrences int
	byDoc       map[string]*trendRow // by path; Label is the title
	docYear     map[string]string    // path → year, for dated documents
}

// splitTrendArgs tells keywords from filters: an argument that is only a
// filter (region:河南, -kind:报告, date:2020..) restricts every keyword's
// count, so that keywords compare over the same documents.
func splitTrendArgs(args []string) (keywords, filters []string) {
	for _, a := range args {
		n, err := query.Parse(strings.TrimPrefix(a, "-"))
		if _, ok := n.(*query.Filter); ok && err == nil {
			filters = append(filters, a)
			continue
		}
		keywords = append(keywords, a)
	}
	return keywords, filters
}

// countHits finds every paragraph holding keyword (a query in its own
// right: a phrase, a field restriction, filters), in the documents that
// filters allow, and counts them by document.
func countHits(ctx context.Context, set *index.Set, keyword string, filters []string) (*hitCounts, error) {
	q := keyword
	if len(filters) > 0 {
		n, err := query.Parse(keyword)
		if err != nil {
			return nil, err
		}
		// Filters stand at the top level: a keyword's terms and its own
		// filters go beside them (OR binds tighter than the space).
		q = n.String() + " " + strings.Join(filters, " ")
	}
	res, err := query.SearchSet(ctx, set, q, query.Options{})
	if err != nil {
		return nil, err
	}
	c := &hitCounts{keyword: keyword, paragraphs: res.Total, byDoc: map[string]*trendRow{}, docYear: map[string]string{}}
	for _, h := range res.Hits {
		c.occurrences += len(h.Matches)
		r := c.byDoc[h.Doc]
		if r == nil {
			r = &trendRow{Value: h.Doc, Label: h.Title}
			c.byDoc[h.Doc] = r
			if y := extract.Year(h.Date); y != "" {
				c.docYear[h.Doc] = y
			}
		}
		r.Paragraphs++
		r.Occurrences += len(h.Matches)
	}
	return c, nil
}

// makeTrends turns the counts into rows. All keywords are counted the same
// way (by year unless no hit of any is dated, for --by auto) over the same
// years: every year from the first to the last year of the index's dated
// documents, so that a year where a keyword is absent shows 0 and a year
// with no documents at all shows as such.
func makeTrends(counts []*hitCounts, docs []index.DocRecord, by string, per int) []*trend {
	indexedYear := map[string]int{}
	indexedDoc := map[string]int{}
	for _, d := range docs {
		indexedDoc[d.Path] += d.Paragraphs
		if y := extract.Year(d.Date); y != "" {
			indexedYear[y] += d.Paragraphs
		}
	}
	if by == "auto" {
		by = "document"
		for _, c := range counts {
			if len(c.docYear) > 0 {
				by = "year"
			}
		}
	}
	var years []int
	if by == "year" {
		first, last := 0, 0
		for y := range indexedYear {
			n, _ := strconv.Atoi(y)
			if first == 0 || n < first {
				first = n
			}
			last = max(last, n)
		}
		for y := first; first > 0 && y <= last; y++ {
			years = append(years, y)
		}
	}
	rate := func(r *trendRow) {
		if per > 0 && r.Indexed > 0 {
			r.Rate = float64(r.Paragraphs) * float64(per) / float64(r.Indexed)
		}
	}
	docField := metadataOf(docs, by)
	indexedValue := map[string]int{}
	for _, d := range docs {
		if v := docField[d.Path]; v != "" {
			indexedValue[v] += d.Paragraphs
		}
	}
	var trends []*trend
	for _, c := range counts {
		tr := &trend{Keyword: c.keyword, By: by, Per: per, Paragraphs: c.paragraphs, Occurrences: c.occurrences, Rows: []trendRow{}}
		trends = append(trends, tr)
		if docField != nil {
			byValue := map[string]*trendRow{}
			for path, r := range c.byDoc {
				v := docField[path]
				if v == "" {
					tr.Unknown += r.Paragraphs
					continue
				}
				if byValue[v] == nil {
					byValue[v] = &trendRow{Value: v, Indexed: indexedValue[v]}
				}
				byValue[v].Paragraphs += r.Paragraphs
				byValue[v].Occurrences += r.Occurrences
			}
			for _, r := range byValue {
				rate(r)
				tr.Rows = append(tr.Rows, *r)
			}
			sortRows(tr)
			continue
		}
		if by == "year" {
			byYear := map[string]*trendRow{}
			for path, r := range c.byDoc {
				y := c.docYear[path]
				if y == "" {
					tr.Undated += r.Paragraphs // no place on a time line
					continue
				}
				if byYear[y] == nil {
					byYear[y] = &trendRow{Value: y}
				}
				byYear[y].Paragraphs += r.Paragraphs
				byYear[y].Occurrences += r.Occurrences
			}
			for _, y := range years {
				row := trendRow{Value: strconv.Itoa(y)}
				if r := byYear[row.Value]; r != nil {
					row = *r
				}
				row.Indexed = indexedYear[row.Value]
				rate(&row)
				tr.Rows = append(tr.Rows, row)
			}
			continue
		}
		for _, r := range c.byDoc {
			row := *r
			row.Indexed = indexedDoc[row.Value]
			rate(&row)
			tr.Rows = append(tr.Rows, row)
		}
		sortRows(tr)
	}
	return trends
}

// sortRows puts the rows with the most hits first.
func sortRows(tr *trend) {
	sort.Slice(tr.Rows, func(i, j int) bool {
		a, b := tr.Rows[i], tr.Rows[j]
		if va, vb := rowValue(tr, a), rowValue(tr, b); va != vb {
			return va > vb
		}
		return a.Value < b.Value
	})
}

// metadataOf maps each document's path to its metadata field named by by
// (region, issuer, kind or force), or returns nil for other groupings.
func metadataOf(docs []index.DocRecord, by string) map[string]string {
	field := map[string]func(index.DocRecord) string{
		"region": func(d index.DocRecord) string { return d.Region },
		"issuer": func(d index.DocRecord) string { return d.Issuer },
		"kind":   func(d index.DocRecord) string { return d.Type },
		"force":  func(d index.DocRecord) string { return d.Force },
	}[by]
	if field == nil {
		return nil
	}
	out := make(map[string]string, len(docs))
	for _, d := range docs {
		out[d.Path] = field(d)
	}
	return out
}

// printTrends draws the trends as bar charts on one scale, so that bars of
// different keywords compare.
func printTrends(env *environment, trends []*trend, width int) {
	most := 0.0
	for _, tr := range trends {
		for _, r := range tr.Rows {
			most = max(most, rowValue(tr, r))
		}
	}
	for _, tr := range trends {
		keyword := safe(tr.Keyword)
		if len(tr.Filters) > 0 {
			keyword += " (" + safe(strings.Join(tr.Filters, " ")) + ")"
		}
		head := fmt.Sprintf("%s: %s, %s, by %s", keyword, plural(tr.Paragraphs, "paragraph"), plural(tr.Occurrences, "occurrence"), tr.By)
		if tr.Per > 0 {
			head += fmt.Sprintf(", per %s paragraphs indexed", perLabel(tr.Per))
		}
		fmt.Fprintln(env.stdout, head)

		type line struct{ label, rest string }
		var lines []line
		for i := 0; i < len(tr.Rows); i++ {
			r := tr.Rows[i]
			if tr.By == "year" && r.Indexed == 0 && r.Paragraphs == 0 {
				// A run of years without documents is one line.
				j := i
				for j+1 < len(tr.Rows) && tr.Rows[j+1].Indexed == 0 && tr.Rows[j+1].Paragraphs == 0 {
					j++
				}
				label := r.Value
				if j > i {
					label += "–" + tr.Rows[j].Value
				}
				lines = append(lines, line{label, "(no documents)"})
				i = j
				continue
			}
			rest := fmt.Sprintf("%d (%d)", r.Paragraphs, r.Occurrences)
			if tr.Per > 0 {
				rest = fmt.Sprintf("%s (%d of %d)", formatRate(r.Rate), r.Paragraphs, r.Indexed)
			}
			if b := bar(rowValue(tr, r), most, width); b != "" {
				rest = b + " " + rest
			}
			lines = append(lines, line{rowLabel(r), rest})
		}
		labelWidth := 0
		for _, l := range lines {
			labelWidth = max(labelWidth, stringWidth(l.label))
		}
		for _, l := range lines {
			fmt.Fprintf(env.stdout, "  %s%s %s\n", l.label, strings.Repeat(" ", labelWidth-stringWidth(l.label)), l.rest)
		}
		if tr.Unknown > 0 {
			fmt.Fprintf(env.stdout, "  (and %s in documents that name no %s)\n", plural(tr.Unknown, "paragraph"), tr.By)
		}
		if tr.Undated > 0 {
			fmt.Fprintf(env.stdout, "  (and %s in undated documents)\n", plural(tr.Undated, "paragraph"))
		}
		fmt.Fprintln(env.stdout)
	}
}

// rowValue is what a row's bar measures.
func rowValue(tr *trend, r trendRow) float64 {
	if tr.Per > 0 {
		return r.Rate
	}
	return float64(r.Paragraphs)
}

func perLabel(per int) string {
	if per >= 1000 && per%1000 == 0 {
		return strconv.Itoa(per/1000) + "k"
	}
	return strconv.Itoa(per)
}

func formatRate(r float64) string {
	switch {
	case r == 0:
		return "0"
	case r >= 100:
		return strconv.FormatFloat(r, 'f', 0, 64)
	case r >= 10:
		return strconv.FormatFloat(r, 'f', 1, 64)
	}
	return strconv.FormatFloat(r, 'f', 2, 64)
}

func rowLabel(r trendRow) string {
	if r.Label != "" {
		return safe(ellipsize(r.Label, 30))
	}
	return safe(r.Value)
}

// bar draws v of most as a bar of up to width eighth-block characters; a
// value above 0 gets at least an eighth, so that it is never mistaken for 0.
func bar(v, most float64, width int) string {
	if most <= 0 || v <= 0 {
		return ""
	}
	eighths := max(1, int(v*float64(width)*8/most+0.5))
	blocks := []rune(" ▏▎▍▌▋▊▉")
	return strings.Repeat("█", eighths/8) + strings.TrimSpace(string(blocks[eighths%8]))
}
