package index_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

// TestOneLineFileIsWhollyIndexed indexes a file that is one line of 600 KB
// (so many parts of 64 KiB, written over several batches) and checks that
// its parts together hold the line and that every one of its sentences is
// found, some of them with ignorable characters inside their keywords.
func TestOneLineFileIsWhollyIndexed(t *testing.T) {
	const sentences = 8000
	var line strings.Builder
	for i := range sentences {
		s := fmt.Sprintf("第%d项措施：全面排查安全隐患，落实企业主体责任。", i)
		if i%3 == 0 {
			s = strings.Replace(s, "项", "\u200b项", 1) // as pasted from a web page
		}
		line.WriteString(s)
	}
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "one-line.txt"), []byte(line.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	update(t, dir, []string{src}, index.UpdateOptions{Strict: true})
	ix := open(t, dir)
	docs, err := ix.Docs()
	if err != nil || len(docs) != 1 {
		t.Fatalf("Docs: %v, %v; want one document", docs, err)
	}
	d := docs[0]
	if d.Paragraphs != 1 || len(d.Parts) < line.Len()/(64<<10) {
		t.Fatalf("%d paragraphs in %d extra parts; want 1 in at least %d", d.Paragraphs, len(d.Parts), line.Len()/(64<<10))
	}
	if n := paragraphCount(t, ix); n != uint64(1+len(d.Parts)) {
		t.Errorf("the index holds %d documents, want the paragraph's %d parts", n, 1+len(d.Parts))
	}

	// The parts, in order, are the line.
	r, err := ix.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	parts, err := ix.DocumentParagraphs(r, 0)
	if err != nil {
		t.Fatal(err)
	}
	var joined strings.Builder
	var ids []string
	for _, p := range parts {
		joined.WriteString(p.Text)
		ids = append(ids, p.ID)
	}
	if want := append([]string{index.ParagraphID(d.Key, 1)}, d.Parts...); strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("the parts are %q, want %q", ids, want)
	}
	if joined.String() != line.String() {
		t.Errorf("the parts hold %d bytes, not the line of %d", joined.Len(), line.Len())
	}

	// Every sentence is found by its number as a phrase of bigrams,
	// whatever ignorable characters it or the keyword holds.
	for i := 0; i < sentences; i += 37 {
		for _, keyword := range []string{fmt.Sprintf("第%d项措施", i), fmt.Sprintf("第%d\u2060项\u00ad措施", i)} {
			var units []segment.Unit
			for u := range segment.Units(keyword) {
				units = append(units, u)
			}
			var bigrams []string
			for j := 1; j < len(units); j++ {
				if segment.Adjacent(units[j-1], units[j]) {
					bigrams = append(bigrams, units[j-1].Term+units[j].Term)
				}
			}
			if n := phraseMatches(t, ix, bigrams); n != 1 {
				t.Errorf("%q (bigrams %q) found in %d parts, want 1", keyword, bigrams, n)
			}
		}
	}
}

// phraseMatches counts the documents of ix that hold the phrase of terms in
// the text's bigram field.
func phraseMatches(t *testing.T, ix *index.Index, terms []string) int {
	t.Helper()
	r, err := ix.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	s, err := query.NewPhraseQuery(terms, index.FieldTextBigrams).Searcher(context.Background(), r, ix.Mapping(), search.SearcherOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	n := 0
	for {
		m, err := s.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if m == nil {
			return n
		}
		n++
		ctx.DocumentMatchPool.Put(m)
	}
}
