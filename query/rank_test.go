package query_test

import (
	"context"
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
)

// rankingIndex indexes files (name → text) and returns the open index.
func rankingIndex(t *testing.T, files map[string]string) *index.Index {
	t.Helper()
	src := t.TempDir()
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
	t.Cleanup(func() { ix.Close() })
	return ix
}

// TestRankingRules: each rule of the ranking puts the paragraph it favours
// first among paragraphs that differ only by that rule (same keywords, same
// counts, nearly the same length, titles and headings that do not match).
func TestRankingRules(t *testing.T) {
	for _, tt := range []struct {
		name  string
		query string
		files map[string]string // each file's body paragraph is the one ranked
		want  []string          // files in the order their body paragraph must rank
	}{
		{
			name:  "keywords together as typed, then in one sentence, then scattered",
			query: "安全生产 责任制",
			files: map[string]string{
				"together.txt":  "关于工作的通知\n各单位要全面落实安全生产责任制，定期开展检查，做好各项工作。\n",
				"sentence.txt":  "关于工作的通知\n各单位要安全生产，并且全面落实责任制，定期开展检查工作。\n",
				"scattered.txt": "关于工作的通知\n各单位要重视安全生产。定期开展检查，全面落实责任制工作。\n",
			},
			want: []string{"together.txt", "sentence.txt", "scattered.txt"},
		},
		{
			name:  "keywords first found in the order typed before reversed",
			query: "安全生产 责任制",
			files: map[string]string{
				"typed.txt":    "关于工作的通知\n各单位要重视安全生产。定期开展检查，全面落实责任制工作。\n",
				"reversed.txt": "关于工作的通知\n各单位要落实责任制。定期开展检查，全面重视安全生产工作。\n",
			},
			want: []string{"typed.txt", "reversed.txt"},
		},
		{
			name:  "substantial text before a stub, though the stub is shorter",
			query: "责任制",
			files: map[string]string{
				"stub.txt":        "关于工作的通知\n落实责任制。\n",
				"substantial.txt": "关于工作的通知\n各单位要全面落实责任制，定期开展安全检查，做好各项工作，及时报告发现的问题。\n",
			},
			want: []string{"substantial.txt", "stub.txt"},
		},
		{
			// other.txt is shorter, so BM25 alone ranks it first; but it
			// holds a word rarer than the query's (尾矿库, in no other
			// paragraph), which a person remembering it would have typed.
			name:  "a paragraph whose rarest words are the query's before one holding a rarer word",
			query: "隐患排查 应急演练",
			files: map[string]string{
				"target.txt": "关于工作的通知\n各单位要认真落实各项工作要求，加强组织领导，强化责任落实，确保各项任务按时完成，定期开展隐患排查，认真组织应急演练。\n",
				"other.txt":  "关于工作的通知\n各单位要认真落实各项工作要求，加强尾矿库监管，确保各项任务按时完成，定期开展隐患排查，认真组织应急演练。\n",
				"a.txt":      "关于工作的通知\n各单位要认真落实各项工作要求，加强组织领导，强化责任落实，确保各项任务按时完成，做好总结报告。\n",
				"b.txt":      "关于工作的通知\n各单位要认真落实各项工作要求，加强组织领导，强化责任落实，确保各项任务按时完成，及时报送材料。\n",
				"c.txt":      "关于工作的通知\n各单位要认真落实各项工作要求，加强组织领导，强化责任落实，确保各项任务按时完成，按时报告进展。\n",
			},
			want: []string{"target.txt", "other.txt"},
		},
		{
			name:  "a word inside a compound counts as a word; a keyword across word boundaries does not",
			query: "人民",
			files: map[string]string{
				"word.txt":   "关于工作的通知\n我们要坚持中华人民共和国宪法规定的各项制度。\n",
				"inside.txt": "关于工作的通知\n我们要坚持爱民如子主人民主各项制度规定。\n",
			},
			want: []string{"word.txt", "inside.txt"},
		},
		{
			name:  "as typed before found through folding",
			query: "管理人員",
			files: map[string]string{
				"simplified.txt":  "关于工作的通知\n各级管理人员要加强学习，提高水平。\n",
				"traditional.txt": "關於工作的通知\n各級管理人員要加強學習，提高水平。\n",
			},
			want: []string{"traditional.txt", "simplified.txt"},
		},
		{
			name:  "simplified typed, simplified first",
			query: "管理人员",
			files: map[string]string{
				"simplified.txt":  "关于工作的通知\n各级管理人员要加强学习，提高水平。\n",
				"traditional.txt": "關於工作的通知\n各級管理人員要加強學習，提高水平。\n",
			},
			want: []string{"simplified.txt", "traditional.txt"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := rankingIndex(t, tt.files)
			res, err := query.Search(context.Background(), ix, tt.query, query.Options{Explain: true})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				if !h.Heading {
					got = append(got, filepath.Base(h.Doc))
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				for _, h := range res.Hits {
					t.Logf("%s ¶%d %.3f %s", filepath.Base(h.Doc), h.Paragraph, h.Score, explanationText(h.Explain, ""))
				}
				t.Errorf("%s: order (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

// TestWordMatchesInsideCompounds checks the word signal against the
// fine-grained cut, in the explanation: 安全生产 is a word inside
// 安全生产责任制, 华人 is not one inside 中华人民共和国.
func TestWordMatchesInsideCompounds(t *testing.T) {
	ix := rankingIndex(t, map[string]string{
		"a.txt": "关于工作的通知\n落实安全生产责任制。\n中华人民共和国。\n海外华人。\n",
	})
	for _, tt := range []struct {
		query string
		text  string
		word  bool
	}{
		{"安全生产", "落实安全生产责任制。", true},
		{"责任制", "落实安全生产责任制。", true},
		{"全生产", "落实安全生产责任制。", false},
		{"产责任", "落实安全生产责任制。", false},
		{"华人", "中华人民共和国。", false},
		{"华人", "海外华人。", true},
		{"人民", "中华人民共和国。", true},
	} {
		res, err := query.Search(context.Background(), ix, tt.query, query.Options{Explain: true})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range res.Hits {
			if h.Text != tt.text {
				continue
			}
			found = true
			if word := strings.Contains(explanationText(h.Explain, ""), "stands as a word"); word != tt.word {
				t.Errorf("%s in %s: word match %v, want %v\n%s", tt.query, tt.text, word, tt.word, explanationText(h.Explain, ""))
			}
		}
		if !found {
			t.Errorf("%s: %s not found", tt.query, tt.text)
		}
	}
}

// TestExplanationsAddUp: every explained score is the sum of its parts,
// and explaining changes neither the hits nor their scores.
func TestExplanationsAddUp(t *testing.T) {
	for _, q := range []string{"安全生产 责任制", "非煤矿山", "煤", "道路 OR 交通", "安全 -生产", "section:安全 检查", "\"安全, 生产\""} {
		plain, err := query.Search(context.Background(), testIndex, q, query.Options{Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		explained, err := query.Search(context.Background(), testIndex, q, query.Options{Limit: 20, Explain: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(plain.Hits) != len(explained.Hits) {
			t.Fatalf("%s: %d hits explained, %d not", q, len(explained.Hits), len(plain.Hits))
		}
		for i, h := range explained.Hits {
			if h.ID != plain.Hits[i].ID || h.Score != plain.Hits[i].Score {
				t.Errorf("%s: hit %d is %s %v explained, %s %v not", q, i+1, h.ID, h.Score, plain.Hits[i].ID, plain.Hits[i].Score)
			}
			if h.Explain == nil {
				t.Errorf("%s: hit %d (%s) has no explanation", q, i+1, h.ID)
				continue
			}
			if math.Abs(h.Explain.Value-h.Score) > 1e-9*math.Max(1, h.Score) {
				t.Errorf("%s: hit %d explains %v, scores %v", q, i+1, h.Explain.Value, h.Score)
			}
			checkSums(t, q, h.Explain)
		}
		if plain.Hits != nil && plain.Hits[0].Explain != nil {
			t.Errorf("%s: explanation without asking", q)
		}
	}
}

func checkSums(t *testing.T, q string, e *query.Explanation) {
	if len(e.Details) == 0 {
		return
	}
	sum := 0.0
	for _, d := range e.Details {
		sum += d.Value
		checkSums(t, q, d)
	}
	if math.Abs(sum-e.Value) > 1e-9*math.Max(1, e.Value) {
		t.Errorf("%s: %q is %v, its details add up to %v", q, e.Message, e.Value, sum)
	}
}

func explanationText(e *query.Explanation, indent string) string {
	if e == nil {
		return ""
	}
	s := fmt.Sprintf("\n%s%.3f %s", indent, e.Value, e.Message)
	for _, d := range e.Details {
		s += explanationText(d, indent+"  ")
	}
	return s
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
	skipUnderRace(t)
	t.Parallel() // long; runs beside the other long tests
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
