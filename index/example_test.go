package index_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

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

// A file that cannot be indexed does not fail an update: the update
// succeeds with the rest and names the file in Report.Skipped, which a
// program must check. Strict makes it fail instead, leaving the index as it
// was.
func ExampleUpdate_skipped() {
	src, _ := os.MkdirTemp("", "zhsearch-example-src")
	defer os.RemoveAll(src)
	dir, _ := os.MkdirTemp("", "zhsearch-example")
	defer os.RemoveAll(dir)
	speech, _ := os.ReadFile("../testdata/speech.txt")
	os.WriteFile(filepath.Join(src, "speech.txt"), speech, 0o644)
	os.WriteFile(filepath.Join(src, "scan.txt"), []byte("\x00\x01\x02 not text"), 0o644)
	seg, err := segment.New(segment.Options{})
	if err != nil {
		log.Fatal(err)
	}
	rep, err := index.Update(context.Background(), dir, seg, []string{src}, index.UpdateOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("added %d, skipped %d\n", rep.Added, len(rep.Skipped))
	for _, s := range rep.Skipped {
		fmt.Printf("skipped %s: %v\n", filepath.Base(s.Path), s.Err)
	}
	_, err = index.Update(context.Background(), dir, seg, []string{src}, index.UpdateOptions{Strict: true})
	fmt.Println(errors.Is(err, index.ErrSkipped))
	// Output:
	// added 1, skipped 1
	// skipped scan.txt: NUL byte at offset 0: binary file
	// true
}

// A server keeps one Live and acquires the live generation per request:
// an update swaps in a new generation, and the next Acquire (within 100 ms)
// answers from it, while requests still holding the old one finish there.
func ExampleOpenLive() {
	dir, err := os.MkdirTemp("", "zhsearch-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	seg, err := segment.New(segment.Options{})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := index.Update(context.Background(), dir, seg, []string{"../testdata/speech.txt"}, index.UpdateOptions{}); err != nil {
		log.Fatal(err)
	}
	live, err := index.OpenLive(dir, index.OpenOptions{OnReloadError: func(err error) { log.Print(err) }})
	if err != nil {
		log.Fatal(err)
	}
	defer live.Close()

	request := func() {
		ix, release, err := live.Acquire()
		if err != nil {
			log.Fatal(err)
		}
		defer release()
		fmt.Println(ix.Meta().Documents, "documents")
	}
	request()
	if _, err := index.Update(context.Background(), dir, seg, []string{"../testdata/speech.txt", "../testdata/corpus/laws"}, index.UpdateOptions{}); err != nil {
		log.Fatal(err)
	}
	time.Sleep(150 * time.Millisecond)
	request()
	// Output:
	// 1 documents
	// 2 documents
}
