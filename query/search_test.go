package query_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/index/extract"
	"github.com/zhsearch/zhsearch/query"
	"github.com/zhsearch/zhsearch/segment"
)

var seed = flag.Uint64("seed", 20241223, "seed for the sampled recall tests")

// The test corpus: the reference speech and files copied from ../shared/corpus
// (a law, national and provincial reports, one of them GB18030).
var corpusPaths = []string{"../testdata/speech.txt", "../testdata/corpus"}

var (
	testSeg   *segment.Segmenter
	testIndex *index.Index
)

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(func() int {
		dir, err := os.MkdirTemp("", "zhsearch-query-test")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		defer os.RemoveAll(dir)
		testSeg, err = segment.New(segment.Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		if _, err := index.Update(context.Background(), dir, testSeg, corpusPaths, index.UpdateOptions{Strict: true}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		testIndex, err = index.Open(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		defer testIndex.Close()
		return m.Run()
	}())
}

// paragraph is the ground truth: a paragraph as extract gives it.
type paragraph struct {
	doc     string
	title   string
	n       int
	text    string
	folded  string
	section []string
	heading bool
}

func (p paragraph) key() string { return fmt.Sprintf("%s ¶%d", p.doc, p.n) }

// loadParagraphs parses the files under paths as the index does.
func loadParagraphs(t testing.TB, paths []string) []paragraph {
	t.Helper()
	var out []paragraph
	for _, root := range paths {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			ext := filepath.Ext(path)
			if path != root && ext != ".txt" && ext != ".md" {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			doc, err := extract.Parse(filepath.Base(path), data)
			if err != nil {
				return err
			}
			for _, p := range doc.Paragraphs {
				out = append(out, paragraph{doc: index.DocPath(path), title: doc.Title, n: p.N, text: p.Text, folded: segment.FoldString(p.Text),
					section: p.Section, heading: p.Kind != extract.KindBody})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// occurrences finds the non-overlapping occurrences of keyword in text, with
// full-width and half-width forms and letter case folded, by plain rune
// comparison: an implementation independent of the one under test.
func occurrences(text, keyword string) []query.Match {
	tr, kr := []rune(segment.FoldString(text)), []rune(segment.FoldString(keyword))
	offsets := make([]int, 0, len(tr)+1)
	for i := range text {
		offsets = append(offsets, i)
	}
	offsets = append(offsets, len(text))
	var out []query.Match
	for i := 0; i+len(kr) <= len(tr); {
		if string(tr[i:i+len(kr)]) == string(kr) {
			out = append(out, query.Match{Start: offsets[i], End: offsets[i+len(kr)]})
			i += len(kr)
			continue
		}
		i++
	}
	return out
}

// search runs q with keywords as typed (without synonyms), as the
// independent implementations the tests compare with search.
func search(t *testing.T, q string) *query.Result {
	t.Helper()
	res, err := query.Search(context.Background(), testIndex, q, query.Options{Exact: true})
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	return res
}

// hitKeys maps each hit to its paragraph key.
func hitsByKey(res *query.Result) map[string]query.Hit {
	m := map[string]query.Hit{}
	for _, h := range res.Hits {
		m[fmt.Sprintf("%s ¶%d", h.Doc, h.Paragraph)] = h
	}
	return m
}

// checkKeywords compares a search for all of keywords (a paragraph must hold
// each) with plain substring search over the paragraphs: the same paragraphs,
// and every occurrence of every keyword marked.
func checkKeywords(t *testing.T, paragraphs []paragraph, q string, keywords ...string) {
	t.Helper()
	res := search(t, q)
	got := hitsByKey(res)
	want := map[string][]query.Match{}
	for _, p := range paragraphs {
		var all []query.Match
		ok := true
		for _, k := range keywords {
			if !strings.Contains(p.folded, segment.FoldString(k)) {
				ok = false
				break
			}
			occ := occurrences(p.text, k)
			if len(occ) == 0 {
				ok = false
				break
			}
			all = append(all, occ...)
		}
		if ok {
			sort.Slice(all, func(i, j int) bool {
				return all[i].Start < all[j].Start || all[i].Start == all[j].Start && all[i].End < all[j].End
			})
			want[p.key()] = dedupe(all)
		}
	}
	if res.Total != len(res.Hits) {
		t.Errorf("%s: Total %d but %d hits with no limit", q, res.Total, len(res.Hits))
	}
	for k := range want {
		if _, ok := got[k]; !ok {
			t.Errorf("%s: missed %s", q, k)
		}
	}
	for k, h := range got {
		w, ok := want[k]
		if !ok {
			t.Errorf("%s: %s does not hold the keywords: %q", q, k, h.Text)
			continue
		}
		if diff := cmp.Diff(w, h.Matches); diff != "" {
			t.Errorf("%s: matches in %s (-want +got):\n%s", q, k, diff)
		}
	}
}

func dedupe(ms []query.Match) []query.Match {
	out := ms[:0]
	for i, m := range ms {
		if i == 0 || m != ms[i-1] {
			out = append(out, m)
		}
	}
	return out
}

// sample returns a random substring of 1 to 8 runes of a random paragraph
// that starts and ends with a Han character (where plain substring search and
// whole-word matching agree), or "" if the draw does not fit.
func sample(r *rand.Rand, paragraphs []paragraph) string {
	p := paragraphs[r.IntN(len(paragraphs))]
	runes := []rune(p.text)
	n := 1 + r.IntN(8)
	if len(runes) < n {
		return ""
	}
	i := r.IntN(len(runes) - n + 1)
	s := runes[i : i+n]
	if !segment.IsHan(s[0]) || !segment.IsHan(s[len(s)-1]) {
		return ""
	}
	return string(s)
}

// quote makes a keyword with spaces, punctuation or query syntax one exact
// phrase.
func quote(k string) string {
	for _, r := range k {
		if !segment.IsHan(r) {
			return `"` + k + `"`
		}
	}
	return k
}

func TestRecallAndPrecisionOnSampledKeywords(t *testing.T) {
	paragraphs := loadParagraphs(t, corpusPaths)
	r := rand.New(rand.NewPCG(*seed, 1))
	tried := 0
	for tried < 400 {
		k := sample(r, paragraphs)
		if k == "" || strings.ContainsRune(k, '"') {
			continue
		}
		tried++
		checkKeywords(t, paragraphs, quote(k), k)
	}
}

func TestRecallAndPrecisionOnPolicyTerms(t *testing.T) {
	paragraphs := loadParagraphs(t, corpusPaths)
	data, err := os.ReadFile("../segment/dict/policy.txt")
	if err != nil {
		t.Fatal(err)
	}
	terms := 0
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			checkKeywords(t, paragraphs, f[0], f[0])
			terms++
		}
	}
	// and single characters, which gse rarely leaves alone
	for _, k := range []string{"煤", "矿", "山", "安", "的", "一"} {
		checkKeywords(t, paragraphs, k, k)
	}
	t.Logf("%d policy terms checked", terms)
}

func TestRecallAndPrecisionOnKeywordPairs(t *testing.T) {
	paragraphs := loadParagraphs(t, corpusPaths)
	r := rand.New(rand.NewPCG(*seed, 2))
	for tried := 0; tried < 100; {
		a, b := sample(r, paragraphs), sample(r, paragraphs)
		if a == "" || b == "" || strings.ContainsRune(a+b, '"') {
			continue
		}
		tried++
		checkKeywords(t, paragraphs, quote(a)+" "+quote(b), a, b)
	}
}

// tempIndex builds an index of paths in a temporary folder and opens it
// for the rest of the test or benchmark.
func tempIndex(tb testing.TB, paths ...string) *index.Index {
	tb.Helper()
	dir := tb.TempDir()
	if _, err := index.Update(context.Background(), dir, testSeg, paths, index.UpdateOptions{}); err != nil {
		tb.Fatal(err)
	}
	return openIndex(tb, dir)
}

// openIndex opens the index in dir for the rest of the test or benchmark.
func openIndex(tb testing.TB, dir string) *index.Index {
	tb.Helper()
	ix, err := index.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

// TestRecallOnSharedCorpus runs the sampled check over the 2026 provincial
// reports of ../shared/corpus (web-page chrome and all) when it is there.
func TestRecallOnSharedCorpus(t *testing.T) {
	skipUnderRace(t)
	root := "../../shared/corpus/reports/provincial-2026"
	if _, err := os.Stat(root); err != nil {
		t.Skip("../shared/corpus is not here")
	}
	if testing.Short() {
		t.Skip("builds an index of 1.8 MB; skipped with -short")
	}
	ix := tempIndex(t, root)
	saved := testIndex
	testIndex = ix
	defer func() { testIndex = saved }()
	paragraphs := loadParagraphs(t, []string{root})
	r := rand.New(rand.NewPCG(*seed, 3))
	for tried := 0; tried < 150; {
		k := sample(r, paragraphs)
		if k == "" || strings.ContainsRune(k, '"') {
			continue
		}
		tried++
		checkKeywords(t, paragraphs, quote(k), k)
	}
	for _, k := range []string{"非煤矿山", "安全生产", "新质生产力", "煤", "矿山"} {
		checkKeywords(t, paragraphs, k, k)
	}
}

func TestUTF8RuneCounts(t *testing.T) {
	// Matches are byte offsets into text, on rune boundaries.
	for _, h := range search(t, "安全").Hits {
		for _, m := range h.Matches {
			if !utf8.ValidString(h.Text[m.Start:m.End]) || h.Text[m.Start:m.End] != "安全" {
				t.Fatalf("match %v in %q is %q", m, h.Text, h.Text[m.Start:m.End])
			}
		}
	}
}
