package query_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// TestWholeWordMatchesRankFirst: a keyword that stands as a whole gse word in
// a paragraph ranks it above every paragraph where the keyword is only part
// of a longer word (交通 in 交通 versus in 道路交通).
func TestWholeWordMatchesRankFirst(t *testing.T) {
	for _, k := range []string{"交通", "安全", "矿山", "社区", "生产", "发展", "建设"} {
		t.Run(k, func(t *testing.T) {
			res := search(t, k)
			var whole, partial int
			for i, h := range res.Hits {
				isWhole := false
				for _, w := range testSeg.Words(h.Text) {
					isWhole = isWhole || w.Term == k
				}
				if isWhole {
					whole++
					if partial > 0 {
						t.Errorf("hit %d (%s ¶%d) holds %s as a word but ranks below %d hits that do not", i+1, h.Doc, h.Paragraph, k, partial)
					}
				} else {
					partial++
				}
			}
			if whole == 0 || partial == 0 {
				t.Logf("%s: %d whole-word hits, %d inside longer words: nothing to order", k, whole, partial)
			}
		})
	}
}

// TestTitleAndHeadingMatchesWeighMore: the same paragraph ranks higher in a
// document whose title, or under a heading, that holds the keyword.
func TestTitleAndHeadingMatchesWeighMore(t *testing.T) {
	src := t.TempDir()
	body := "各地要做好冬季道路运输安全工作。\n"
	files := map[string]string{
		"plain.txt":   "关于加强冬季工作的通知\n一、总体要求\n" + body,
		"title.txt":   "关于加强冬季道路运输安全的通知\n一、总体要求\n" + body,
		"heading.txt": "关于加强冬季工作的通知\n一、道路运输安全\n" + body,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	if _, err := index.Update(context.Background(), dir, testSeg, []string{src}, index.UpdateOptions{Strict: true}); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := query.Search(context.Background(), ix, "道路运输", query.Options{})
	if err != nil {
		t.Fatal(err)
	}
	score := map[string]float64{}
	for _, h := range res.Hits {
		if h.Text == body[:len(body)-1] {
			score[filepath.Base(h.Doc)] = h.Score
		}
	}
	if len(score) != 3 {
		t.Fatalf("body paragraph found in %d documents, want 3: %v", len(score), res.Hits)
	}
	if !(score["title.txt"] > score["plain.txt"]) {
		t.Errorf("under a matching title: score %v, not above %v", score["title.txt"], score["plain.txt"])
	}
	if !(score["heading.txt"] > score["plain.txt"]) {
		t.Errorf("under a matching heading: score %v, not above %v", score["heading.txt"], score["plain.txt"])
	}
}

// TestScoresDoNotDependOnBuildOrder: the same files rank the same way
// whatever order bleve numbered their paragraphs in, for queries of two
// keywords joined by AND, OR and NOT (where bleve's boolean searcher once
// skipped the whole-word and heading bonuses of some paragraphs, depending on
// the order).
func TestScoresDoNotDependOnBuildOrder(t *testing.T) {
	corpus, speech := "../testdata/corpus", "../testdata/speech.txt"
	build := func(steps ...[]string) *index.Index {
		dir := t.TempDir()
		for _, paths := range steps {
			if _, err := index.Update(context.Background(), dir, testSeg, paths, index.UpdateOptions{Workers: 1}); err != nil {
				t.Fatal(err)
			}
		}
		ix, err := index.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		return ix
	}
	speechFirst := build([]string{speech}, []string{speech, corpus})
	corpusFirst := build([]string{corpus}, []string{speech, corpus})

	paragraphs := loadParagraphs(t, []string{speech})
	r := rand.New(rand.NewPCG(*seed, 5))
	queries := []string{"安全社区 建设", "农村道路 交通安全", "非煤矿山 关闭"}
	for len(queries) < 90 {
		a, b := sample(r, paragraphs), sample(r, paragraphs)
		if a != "" && b != "" {
			queries = append(queries, quote(a)+" "+quote(b), quote(a)+" OR "+quote(b), quote(a)+" -"+quote(b))
		}
	}
	for _, q := range queries {
		scores := func(ix *index.Index) map[string]float64 {
			res, err := query.Search(context.Background(), ix, q, query.Options{})
			if err != nil {
				t.Fatalf("Search(%q): %v", q, err)
			}
			out := map[string]float64{}
			for _, h := range res.Hits {
				out[fmt.Sprintf("%s ¶%d", h.Doc, h.Paragraph)] = h.Score
			}
			return out
		}
		a, b := scores(speechFirst), scores(corpusFirst)
		if len(a) != len(b) {
			t.Errorf("%s: %d hits, %d in the other build", q, len(a), len(b))
			continue
		}
		for k, s := range a {
			if math.Abs(s-b[k]) > 1e-9*math.Max(1, math.Abs(s)) {
				t.Errorf("%s: %s scores %v, %v in the other build", q, k, s, b[k])
			}
		}
	}
}
