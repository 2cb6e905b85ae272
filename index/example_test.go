package index_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

// Build an index, then run the same update again: an unchanged corpus costs a
// look at each file's size and time, and writes nothing.
func ExampleUpdate() {
	dir, err := os.MkdirTemp("", "zhsearch-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	seg, err := segment.New(segment.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for range 2 {
		rep, err := index.Update(context.Background(), dir, seg, []string{"../testdata/speech.txt"}, index.UpdateOptions{})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("added %d, unchanged %d, paragraphs written %d, new generation %v\n", rep.Added, rep.Unchanged, rep.Paragraphs, rep.Swapped)
	}
	ix, err := index.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()
	docs, _ := ix.Docs()
	fmt.Printf("%s (%s, %s)\n", docs[0].Title, docs[0].Speaker, docs[0].Date)
	// Output:
	// added 1, unchanged 0, paragraphs written 21, new generation true
	// added 0, unchanged 1, paragraphs written 0, new generation false
	// 副市长在全市安全生产重点工作推进现场会上的讲话 (副市长, 2024-12-23)
}
