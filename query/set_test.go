package query_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
	"github.com/zhsearch/zhsearch/segment"
)

// TestSetEqualsOneIndex searches the test corpus as one index and as four
// shards of it (split by file) with 100 queries made from its text with a
// fixed seed, and requires the same results: the same hits in the same
// order with the same scores, bit for bit, and the same totals and counts.
// Bit-equal, not merely close: every statistic the ranking reads is an
// integer (paragraphs, a term's paragraphs, a field's tokens) that the set
// sums exactly over its members, and each score is then computed from the
// same integers by the same operations in the same order.
func TestSetEqualsOneIndex(t *testing.T) {
	t.Parallel() // long; runs beside the other long tests
	// Not in path order: ties between shards must fall as in one index.
	shards := [][]string{
		{"../testdata/corpus/reports/河北省.txt"},
		{"../testdata/speech.txt"},
		{"../testdata/corpus/laws", "../testdata/corpus/gb18030"},
		{"../testdata/corpus/reports/1956_1956年中华人民共和国国务院政府工作报告.txt", "../testdata/corpus/reports/2024_2024年中华人民共和国国务院政府工作报告.txt"},
	}
	checkSetEqualsOne(t, testIndex, corpusPaths, shards)
}

// TestSetEqualsOneIndexOnSharedCorpus does the same over real reports of
// ../shared/corpus, when they are there: the Party congress reports, the
// last six government work reports and the Congress's resolutions on the
// reports (1.4 MB), in four shards by folder and file.
func TestSetEqualsOneIndexOnSharedCorpus(t *testing.T) {
	skipUnderRace(t)
	root := "../../shared/corpus/reports"
	if _, err := os.Stat(root); err != nil {
		t.Skip("../shared/corpus is not here")
	}
	if testing.Short() {
		t.Skip("builds two indexes of 1.4 MB; skipped with -short")
	}
	cpc, err := filepath.Glob(filepath.Join(root, "cpc", "*"))
	if err != nil || len(cpc) < 2 {
		t.Fatalf("no reports in %s/cpc: %v", root, err)
	}
	national, err := filepath.Glob(filepath.Join(root, "national", "20*"))
	if err != nil || len(national) < 6 {
		t.Fatalf("fewer than 6 reports in %s/national: %v", root, err)
	}
	national = national[len(national)-6:]
	resolutions, err := filepath.Glob(filepath.Join(root, "national", "nd_*"))
	if err != nil || len(resolutions) == 0 {
		t.Fatalf("no resolutions in %s/national: %v", root, err)
	}
	// Not in path order: ties between shards must fall as in one index.
	shards := [][]string{cpc[len(cpc)/2:], append(national[3:], resolutions...), cpc[:len(cpc)/2], national[:3]}
	all := append(append(append([]string{}, cpc...), national...), resolutions...)
	checkSetEqualsOne(t, tempIndex(t, all...), all, shards)
}

func checkSetEqualsOne(t *testing.T, one *index.Index, paths []string, shards [][]string) {
	var members []*index.Index
	for _, paths := range shards {
		members = append(members, tempIndex(t, paths...))
	}
	set, err := index.NewSet(members...)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := set.Meta().Paragraphs, one.Meta().Paragraphs; got != want {
		t.Fatalf("the shards hold %d paragraphs, the one index %d: they are not split from the same files", got, want)
	}
	ctx := context.Background()
	queries := setQueries(rand.New(rand.NewPCG(*seed, 14)), loadParagraphs(t, paths), 100)
	hits, total, statsMatter, apart := 0, 0, false, 0
	for _, sq := range queries {
		// The distinctive signal ranks by each member's own profiles:
		// compared apart, below.
		q, opts := sq.query, query.WithoutDistinctive(sq.opts)
		want, wantErr := query.Search(ctx, one, q, opts)
		got, gotErr := query.SearchSet(ctx, set, q, opts)
		if (wantErr != nil) != (gotErr != nil) || wantErr != nil && !sameKind(wantErr, gotErr) {
			t.Errorf("%s: one index: %v; shards: %v", q, wantErr, gotErr)
			continue
		}
		if wantErr != nil {
			continue
		}
		want.Took, got.Took = 0, 0
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s %+v: shards differ from one index (-want +got):\n%s", q, opts, diff)
		}
		hits += len(want.Hits)
		total += want.Total
		// Non-vacuity: a shard on its own ranks with its own statistics.
		if !statsMatter && len(want.Hits) > 0 {
			statsMatter = scoredApart(t, members, q, want.Hits)
		}
		apart += checkDistinctiveApart(t, one, set, q, sq.opts)
	}
	t.Logf("with the distinctive signal, %d hits scored apart from one index", apart)
	t.Logf("%d queries, %d hits compared of %d found", len(queries), hits, total)
	if hits < 300 || total < 1000 {
		t.Errorf("the queries found %d hits, %d compared: too few to compare", total, hits)
	}
	if !statsMatter {
		t.Error("no shard searched on its own scored a hit differently: the test cannot tell whether the set's statistics are used")
	}
}

// checkDistinctiveApart searches q with the distinctive signal on, all
// hits, over one index and over the set: the same paragraphs must match,
// with scores that differ by whole steps of the signal at most (its
// profiles are each member's own: see index.Rarity). It returns how many
// differ.
func checkDistinctiveApart(t *testing.T, one *index.Index, set *index.Set, q string, opts query.Options) int {
	t.Helper()
	opts.Limit, opts.Offset = 0, 0
	want, wantErr := query.Search(context.Background(), one, q, opts)
	got, gotErr := query.SearchSet(context.Background(), set, q, opts)
	if wantErr != nil || gotErr != nil {
		return 0 // compared above
	}
	score := map[string]float64{}
	for _, h := range want.Hits {
		score[h.ID] = h.Score
	}
	if want.Total != got.Total || len(want.Hits) != len(got.Hits) {
		t.Errorf("%s: with the distinctive signal, %d hits over one index, %d over the set", q, want.Total, got.Total)
		return 0
	}
	apart := 0
	for _, h := range got.Hits {
		w, ok := score[h.ID]
		steps := (h.Score - w) / query.DistinctWeight
		switch {
		case !ok:
			t.Errorf("%s: %s found over the set, not over one index", q, h.ID)
		case math.Abs(steps-math.Round(steps)) > 1e-6 || math.Abs(steps) > 3:
			t.Errorf("%s: %s scores %v over the set, %v over one index: not whole steps of the distinctive signal", q, h.ID, h.Score, w)
		case steps != 0:
			apart++
		}
	}
	return apart
}

// sameKind reports whether two errors of one query are the same failure.
func sameKind(a, b error) bool {
	for _, kind := range []error{query.ErrSyntax, query.ErrTooComplex, query.ErrEmptyQuery} {
		if errors.Is(a, kind) != errors.Is(b, kind) {
			return false
		}
	}
	return a.Error() == b.Error()
}

// scoredApart reports whether a hit scores differently when its shard is
// searched on its own.
func scoredApart(t *testing.T, shards []*index.Index, q string, hits []query.Hit) bool {
	for _, ix := range shards {
		res, err := query.Search(context.Background(), ix, q, query.WithoutDistinctive(query.Options{}))
		if err != nil {
			t.Fatal(err)
		}
		for _, alone := range res.Hits {
			for _, h := range hits {
				if h.ID == alone.ID && h.Score != alone.Score {
					return true
				}
			}
		}
	}
	return false
}

// A setQuery is a query and the page it asks for.
type setQuery struct {
	query string
	opts  query.Options
}

// setQueries makes n queries from the text of paragraphs: keywords, several
// keywords, phrases, proximity, OR and NOT, synonyms, filters with and
// without keywords (whose hits all score alike, so that order is ties
// broken), section: and title: restrictions, single characters, and a
// law's article.
func setQueries(r *rand.Rand, paragraphs []paragraph, n int) []setQuery {
	word := func(p paragraph, min, max int) string {
		runes := []rune(p.text)
		for range 50 {
			k := min + r.IntN(max-min+1)
			if len(runes) < k {
				return ""
			}
			i := r.IntN(len(runes) - k + 1)
			s := runes[i : i+k]
			allHan := true
			for _, c := range s {
				allHan = allHan && segment.IsHan(c)
			}
			if allHan {
				return string(s)
			}
		}
		return ""
	}
	pick := func() paragraph { return paragraphs[r.IntN(len(paragraphs))] }
	var forms []string
	for _, g := range query.BuiltinSynonyms().Groups() {
		for _, f := range g {
			for _, p := range paragraphs {
				if strings.Contains(p.text, f) {
					forms = append(forms, f)
					break
				}
			}
		}
	}
	var out []setQuery
	for len(out) < n {
		p := pick()
		a, b := word(p, 2, 3), word(p, 2, 4)
		if a == "" || b == "" {
			continue
		}
		var q string
		switch len(out) % 14 {
		case 0:
			q = a
		case 1:
			q = a + " " + b
		case 2:
			q = a + " " + b + " " + word(p, 1, 3)
		case 3:
			// A phrase with punctuation or spaces inside: checked against
			// each candidate's text.
			runes := []rune(p.text)
			if len(runes) < 12 {
				continue
			}
			i := r.IntN(len(runes) - 11)
			k := string(runes[i : i+6+r.IntN(6)])
			if strings.ContainsAny(k, `"\`) || !strings.ContainsFunc(k, segment.IsHan) {
				continue
			}
			q = `"` + k + `"`
		case 4:
			q = a + " /s " + b
		case 5:
			q = fmt.Sprintf("%s /%d %s", a, 1+r.IntN(30), b)
		case 6:
			q = a + " OR " + word(pick(), 2, 3)
		case 7:
			q = a + " -" + word(pick(), 1, 2)
		case 8:
			if len(forms) == 0 {
				continue
			}
			q = forms[r.IntN(len(forms))]
		case 9:
			from := 1950 + r.IntN(70)
			q = fmt.Sprintf("%s date:%d..%d", word(p, 1, 2), from, from+r.IntN(30))
		case 10:
			// Filters alone: every hit scores the same, and ties decide.
			q = []string{"date:1950..2030", "title:报告", "title:省", "doc:reports", "title:法 date:2000..2030"}[r.IntN(5)]
		case 11:
			q = "section:" + word(p, 1, 2)
		case 12:
			q = a + " title:" + []string{"报告", "政府", "法", "讲话", "省"}[r.IntN(5)]
		case 13:
			q = word(p, 1, 1) // one character: many hits, many alike
		}
		if q == "" || strings.HasSuffix(q, " ") || strings.HasSuffix(q, ":") || strings.HasSuffix(q, "-") {
			continue
		}
		// Each kind of query with every kind of page in turn: all hits,
		// the first ten, a page further on, and explained.
		var opts query.Options
		switch len(out) / 14 % 4 {
		case 1:
			opts.Limit = 10
		case 2:
			opts.Limit, opts.Offset = 7, 5
		case 3:
			opts.Limit, opts.Explain = 3, true
		}
		out = append(out, setQuery{q, opts})
	}
	return append(out[:n-2], setQuery{"安全生产法 第二十一条", query.Options{}}, setQuery{"《安全生产法》第十条 生产经营单位", query.Options{}})
}

// TestSetErrors proves that a query one index refuses is refused alike over
// a set, and that a search stopped is said to be stopped.
func TestSetErrors(t *testing.T) {
	set, err := index.NewSet(tempIndex(t, "../testdata/corpus/laws"), tempIndex(t, "../testdata/speech.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, q := range []string{`安全 "非煤矿山`, `-安全`, `安全 (生产`, `，。`, `date:2024..2020 安全`} {
		_, want := query.Search(ctx, testIndex, q, query.Options{})
		_, got := query.SearchSet(ctx, set, q, query.Options{})
		if want == nil || got == nil || want.Error() != got.Error() {
			t.Errorf("%s: one index: %v; a set: %v; want the same error", q, want, got)
		}
	}
	stopped, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := query.SearchSet(stopped, set, "安全", query.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled search over a set: %v; want context.Canceled", err)
	}
}
