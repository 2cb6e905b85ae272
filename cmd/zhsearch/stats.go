package main

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/pflag"

	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index"
)

type indexStats struct {
	Index string `json:"index"`
	// Indexes lists the indexes of a set searched as one; Index then
	// names them all, comma-separated, and the figures are the set's.
	Indexes    []string `json:"indexes,omitempty"`
	Documents  int      `json:"documents"`
	Paragraphs int      `json:"paragraphs"`
	Terms      int      `json:"terms"` // distinct unit, bigram and word terms
	Bytes      int64    `json:"bytes"` // size on disk
	Format     int      `json:"format"`
	Segmenter  string   `json:"segmenter"`
	Built      string   `json:"built"`
	// Files counts the indexed documents by the kind of file they were
	// read from (text, html, docx, pdf, ofd, doc).
	Files map[string]int `json:"files"`
}

func runStats(args []string, env *environment) int {
	flags := pflag.NewFlagSet("stats", pflag.ContinueOnError)
	indexDirs := flags.StringArray("index", nil, indexFlagUsage)
	asJSON := flags.Bool("json", false, "print the figures as JSON")
	if done, code := parseFlags(flags, args, env, "stats [--index DIR] [--json]"); done {
		return code
	}
	set, ok := openIndex(context.Background(), env, *indexDirs)
	if !ok {
		return exitFailure
	}
	defer env.release(set)
	meta := set.Meta()
	st := indexStats{Index: set.Dir(), Documents: meta.Documents, Paragraphs: meta.Paragraphs,
		Format: meta.Format, Segmenter: meta.Segmenter, Built: meta.Built.Format("2006-01-02 15:04:05 MST")}
	terms, err := countTerms(set)
	if err != nil {
		return env.errorf("stats: %v", err)
	}
	st.Terms = terms
	if members := set.Members(); len(members) > 1 {
		for _, ix := range members {
			st.Indexes = append(st.Indexes, ix.Dir())
		}
	}
	docs, err := set.Docs()
	if err != nil {
		return env.errorf("stats: %v", err)
	}
	st.Files = map[string]int{}
	for _, d := range docs {
		f := d.FileFormat
		if f == "" {
			f = "text"
		}
		st.Files[f]++
	}
	for _, ix := range set.Members() {
		filepath.WalkDir(ix.Dir(), func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if info, err := d.Info(); err == nil {
					st.Bytes += info.Size()
				}
			}
			return nil
		})
	}
	if *asJSON {
		if err := newJSONWriter(env.stdout).Encode(st); err != nil {
			return env.errorf("writing output: %v", err)
		}
		return exitHits
	}
	fmt.Fprintf(env.stdout, "index       %s\ndocuments   %d\nfiles       %s\nparagraphs  %d\nterms       %d\nsize        %.1f MiB\nformat      %d\nsegmenter   %s\nbuilt       %s\n",
		indexNames(st), st.Documents, fileCounts(st.Files), st.Paragraphs, st.Terms, float64(st.Bytes)/(1<<20), st.Format, safe(st.Segmenter), st.Built)
	return exitHits
}

// countTerms counts the distinct terms of the text's unit and bigram
// fields, over every index of set: their term dictionaries, each sorted,
// are merged.
func countTerms(set *index.Set) (int, error) {
	var readers []bleveindex.IndexReader
	defer func() {
		for _, r := range readers {
			r.Close()
		}
	}()
	for _, ix := range set.Members() {
		r, err := ix.Reader()
		if err != nil {
			return 0, err
		}
		readers = append(readers, r)
	}
	n := 0
	for _, field := range []string{index.FieldTextUnits, index.FieldTextBigrams} {
		var dicts []bleveindex.FieldDict
		var heads []*bleveindex.DictEntry
		defer func() {
			for _, d := range dicts {
				d.Close()
			}
		}()
		for _, r := range readers {
			d, err := r.FieldDict(field)
			if err != nil {
				return 0, err
			}
			dicts = append(dicts, d)
			e, err := d.Next()
			if err != nil {
				return 0, err
			}
			heads = append(heads, e)
		}
		for {
			least := ""
			found := false
			for _, e := range heads {
				if e != nil && (!found || e.Term < least) {
					least, found = e.Term, true
				}
			}
			if !found {
				break
			}
			n++
			for i, e := range heads {
				if e != nil && e.Term == least {
					next, err := dicts[i].Next()
					if err != nil {
						return 0, err
					}
					heads[i] = next
				}
			}
		}
	}
	return n, nil
}

// indexNames names the index or indexes of st for the terminal.
func indexNames(st indexStats) string {
	if len(st.Indexes) == 0 {
		return shellQuote(st.Index)
	}
	quoted := make([]string, len(st.Indexes))
	for i, d := range st.Indexes {
		quoted[i] = shellQuote(d)
	}
	return strings.Join(quoted, " ")
}

// fileCounts lists documents by the kind of file they were read from, most
// first: "text 3580, pdf 4, html 3".
func fileCounts(files map[string]int) string {
	kinds := make([]string, 0, len(files))
	for k := range files {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool {
		if files[kinds[i]] != files[kinds[j]] {
			return files[kinds[i]] > files[kinds[j]]
		}
		return kinds[i] < kinds[j]
	})
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s %d", safe(k), files[k])
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}
