package query_test

import (
	"context"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/zhsearch/zhsearch/query"
)

// TestKeywordHitsEqualFullPath checks that queries of keywords alone, which
// Search runs on a fast path, give exactly what bleve's searchers give:
// the same hits in the same order with the same scores, totals and
// counts, on every policy-dictionary term, on pairs and triples of them
// (single bigrams, which read positions lazily, and longer keywords, which
// read them to match), with their synonyms and without (=), in /s groups,
// on later pages and all hits, and with explanations. Queries of other
// shapes (OR, exclusions, filters, /N) take the general path either way
// and are included to show that.
func TestKeywordHitsEqualFullPath(t *testing.T) {
	t.Parallel() // long; runs beside the other long tests
	terms := policyTerms(t)
	r := rand.New(rand.NewPCG(14, 4))
	type search struct {
		q    string
		opts query.Options
	}
	var searches []search
	for _, q := range terms {
		searches = append(searches, search{q, query.Options{Limit: 10}})
	}
	common := []string{"发展", "经济", "改革", "安全", "创新", "人民", "煤", "企业", "安全生产", "高质量发展"}
	for range 300 {
		a, b := common[r.IntN(len(common))], terms[r.IntN(len(terms))]
		opts := query.Options{Limit: 10, Offset: 10 * r.IntN(4)}
		switch r.IntN(6) {
		case 0:
			opts.Limit = 0 // all hits
		case 1:
			opts.Explain = true
		}
		searches = append(searches, search{a + " " + b, opts})
		searches = append(searches, search{b + " " + a + " " + common[r.IntN(len(common))], opts})
		searches = append(searches, search{a + " /s " + b, opts})
		searches = append(searches, search{"=" + a + " /s " + common[r.IntN(len(common))], opts})
		searches = append(searches, search{b + " /s " + a + " /s " + common[r.IntN(len(common))], opts})
		searches = append(searches, search{"(" + a + " /s " + b + ") " + common[r.IntN(len(common))], opts})
		searches = append(searches, search{"=" + b + " " + a, opts})
	}
	// Keywords with synonyms (the built-in list), alone, with others and
	// in /s groups.
	for _, k := range []string{"国企", "党中央", "十四五", "人大", "全国人大", "中共", "安委会", "应急部", "高校", "国务院"} {
		searches = append(searches, search{k, query.Options{Limit: 10}},
			search{k + " 发展", query.Options{Limit: 10}},
			search{"改革 " + k, query.Options{Limit: 0}},
			search{k + " /s 发展", query.Options{Limit: 10}},
			search{k, query.Options{Limit: 10, Explain: true}})
	}
	for _, q := range []string{"发展 OR 改革", "发展 -经济", "发展 /10 经济", "发展 /s (经济 OR 改革)", "title:报告 发展", `"安全 生产"`, "section:发展", "(发展 经济) 改革", "发展 发展"} {
		searches = append(searches, search{q, query.Options{Limit: 20}})
	}
	searches = append(searches, search{"发展", query.Options{Limit: 10, Years: []string{"2024"}}})
	ignoreTook := cmpopts.IgnoreFields(query.Result{}, "Took")
	for _, s := range searches {
		want, wantErr := query.SearchFull(context.Background(), testIndex, s.q, s.opts)
		got, gotErr := query.Search(context.Background(), testIndex, s.q, s.opts)
		if (wantErr != nil) != (gotErr != nil) {
			t.Fatalf("%q %+v: full path error %v, fast path error %v", s.q, s.opts, wantErr, gotErr)
		}
		if diff := cmp.Diff(want, got, ignoreTook); diff != "" {
			t.Fatalf("%q %+v: (-full +fast)\n%s", s.q, s.opts, diff)
		}
	}
}

// TestKeywordHitsShapes checks which queries take the fast path: keywords,
// with their synonyms, side by side and in /s groups do; anything that
// matches elsewhere than where all ranked keywords stand does not.
// (TestKeywordHitsEqualFullPath checks that both paths agree.)
func TestKeywordHitsShapes(t *testing.T) {
	for _, tt := range []struct {
		q    string
		fast bool
	}{
		{"发展", true},
		{"安全生产", true},
		{"发展 经济", true},
		{"国企", true}, // with 国有企业
		{"国企 改革", true},
		{"=国企", true},
		{"发展 /s 经济", true},
		{"发展 /s 经济 /s 改革", true},
		{"(发展 /s 经济) 改革", true},
		{"改革 (发展 /s 经济)", true},
		{"国企 /s 改革", true},
		// Candidates found on the fast path, then checked against the
		// text.
		{"发展 /10 经济", true},
		{`"安全 生产"`, true},
		{"发展 OR 经济", false},
		{"发展 -经济", false},
		{"title:报告 发展", false},
		{"section:发展", false},
		{"发展 /s (经济 OR 改革)", false},
	} {
		got, err := query.FastPath(testIndex, tt.q)
		if err != nil {
			t.Fatalf("%q: %v", tt.q, err)
		}
		if got != tt.fast {
			t.Errorf("%q: fast path %v, want %v", tt.q, got, tt.fast)
		}
	}
}

// TestFastPathsEqualFullOnReports checks the fast path against bleve's searchers on the reports of the
// Communist Party congresses in ../shared/corpus, where the common policy
// keywords (发展: thousands of paragraphs) are found far more often than in
// the test corpus: the same hits, order, scores, totals and counts for
// policy-dictionary terms, pairs, /s groups and synonyms.
func TestFastPathsEqualFullOnReports(t *testing.T) {
	root := "../../shared/corpus/reports/cpc"
	if _, err := os.Stat(root); err != nil {
		t.Skip("../shared/corpus is not here")
	}
	skipUnderRace(t)
	if testing.Short() {
		t.Skip("builds an index of 1.1 MB; skipped with -short")
	}
	ix := tempIndex(t, root)
	terms := policyTerms(t)
	r := rand.New(rand.NewPCG(*seed, 14))
	common := []string{"发展", "经济", "改革", "社会主义", "人民", "建设", "党", "中国特色社会主义", "现代化", "国企"}
	var queries []string
	for range 50 {
		a, b := common[r.IntN(len(common))], terms[r.IntN(len(terms))]
		queries = append(queries, b, a+" "+b, a+" /s "+b, "="+a+" /s "+common[r.IntN(len(common))])
	}
	queries = append(queries, common...)
	ignoreTook := cmpopts.IgnoreFields(query.Result{}, "Took")
	for i, q := range queries {
		opts := query.Options{Limit: 10}
		if i%7 == 0 {
			opts.Limit, opts.Offset = 20, 20
		}
		want, err := query.SearchFull(context.Background(), ix, q, opts)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		got, err := query.Search(context.Background(), ix, q, opts)
		if err != nil {
			t.Fatalf("%q on the fast path: %v", q, err)
		}
		if diff := cmp.Diff(want, got, ignoreTook); diff != "" {
			t.Fatalf("%q: (-full +fast)\n%s", q, diff)
		}
	}
}
