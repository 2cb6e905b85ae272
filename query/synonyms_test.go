package query_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/query"
	"github.com/zhsearch/zhsearch/segment"
)

func TestBuiltinSynonymsOccurInCorpus(t *testing.T) {
	skipUnderRace(t)
	root := "../../shared/corpus"
	if _, err := os.Stat(root); err != nil {
		t.Skipf("skipped: the shared corpus is not here (%v)", err)
	}
	var all strings.Builder
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(path, "/formats/") {
			return err
		}
		if ext := filepath.Ext(path); ext != ".txt" && ext != ".md" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(path, "/gb18030/") {
			return nil // the same documents are in UTF-8 elsewhere
		}
		all.WriteString(segment.FoldString(string(data)))
		all.WriteByte('\n')
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	corpus := all.String()
	groups := query.BuiltinSynonyms().Groups()
	pairs := 0
	for _, g := range groups {
		pairs += len(g) - 1
		for _, f := range g {
			if !strings.Contains(corpus, segment.FoldString(f)) {
				t.Errorf("%s (of %s) does not occur in %s", f, strings.Join(g, " = "), root)
			}
		}
	}
	if pairs < 60 {
		t.Errorf("%d pairs in the built-in list, want at least 60", pairs)
	}
}

func TestSynonymFileErrors(t *testing.T) {
	tests := []struct {
		name, text, err string
	}{
		{"no =", "安委会\n", "my.txt:1: \"安委会\": no \"=\": write a group as 安委会 = 安全生产委员会"},
		{"an empty form", "# abbreviations\n\n安委会 = = 安全生产委员会\n", "my.txt:3: \"安委会 = = 安全生产委员会\": an empty form"},
		{"a form at the end is empty", "安委会 =\n", "my.txt:1: \"安委会 =\": an empty form"},
		{"one form twice", "安委会 = 安委会\n", "my.txt:1: \"安委会 = 安委会\": a group needs two different forms"},
		{"nothing to search for", "安委会 = ——\n", "my.txt:1: \"——\" has no letters, digits or Chinese characters to search for"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := query.NewSynonyms().Read(strings.NewReader(tt.text), "my.txt")
			if err == nil {
				t.Fatalf("no error for %q", tt.text)
			}
			if diff := cmp.Diff(tt.err, err.Error()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	s := query.NewSynonyms()
	if err := s.Read(strings.NewReader("甲局 ＝ 甲管理局 = 甲总局 # a comment\n"), "ok.txt"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"甲管理局", "甲局", "甲总局"}, s.Forms("甲管理局")); diff != "" {
		t.Errorf("Forms (-want +got):\n%s", diff)
	}
}

// TestSynonymsExpand: a keyword finds the paragraphs that hold any of its
// forms, says which other forms each holds and marks them; = and Exact
// turn that off.
func TestSynonymsExpand(t *testing.T) {
	paragraphs := loadParagraphs(t, corpusPaths)
	for _, q := range []string{"中华人民共和国安全生产法", "三管三必须", "GDP", "国有企业", "危化品"} {
		t.Run(q, func(t *testing.T) {
			forms := query.BuiltinSynonyms().Forms(q)
			if len(forms) < 2 {
				t.Fatalf("%s has no synonyms", q)
			}
			var want []string
			wantExpanded := map[string][]query.Expanded{}
			for _, p := range paragraphs {
				found := false
				var exp []query.Expanded
				for i, f := range forms {
					if len(occurrences(p.text, f)) > 0 {
						found = true
						if i > 0 {
							exp = append(exp, query.Expanded{Keyword: q, Form: f})
						}
					}
				}
				if found {
					want = append(want, p.key())
					wantExpanded[p.key()] = exp
				}
			}
			sort.Strings(want)
			res, err := query.Search(context.Background(), testIndex, q, query.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, keys(res)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", q, diff)
			}
			for k, h := range hitsByKey(res) {
				if diff := cmp.Diff(wantExpanded[k], h.Expanded); diff != "" {
					t.Errorf("%s: Expanded of %s (-want +got):\n%s", q, k, diff)
				}
				var marked []string
				for _, m := range h.Matches {
					marked = append(marked, segment.FoldString(h.Text[m.Start:m.End]))
				}
				for _, e := range h.Expanded {
					if !containsString(marked, segment.FoldString(e.Form)) {
						t.Errorf("%s: %s holds %s, not marked (marked %q)", q, k, e.Form, marked)
					}
				}
			}
			exact := search(t, q)
			eq := search(t, "="+q)
			if diff := cmp.Diff(keys(exact), keys(eq)); diff != "" {
				t.Errorf("=%s and Exact differ (-want +got):\n%s", q, diff)
			}
			if len(keys(eq)) >= len(want) {
				t.Errorf("=%s: %d hits, the expansion %d: nothing to tell apart", q, len(keys(eq)), len(want))
			}
		})
	}
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestSynonymsNear: an expanded keyword is an operand of a proximity
// operator by any of its forms.
func TestSynonymsNear(t *testing.T) {
	paragraphs := loadParagraphs(t, corpusPaths)
	var want []string
	for _, p := range paragraphs {
		for _, f := range query.BuiltinSynonyms().Forms("国企") {
			if inOneSentence(p.text, f, "改革") {
				want = append(want, p.key())
				break
			}
		}
	}
	sort.Strings(want)
	res, err := query.Search(context.Background(), testIndex, "国企 /s =改革", query.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("no paragraph to find: a test that cannot fail")
	}
	if diff := cmp.Diff(want, keys(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestBuiltinSynonymsValid: the built-in list is read without the checks
// of a user's file, so it must pass them, and read with them it must give
// the same groups.
func TestBuiltinSynonymsValid(t *testing.T) {
	checked := query.NewSynonyms()
	if err := checked.Load("synonyms.txt"); err != nil {
		t.Fatalf("the built-in list: %v", err)
	}
	builtin := query.BuiltinSynonyms()
	if diff := cmp.Diff(checked.Groups(), builtin.Groups()); diff != "" {
		t.Errorf("built-in groups (-checked +built-in):\n%s", diff)
	}
	for _, g := range checked.Groups() {
		for _, f := range g {
			if diff := cmp.Diff(checked.Forms(f), builtin.Forms(f)); diff != "" {
				t.Errorf("Forms(%s) (-checked +built-in):\n%s", f, diff)
			}
		}
	}
}
