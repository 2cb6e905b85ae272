package query_test

import (
	"context"
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
