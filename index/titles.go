package index

import (
	"fmt"
	"strings"

	"github.com/zhsearch/zhsearch/segment"
)

// DocTitle is what a search needs of a document beside its paragraphs:
// what it shows of it and what it filters by.
type DocTitle struct {
	Key, Title, Path, Date string
	// FoldedTitle is the title folded as keywords are ([segment.FoldString]),
	// computed at build time so that searches can match titles without
	// folding them.
	FoldedTitle string
	// The document's metadata, as [DocRecord] has it; empty where the
	// document does not say.
	Effective, Issuer, Number, Type, Region, Force, Status string
}

// Titles returns the key, title, path, date and metadata of every indexed document, sorted
// by path; a document's place in this list is its index in [Place]. It is
// read once per Index and shared: do not modify it.
func (ix *Index) Titles() ([]DocTitle, error) {
	ix.titlesOnce.Do(func() {
		raw, err := ix.readText(titlesFile)
		if err != nil {
			ix.titlesErr = err
			return
		}
		ix.titles, err = decodeTitles(raw)
		if err == nil && len(ix.titles) != ix.meta.Documents {
			err = fmt.Errorf("%d documents, the build record says %d", len(ix.titles), ix.meta.Documents)
		}
		if err != nil {
			ix.titles, ix.titlesErr = nil, damaged(ix.genPath(titlesFile), err)
		}
	})
	return ix.titles, ix.titlesErr
}

// The title list is one line a document: key, title, title folded (empty
// when folding changes nothing), path, date, then the metadata (effective
// date, issuer, number, kind, region, force, status; empty where unknown),
// separated by unit separators. It is read at every cold search, so it is
// compact and decoded without a copy per field.
const titleSep = "\x1f"

func encodeTitles(docs []DocRecord) []byte {
	clean := strings.NewReplacer(titleSep, " ", "\n", " ")
	var b strings.Builder
	for _, d := range docs {
		title := clean.Replace(d.Title)
		folded := segment.FoldString(title)
		if folded == title {
			folded = ""
		}
		b.WriteString(d.Key + titleSep + title + titleSep + folded + titleSep + pathEscaper.Replace(d.Path) + titleSep + clean.Replace(d.Date))
		for _, m := range [...]string{d.Effective, d.Issuer, d.Number, d.Type, d.Region, d.Force, d.Status} {
			b.WriteString(titleSep + clean.Replace(m))
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// A path is kept exactly, whatever its bytes: a file name may hold a
// newline or the separator, so those (and the escape character) are
// escaped; other bytes, invalid UTF-8 included, are written as they are.
var (
	pathEscaper   = strings.NewReplacer(`\`, `\\`, "\n", `\n`, titleSep, `\s`)
	pathUnescaper = strings.NewReplacer(`\\`, `\`, `\n`, "\n", `\s`, titleSep)
)

func decodeTitles(rest string) ([]DocTitle, error) {
	titles := make([]DocTitle, 0, strings.Count(rest, "\n"))
	var fields [12]string
	for line := 1; rest != ""; line++ {
		var text string
		var ok bool
		if text, rest, ok = strings.Cut(rest, "\n"); !ok {
			return nil, fmt.Errorf("line %d is cut short", line)
		}
		for i := range fields {
			var sep bool
			fields[i], text, sep = strings.Cut(text, titleSep)
			if sep != (i < len(fields)-1) {
				return nil, fmt.Errorf("line %d does not have %d fields", line, len(fields))
			}
		}
		path := fields[3]
		if strings.IndexByte(path, '\\') >= 0 { // every escape starts with one; most paths have none
			path = pathUnescaper.Replace(path)
		}
		d := DocTitle{Key: fields[0], Title: fields[1], FoldedTitle: fields[2], Path: path, Date: fields[4],
			Effective: fields[5], Issuer: fields[6], Number: fields[7], Type: fields[8], Region: fields[9], Force: fields[10], Status: fields[11]}
		if d.FoldedTitle == "" {
			d.FoldedTitle = d.Title
		}
		titles = append(titles, d)
	}
	return titles, nil
}
