package query_test

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
	"github.com/zhsearch/zhsearch/segment"
)

func has(text, k string) bool {
	return strings.Contains(segment.FoldString(text), segment.FoldString(k))
}

// keys returns the sorted paragraph keys of hits.
func keys(res *query.Result) []string {
	var out []string
	for k := range hitsByKey(res) {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestOperators checks each operator against its definition, evaluated
// directly on the paragraphs.
func TestOperators(t *testing.T) {
	paragraphs := loadParagraphs(t, corpusPaths)
	tests := []struct {
		query string
		want  func(p paragraph) bool
	}{
		{"非煤矿山 OR 危险化学品", func(p paragraph) bool { return has(p.text, "非煤矿山") || has(p.text, "危险化学品") }},
		{"安全生产 -事故", func(p paragraph) bool { return has(p.text, "安全生产") && !has(p.text, "事故") }},
		{"安全 (社区 OR 矿山) -宣传", func(p paragraph) bool {
			return has(p.text, "安全") && (has(p.text, "社区") || has(p.text, "矿山")) && !has(p.text, "宣传")
		}},
		{`"县(市、区)"`, func(p paragraph) bool { return has(p.text, "县(市、区)") }},
		{`安全 -"县(市、区)"`, func(p paragraph) bool { return has(p.text, "安全") && !has(p.text, "县(市、区)") }},
		{"title:安全生产法 第一条", func(p paragraph) bool { return has(p.title, "安全生产法") && has(p.text, "第一条") }},
		{"title:讲话", func(p paragraph) bool { return has(p.title, "讲话") }},
		{"section:非煤矿山", func(p paragraph) bool {
			sec := strings.Join(p.section, "\n")
			if p.heading {
				sec += "\n" + p.text
			}
			return has(sec, "非煤矿山")
		}},
		{"doc:河北 安全", func(p paragraph) bool { return strings.Contains(p.doc, "河北") && has(p.text, "安全") }},
		{"doc:speech.txt", func(p paragraph) bool { return strings.HasSuffix(p.doc, "speech.txt") }},
		{"xx", func(p paragraph) bool { return has(p.text, "XX") }},
		{"XX县", func(p paragraph) bool { return has(p.text, "XX县") }},
		{"１９５５", func(p paragraph) bool { return has(p.text, "1955") }},
		{"1955", func(p paragraph) bool { return has(p.text, "１９５５") }},
		{"ＧＤＰ", func(p paragraph) bool { return has(p.text, "gdp") }},
		{"5G", func(p paragraph) bool { return has(p.text, "5G") }},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var want []string
			for _, p := range paragraphs {
				if tt.want(p) {
					want = append(want, p.key())
				}
			}
			sort.Strings(want)
			got := keys(search(t, tt.query))
			if len(want) == 0 {
				t.Fatalf("the corpus has no paragraph for %s: a test that cannot fail", tt.query)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

func TestLatinAndDigitsMatchWholeWords(t *testing.T) {
	paragraphs := loadParagraphs(t, corpusPaths)
	// "20" is a substring of many numbers but a whole word in none, or few:
	// no hit may show it inside a longer number.
	for _, q := range []string{"20", "5", "xx", "gdp"} {
		for _, h := range search(t, q).Hits {
			if len(h.Matches) == 0 {
				t.Errorf("%s: hit %s ¶%d has no match", q, h.Doc, h.Paragraph)
			}
			for _, m := range h.Matches {
				before, after := " ", " "
				if m.Start > 0 {
					before = h.Text[m.Start-1 : m.Start]
				}
				if m.End < len(h.Text) {
					after = h.Text[m.End : m.End+1]
				}
				if isASCIIAlnum(before) || isASCIIAlnum(after) {
					t.Errorf("%s matched inside a longer word: %q", q, h.Text[max(0, m.Start-3):min(len(h.Text), m.End+3)])
				}
			}
		}
	}
	_ = paragraphs
}

func isASCIIAlnum(s string) bool {
	c := s[0]
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func TestBadQueries(t *testing.T) {
	tests := []struct {
		name   string
		query  string
		want   error
		column int
	}{
		{"empty", "", query.ErrEmptyQuery, 0},
		{"only spaces", " \u3000 ", query.ErrEmptyQuery, 0},
		{"only punctuation", "，。！", query.ErrSyntax, 1},
		{"only emoji", "安全 👉", query.ErrSyntax, 4},
		{"only exclusions", "-安全", query.ErrEmptyQuery, 0},
		{"unbalanced quote", `安全 "非煤`, query.ErrSyntax, 4},
		{"unbalanced parenthesis", "(安全 OR 生产", query.ErrSyntax, 1},
		{"control character", "安全\x07生产", query.ErrSyntax, 3},
		{"invalid UTF-8", "安全\xff", query.ErrSyntax, 3},
		{"10 000 characters", strings.Repeat("安", 10000), query.ErrTooComplex, 0},
		{"too many keywords", strings.Repeat("安 ", 100), query.ErrTooComplex, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := query.Search(context.Background(), testIndex, tt.query, query.Options{Limit: 10})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var se *query.SyntaxError
			if tt.column > 0 && (!errors.As(err, &se) || se.Column != tt.column) {
				t.Errorf("err = %v, want column %d", err, tt.column)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q is not one line", err)
			}
		})
	}
}

func TestStopWordsAndLongKeywordsAnswer(t *testing.T) {
	// Common characters and long keywords are searched, not refused.
	for _, q := range []string{"的", "了", strings.Repeat("安全", 100)} {
		if _, err := query.Search(context.Background(), testIndex, q, query.Options{Limit: 10}); err != nil {
			t.Errorf("%.20s: %v", q, err)
		}
	}
}

func TestPaging(t *testing.T) {
	all := search(t, "安全").Hits
	var paged []query.Hit
	for offset := 0; offset < len(all); offset += 7 {
		res, err := query.Search(context.Background(), testIndex, "安全", query.Options{Limit: 7, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != len(all) {
			t.Fatalf("page at %d: total %d, want %d", offset, res.Total, len(all))
		}
		paged = append(paged, res.Hits...)
	}
	if len(paged) != len(all) {
		t.Fatalf("pages hold %d hits, want %d", len(paged), len(all))
	}
	for i := range all {
		if paged[i].ID != all[i].ID {
			t.Fatalf("hit %d: page order %s, full order %s", i, paged[i].ID, all[i].ID)
		}
	}
}

func TestSearchTimesOut(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := query.Search(ctx, testIndex, "安全", query.Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestFiltersAndCounts(t *testing.T) {
	all := search(t, "安全生产")
	sum := func(cs []query.Count) (n int) {
		for _, c := range cs {
			n += c.Count
		}
		return n
	}
	if sum(all.ByDocument) != all.Total || len(all.ByDocument) != all.Documents || all.Documents < 3 {
		t.Fatalf("per-document counts %v do not add up to %d hits in %d documents", all.ByDocument, all.Total, all.Documents)
	}
	var dated int
	for _, h := range all.Hits {
		if h.Date != "" {
			dated++
		}
	}
	if sum(all.ByYear) != dated || len(all.ByYear) < 2 {
		t.Errorf("per-year counts %v, want them to add up to the %d hits of dated documents", all.ByYear, dated)
	}
	for _, y := range all.ByYear {
		res, err := query.Search(context.Background(), testIndex, "安全生产", query.Options{Years: []string{y.Value}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != y.Count {
			t.Errorf("year %s: %d hits, the count said %d", y.Value, res.Total, y.Count)
		}
		for _, h := range res.Hits {
			if !strings.HasPrefix(h.Date, y.Value) {
				t.Errorf("year %s filter let through %s dated %s", y.Value, h.Doc, h.Date)
			}
		}
	}
	doc := all.ByDocument[0]
	res, err := query.Search(context.Background(), testIndex, "安全生产", query.Options{Docs: []string{doc.Value}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != doc.Count || res.Documents != 1 {
		t.Errorf("document %s: %d hits in %d documents, the count said %d", doc.Value, res.Total, res.Documents, doc.Count)
	}
}

// TestTraditionalAndSimplifiedFold: either script finds the other, and the
// matches mark the characters as written.
func TestTraditionalAndSimplifiedFold(t *testing.T) {
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "trad.txt"), []byte("國務院關於非煤礦山安全的通知\n各地要關閉退出非煤礦山。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := index.Update(context.Background(), dir, testSeg, []string{src, "../testdata/speech.txt"}, index.UpdateOptions{Strict: true}); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, tt := range []struct {
		query string
		trad  int // hits in the traditional document
		simp  int // hits in the speech
	}{
		{"非煤矿山", 2, 7},
		{"非煤礦山", 2, 7},
		{"国务院", 1, 1},
		{"國務院", 1, 1},
	} {
		res, err := query.Search(context.Background(), ix, tt.query, query.Options{})
		if err != nil {
			t.Fatal(err)
		}
		trad, simp := 0, 0
		for _, h := range res.Hits {
			if strings.HasSuffix(h.Doc, "trad.txt") {
				trad++
			} else {
				simp++
			}
			for _, m := range h.Matches {
				if segment.FoldString(h.Text[m.Start:m.End]) != segment.FoldString(tt.query) {
					t.Errorf("%s: match %q", tt.query, h.Text[m.Start:m.End])
				}
			}
		}
		if trad != tt.trad || simp != tt.simp {
			t.Errorf("%s: %d traditional and %d simplified hits, want %d and %d", tt.query, trad, simp, tt.trad, tt.simp)
		}
	}
}

// TestPlaceTableOutOfStepIsDamage: a place table that does not describe
// bleve's segments (here: neighbouring entries swapped) must not give hits
// the wrong document or paragraph.
func TestPlaceTableOutOfStepIsDamage(t *testing.T) {
	dir := t.TempDir()
	if _, err := index.Update(context.Background(), dir, testSeg, []string{"../testdata/speech.txt"}, index.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	cur, err := os.ReadFile(filepath.Join(dir, "CURRENT"))
	if err != nil {
		t.Fatal(err)
	}
	gen, _, _ := strings.Cut(strings.TrimSpace(string(cur)), " ") // "<generation> <checksum of meta.json>"
	table := filepath.Join(dir, gen, "places.bin")
	data, err := os.ReadFile(table)
	if err != nil {
		t.Fatal(err)
	}
	// The entries, not the block checksums after them.
	const header, entry = 12, 24
	end := header + entry*int(binary.LittleEndian.Uint32(data[4:]))
	for i := header; i+2*entry <= end; i += 2 * entry {
		a, b := append([]byte(nil), data[i:i+entry]...), data[i+entry:i+2*entry]
		copy(data[i:], b)
		copy(data[i+entry:], a)
	}
	if err := os.WriteFile(table, data, 0o644); err != nil {
		t.Fatal(err)
	}
	// The checksums of the table's blocks tell when the search reads
	// them; were they to match, it would find the IDs out of step.
	ix, err := index.Open(dir)
	if err == nil {
		defer ix.Close()
		_, err = query.Search(context.Background(), ix, "安全", query.Options{Limit: 10})
	}
	if !errors.Is(err, index.ErrDamaged) {
		t.Fatalf("search with a shuffled place table: err = %v, want ErrDamaged", err)
	}
}
