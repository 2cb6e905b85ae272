package query_test

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
	"github.com/zhsearch/zhsearch/segment"
)

// TestUpdateAnswersAsAFreshBuildOnReports: an index updated to a set of
// files (one edited so that words' counts change, one added, one removed)
// answers every query as a fresh build of the same files does: the same
// hits, in the same order, with the same scores and explanations. The
// distinctive signal ranks by the rarity of each paragraph's words in the
// whole index, which the update changes for paragraphs it does not re-read
// too. Three times: updates of an updated index too, the last an edit of
// one file. Each update cuts again only some of the paragraphs it keeps
// (index.Report.Reprofiled), not all, and the last few.
func TestUpdateAnswersAsAFreshBuildOnReports(t *testing.T) {
	skipUnderRace(t)
	t.Parallel() // long; runs beside the other long tests
	src := t.TempDir()
	copyTo := func(name, from string) {
		t.Helper()
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// dropLines removes the lines of a file of src that drop says to.
	dropLines := func(name string, drop func(i int) bool) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		var kept []string
		for i, line := range strings.Split(string(data), "\n") {
			if !drop(i) {
				kept = append(kept, line)
			}
		}
		if err := os.WriteFile(filepath.Join(src, name), []byte(strings.Join(kept, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	everyThird := func(first int) func(int) bool { return func(i int) bool { return i%3 == first } }
	remove := func(name string) {
		t.Helper()
		if err := os.Remove(filepath.Join(src, name)); err != nil {
			t.Fatal(err)
		}
	}
	copyTo("speech.txt", "../testdata/speech.txt")
	copyTo("安全生产法.md", "../testdata/corpus/laws/安全生产法(2021-06-10).md")
	copyTo("2024.txt", "../testdata/corpus/reports/2024_2024年中华人民共和国国务院政府工作报告.txt")
	copyTo("1956.txt", "../testdata/corpus/reports/1956_1956年中华人民共和国国务院政府工作报告.txt")
	copyTo("河北省.txt", "../testdata/corpus/reports/河北省.txt")
	updated := t.TempDir()
	ctx := context.Background()
	if _, err := index.Update(ctx, updated, testSeg, []string{src}, index.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	for i, step := range []struct {
		name   string
		reread []string // the files the update reads: changed or added
		// cutShare bounds the share of the paragraphs kept that the update
		// cuts again: below all for the updates of large parts of a small
		// corpus, a small part for an edit of one file.
		cutShare float64
		change   func()
	}{
		{"河北省 loses every third line, 山西省 comes, 1956 goes", []string{"河北省.txt", "山西省.txt"}, 1, func() {
			dropLines("河北省.txt", everyThird(2))
			copyTo("山西省.txt", "../testdata/corpus/gb18030/山西省.txt")
			remove("1956.txt")
		}},
		{"then 2024 loses every third line, 1956 comes back, the law goes", []string{"2024.txt", "1956.txt"}, 1, func() {
			dropLines("2024.txt", everyThird(0))
			copyTo("1956.txt", "../testdata/corpus/reports/1956_1956年中华人民共和国国务院政府工作报告.txt")
			remove("安全生产法.md")
		}},
		{"then 山西省 loses its line 40: an everyday update", []string{"山西省.txt"}, 0.2, func() {
			dropLines("山西省.txt", func(i int) bool { return i == 40 })
		}},
	} {
		step.change()
		rep, err := index.Update(ctx, updated, testSeg, []string{src}, index.UpdateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Changed != 1 || rep.Added+rep.Removed != 2*(len(step.reread)-1) {
			t.Fatalf("%s: the update changed %d, added %d and removed %d files; the test means otherwise", step.name, rep.Changed, rep.Added, rep.Removed)
		}
		// The update profiles the paragraphs it keeps by cutting again
		// only those whose profiles may change: some, not all.
		ix, err := index.Open(updated)
		if err != nil {
			t.Fatal(err)
		}
		kept := ix.Meta().Paragraphs - rep.Paragraphs
		ix.Close()
		t.Logf("%s: %d paragraphs kept, %d of them cut again", step.name, kept, rep.Reprofiled)
		if rep.Reprofiled == 0 || float64(rep.Reprofiled) >= step.cutShare*float64(kept) {
			t.Errorf("%s: the update cut again %d of the %d paragraphs it kept; the test means some, and fewer than %.0f%%", step.name, rep.Reprofiled, kept, 100*step.cutShare)
		}
		fresh := t.TempDir()
		if _, err := index.Update(ctx, fresh, testSeg, []string{src}, index.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		t.Run(step.name, func(t *testing.T) {
			checkAnswersAlike(t, src, uint64(i), updated, fresh, step.reread)
		})
	}
}

// checkAnswersAlike checks that the indexes in the folders got and want,
// of the files in src, answer queries made from their text alike. got was
// updated last reading the files reread; of the others, it kept the
// paragraphs.
func checkAnswersAlike(t *testing.T, src string, seed2 uint64, got, want string, reread []string) {
	gotIx, wantIx := openIndex(t, got), openIndex(t, want)

	// Queries from the text: the shapes a set is checked with, and the
	// words gse cut of paragraphs, alone and in pairs: any two, and a
	// paragraph's rarest with another, which the distinctive signal scores
	// (it ranks by the rarity of a paragraph's words against the query's).
	paragraphs := loadParagraphs(t, []string{src})
	r := rand.New(rand.NewPCG(*seed, 15+seed2))
	queries := setQueries(r, paragraphs, 120)
	df := func(w string) uint32 {
		dfs, err := index.KeywordWords(w, wantIx.Rarity().DF)
		if err != nil {
			t.Fatal(err)
		}
		if len(dfs) != 1 {
			return math.MaxUint32 // not a word the index counts as one
		}
		return dfs[0]
	}
	for len(queries) < 360 {
		var words []string
		for _, w := range testSeg.Words(paragraphs[r.IntN(len(paragraphs))].text) {
			if utf8.RuneCountInString(w.Term) >= 2 && segment.AllHan(w.Term) {
				words = append(words, w.Term)
			}
		}
		if len(words) < 2 {
			continue
		}
		a, b := words[r.IntN(len(words))], words[r.IntN(len(words))]
		rarest := slices.MinFunc(words, func(x, y string) int { return int(df(x)>>1) - int(df(y)>>1) })
		queries = append(queries, setQuery{query: a}, setQuery{query: a + " " + b},
			setQuery{query: rarest}, setQuery{query: rarest + " " + b})
	}
	ctx := context.Background()
	hits, distinctive := 0, 0 // distinctive: hits of kept paragraphs that the signal scores
	for _, sq := range queries {
		opts := sq.opts
		opts.Explain = true
		wantRes, wantErr := query.Search(ctx, wantIx, sq.query, opts)
		gotRes, gotErr := query.Search(ctx, gotIx, sq.query, opts)
		if (wantErr != nil) != (gotErr != nil) {
			t.Errorf("%s: fresh build: %v; updated: %v", sq.query, wantErr, gotErr)
			continue
		}
		if wantErr != nil {
			continue
		}
		wantRes.Took, gotRes.Took = 0, 0
		if diff := cmp.Diff(wantRes, gotRes); diff != "" {
			t.Errorf("%s %+v: the updated index answers otherwise than a fresh build (-fresh +updated):\n%s", sq.query, sq.opts, diff)
		}
		hits += len(wantRes.Hits)
		for _, h := range wantRes.Hits {
			if distinctValue(h.Explain) > 0 && !slices.Contains(reread, filepath.Base(h.Doc)) {
				distinctive++
			}
		}
	}
	t.Logf("%d queries, %d hits compared, %d of them of kept paragraphs scored by the distinctive signal", len(queries), hits, distinctive)
	if hits < 1000 || distinctive < 25 {
		t.Errorf("%d hits compared, %d of kept paragraphs scored by the distinctive signal: too few to tell", hits, distinctive)
	}
}

// distinctValue is what the distinctive signal adds to a hit's score, as
// its explanation says.
func distinctValue(e *query.Explanation) float64 {
	if e == nil {
		return 0
	}
	if strings.HasPrefix(e.Message, "distinctive:") {
		return e.Value
	}
	v := 0.0
	for _, d := range e.Details {
		v += distinctValue(d)
	}
	return v
}
