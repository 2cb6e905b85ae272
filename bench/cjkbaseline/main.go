// Command cjkbaseline is the yardstick of zhsearch's performance targets: it
// indexes the same paragraphs as zhsearch (from package index/extract) with
// bleve's stock "cjk" analyzer (bigrams) and default mapping (see package
// bench/cjkindex), and answers a match query from the index, as a plain
// bleve program would.
//
//	cjkbaseline index DIR PATH...
//	cjkbaseline search DIR QUERY
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"github.com/zhsearch/zhsearch/bench/cjkindex"
	"github.com/zhsearch/zhsearch/index/extract"
)

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: cjkbaseline index DIR PATH... | cjkbaseline search DIR QUERY")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "index":
		err = build(os.Args[2], os.Args[3:])
	case "search":
		err = search(os.Args[2], strings.Join(os.Args[3:], " "))
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cjkbaseline:", err)
		os.Exit(2)
	}
}

func build(dir string, paths []string) error {
	w, err := cjkindex.Create(dir)
	if err != nil {
		return err
	}
	for _, root := range paths {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if ext := filepath.Ext(path); path != root && ext != ".txt" && ext != ".md" {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			doc, err := extract.Parse(filepath.Base(path), data)
			if err != nil {
				fmt.Fprintf(os.Stderr, "cjkbaseline: skipped %s: %v\n", path, err)
				return nil
			}
			for _, p := range doc.Paragraphs {
				id := path + "#" + strconv.Itoa(p.N)
				if err := w.Add(id, cjkindex.Paragraph{Doc: path, Title: doc.Title, Section: strings.Join(p.Section, " › "), N: p.N, Text: p.Text}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			w.Close()
			return err
		}
	}
	return w.Close()
}

func search(dir, q string) error {
	ix, err := bleve.Open(dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	req := bleve.NewSearchRequestOptions(bleve.NewMatchQuery(q), 10, 0, false)
	req.Fields = []string{"title", "section", "n", "text"}
	res, err := ix.Search(req)
	if err != nil {
		return err
	}
	for _, h := range res.Hits {
		fmt.Printf("%v › %v › ¶%v\n  %v\n\n", h.Fields["title"], h.Fields["section"], h.Fields["n"], h.Fields["text"])
	}
	fmt.Printf("%d hits (%v)\n", res.Total, res.Took)
	return nil
}
