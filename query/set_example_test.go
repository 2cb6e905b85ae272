package query_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"reflect"
	"slices"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
	"github.com/zhsearch/zhsearch/segment"
)

// Build the laws and the speech as two indexes (shards built apart, as two
// CI jobs would), then search both as one: the hits and counts are those of
// one index over both, and so are the scores but for the distinctive
// signal, which each index computes with its own word counts. An index that
// holds a document the other holds too is refused.
func ExampleSearchSet() {
	dir, err := os.MkdirTemp("", "zhsearch-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	seg, err := segment.New(segment.Options{})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	build := func(name string, paths ...string) string {
		ixDir := filepath.Join(dir, name)
		if _, err := index.Update(ctx, ixDir, seg, paths, index.UpdateOptions{Strict: true}); err != nil {
			log.Fatal(err)
		}
		return ixDir
	}
	laws := build("laws", "../testdata/corpus/laws")
	speech := build("speech", "../testdata/speech.txt")

	set, err := index.OpenSet([]string{laws, speech}, index.OpenOptions{})
	if err != nil {
		log.Fatal(err)
	}
	defer set.Close()
	res, err := query.SearchSet(ctx, set, "隐患 排查", query.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range res.ByDocument {
		fmt.Printf("%s: %d paragraphs\n", filepath.Base(c.Value), c.Count)
	}

	// One index built over both folders finds the same hits and counts.
	both := build("both", "../testdata/corpus/laws", "../testdata/speech.txt")
	ix, err := index.Open(both)
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()
	one, err := query.Search(ctx, ix, "隐患 排查", query.Options{})
	if err != nil {
		log.Fatal(err)
	}
	ids := func(r *query.Result) []string {
		var out []string
		for _, h := range r.Hits {
			out = append(out, h.ID)
		}
		slices.Sort(out)
		return out
	}
	fmt.Println("as one index:", one.Total == res.Total && reflect.DeepEqual(one.ByDocument, res.ByDocument) && slices.Equal(ids(one), ids(res)))

	if _, err := index.OpenSet([]string{laws, both}, index.OpenOptions{}); errors.Is(err, index.ErrIncompatible) {
		fmt.Println("refused: two indexes hold one document")
	}
	// Output:
	// 安全生产法(2021-06-10).md: 6 paragraphs
	// speech.txt: 1 paragraphs
	// as one index: true
	// refused: two indexes hold one document
}
