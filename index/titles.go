package index

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/blevesearch/mmap-go"

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
// read once per Index and shared: do not modify it. A search reads the
// list through [Index.TitleList] instead, a document at a time.
func (ix *Index) Titles() ([]DocTitle, error) {
	ix.titlesOnce.Do(func() {
		list, err := ix.TitleList()
		if err != nil {
			ix.titlesErr = err
			return
		}
		// Copied from the mapping, which Close must not unmap meanwhile.
		done, err := ix.hold()
		if err != nil {
			ix.titlesErr = err
			return
		}
		defer done()
		// One copy of the text, which every document's strings share.
		f := list.files[0]
		text := string(f.data)
		ix.titles = make([]DocTitle, 0, list.Len())
		for i := range len(f.lines) - 1 {
			ix.titles = append(ix.titles, decodeTitle(text[f.lines[i]:f.lines[i+1]-1]))
		}
	})
	return ix.titles, ix.titlesErr
}

// A TitleList is the title list of an index ([Index.TitleList]) or of a
// set ([Set.TitleList]), mapped and read a document at a time. A cold search
// reads every document's folded title (for the ranking) but the other
// fields of the documents it shows and counts only: decoding the whole list
// into a [DocTitle] a document took a third of its page faults on the
// whole corpus (1 MB of text copied, 200 bytes a document), where the
// mapped file's pages are the kernel's cache's.
type TitleList struct {
	files []*titleFile
	first []int // where each file's documents begin in the list; one more: the end
}

// titleFile is one index's titles.txt, mapped.
type titleFile struct {
	data  mmap.MMap
	lines []uint32 // where each line starts; one more: the end of the file
	// decoded holds each document's entry once [TitleList.At] has decoded
	// it: a server keeps an index open, and its searches ask for the same
	// documents again.
	decoded []atomic.Pointer[DocTitle]
}

// TitleList returns the index's title list, mapped and checked whole the
// first time it is asked for. It is valid until the Index is closed; its
// methods must not be called after that. After Close, TitleList returns
// [ErrClosed].
func (ix *Index) TitleList() (*TitleList, error) {
	// Close waits for the mapping to be made, before it unmaps it.
	done, err := ix.hold()
	if err != nil {
		return nil, err
	}
	defer done()
	ix.titleListOnce.Do(func() {
		path := ix.genPath(titlesFile)
		f, err := mapTitles(path, ix.meta)
		if err != nil {
			ix.titleListErr = damaged(path, readError(err))
			return
		}
		ix.titleFile = f
		ix.titleList = &TitleList{files: []*titleFile{f}, first: []int{0, len(f.lines) - 1}}
	})
	return ix.titleList, ix.titleListErr
}

// mapVerified maps the generation file at path read-only, once its size
// and CRC-32C are those of its entry, by its name, in the build record
// meta; the caller checks its layout. Mapped rather than read: no copy of
// it on the heap, and its pages the page cache's to drop.
func mapVerified(path string, meta Meta) (mmap.MMap, error) {
	data, err := mapSized(path, meta, 1)
	if err != nil {
		return nil, err
	}
	if crc(data) != meta.Files[filepath.Base(path)].CRC {
		data.Unmap()
		return nil, errors.New("checksum mismatch")
	}
	return data, nil
}

// mapTitles maps the title list at path, once its size and checksum are
// those of the build record meta, and finds its lines, each of which must
// have every field.
func mapTitles(path string, meta Meta) (*titleFile, error) {
	f := &titleFile{lines: make([]uint32, 0, meta.Documents+1)}
	if want, ok := meta.Files[titlesFile]; ok && want.Size == 0 {
		// No document: nothing to map (an empty file cannot be).
		if st, err := os.Stat(path); err != nil {
			return nil, err
		} else if st.Size() != 0 {
			return nil, fmt.Errorf("%d bytes, the build record says 0", st.Size())
		}
	} else {
		data, err := mapVerified(path, meta)
		if err != nil {
			return nil, err
		}
		f.data = data
	}
	if len(f.data) > math.MaxUint32 {
		f.close()
		return nil, fmt.Errorf("%d bytes: too long", len(f.data))
	}
	for at, line := 0, 1; at < len(f.data); line++ {
		end := bytes.IndexByte(f.data[at:], '\n')
		if end < 0 {
			f.close()
			return nil, fmt.Errorf("line %d is cut short", line)
		}
		if bytes.Count(f.data[at:at+end], []byte(titleSep)) != titleFields-1 {
			f.close()
			return nil, fmt.Errorf("line %d does not have %d fields", line, titleFields)
		}
		f.lines = append(f.lines, uint32(at))
		at += end + 1
	}
	f.lines = append(f.lines, uint32(len(f.data)))
	if n := len(f.lines) - 1; n != meta.Documents {
		f.close()
		return nil, fmt.Errorf("%d documents, the build record says %d", n, meta.Documents)
	}
	f.decoded = make([]atomic.Pointer[DocTitle], len(f.lines)-1)
	return f, nil
}

func (f *titleFile) close() error {
	if f == nil || f.data == nil {
		return nil
	}
	return f.data.Unmap()
}

// Len is the number of documents in the list.
func (l *TitleList) Len() int { return l.first[len(l.first)-1] }

// locate returns the file that holds document i and the document's place
// in it.
func (l *TitleList) locate(i int) (*titleFile, int) {
	if i < 0 || i >= l.Len() {
		panic(fmt.Sprintf("index: document %d of a title list of %d", i, l.Len()))
	}
	k := 0
	if len(l.files) > 1 {
		k, _ = slices.BinarySearch(l.first, i+1)
		k--
	}
	return l.files[k], i - l.first[k]
}

// line is line j of the file, without its newline.
func (f *titleFile) line(j int) []byte { return f.data[f.lines[j] : f.lines[j+1]-1] }

// At returns document i, in strings of its own (which outlive the Index).
// It panics if i is out of range, as a slice would.
func (l *TitleList) At(i int) DocTitle {
	f, j := l.locate(i)
	if d := f.decoded[j].Load(); d != nil {
		return *d
	}
	d := decodeTitle(string(f.line(j)))
	f.decoded[j].CompareAndSwap(nil, &d)
	return d
}

// FoldedTitle returns document i's folded title ([DocTitle.FoldedTitle]),
// its bytes in the mapped file: read-only, and valid until the Index is
// closed. Searches test every document's title with it without copying
// any.
func (l *TitleList) FoldedTitle(i int) []byte {
	f, j := l.locate(i)
	_, rest, _ := bytes.Cut(f.line(j), []byte(titleSep))
	title, rest, _ := bytes.Cut(rest, []byte(titleSep))
	if folded, _, _ := bytes.Cut(rest, []byte(titleSep)); len(folded) > 0 {
		return folded
	}
	return title
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

// titleFields is the number of fields of a line of the title list.
const titleFields = 12

// decodeTitle decodes a line of the title list, without its newline, that
// has every field (see mapTitles); its strings are substrings of line.
func decodeTitle(line string) DocTitle {
	var fields [titleFields]string
	for i := range fields {
		fields[i], line, _ = strings.Cut(line, titleSep)
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
	return d
}
