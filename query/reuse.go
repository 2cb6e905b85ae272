package query

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index"
)

// Text reuse: which paragraphs of a document reappear, verbatim or with
// small edits, in other documents, and where they appeared first. The pairs
// are the index's near-duplicates (see index.Index.Similar), whose
// similarity is exact: the Jaccard similarity of the two paragraphs'
// character shingles (index.Similarity).

// ErrNoDocument is returned when a document named for reuse is not in the
// index, or the name fits several.
var ErrNoDocument = errors.New("no such document")

// A DocRef names a document of the index.
type DocRef struct {
	Doc   string `json:"doc"` // its path, as hits name it
	Title string `json:"title"`
	Date  string `json:"date,omitempty"`
}

// A Reuse says which paragraphs of a document appear in other documents.
type Reuse struct {
	DocRef
	Similarity float64 `json:"similarity"` // the threshold
	Paragraphs int     `json:"paragraphs"` // paragraphs of the document
	// Compared counts the paragraphs long enough to compare (see
	// index.MinReuseChars); headings and short lines are not.
	Compared int `json:"compared"`
	// Reused lists, in document order, the paragraphs found elsewhere.
	Reused []ReusedParagraph `json:"reused"`
}

// A ReusedParagraph is a paragraph of a document and where else it stands.
type ReusedParagraph struct {
	ID        string `json:"id"`
	Paragraph int    `json:"paragraph"`
	Text      string `json:"text"`
	// Found lists the paragraphs of other documents that are the same or
	// nearly the same, oldest document first (by date; undated ones
	// last), then by path and paragraph.
	Found []Occurrence `json:"found"`
}

// An Occurrence is a paragraph of another document that is the same as,
// or nearly the same as, a paragraph asked about.
type Occurrence struct {
	ID string `json:"id"`
	DocRef
	Paragraph int    `json:"paragraph"`
	Text      string `json:"text"`
	// Similarity is exact: Shared of Union shingles (1: the same text
	// once folded, punctuation and spaces aside).
	Similarity float64 `json:"similarity"`
	Shared     int     `json:"shared"`
	Union      int     `json:"union"`
}

// FindDocument returns the index of a document in ix's title list by its
// path as stored, else by an absolute path naming the same file, else by
// the end of its path ("河北省.txt", "reports/河北省.txt") or its title,
// when one document alone fits. ErrNoDocument says when none or several
// do.
func FindDocument(ix *index.Index, name string) (int, error) {
	titles, err := ix.Titles()
	if err != nil {
		return 0, err
	}
	for i, d := range titles {
		if d.Path == index.DocPath(name) {
			return i, nil
		}
	}
	abs, _ := filepath.Abs(name)
	var fits []int
	for i, d := range titles {
		p := filepath.ToSlash(d.Path)
		if a, err := filepath.Abs(d.Path); err == nil && a == abs {
			return i, nil
		}
		if strings.HasSuffix(p, "/"+filepath.ToSlash(name)) || d.Title == name {
			fits = append(fits, i)
		}
	}
	switch len(fits) {
	case 1:
		return fits[0], nil
	case 0:
		return 0, fmt.Errorf("%q: %w in the index (name it by its path, as search shows it, or by its title)", name, ErrNoDocument)
	}
	var names []string
	for _, i := range fits[:min(len(fits), 5)] {
		names = append(names, titles[i].Path)
	}
	return 0, fmt.Errorf("%q fits %d documents (%s…): %w; give more of its path", name, len(fits), strings.Join(names, ", "), ErrNoDocument)
}

// reuseThreshold checks a threshold: 0 means index.DefaultSimilarity.
func reuseThreshold(t float64) (float64, error) {
	return similarityThreshold(Options{Similarity: t})
}

// FindReuse lists the paragraphs of document doc (an index into ix's title
// list, see [FindDocument]) that are the same or nearly the same, at
// similarity t or more (0: index.DefaultSimilarity), as paragraphs of other
// documents.
func FindReuse(ctx context.Context, ix *index.Index, doc int, t float64) (*Reuse, error) {
	t, err := reuseThreshold(t)
	if err != nil {
		return nil, err
	}
	titles, r, done, err := readDocuments(ix, doc)
	if err != nil {
		return nil, err
	}
	defer done()
	paras, err := ix.DocumentParagraphs(r, doc)
	if err != nil {
		return nil, err
	}
	out := &Reuse{DocRef: docRef(titles[doc]), Similarity: t, Reused: []ReusedParagraph{}}
	for _, p := range paras {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if p.Part == 1 {
			out.Paragraphs++
		}
		if index.Shingles(p.Text) != nil {
			out.Compared++
		}
		id, err := r.InternalID(p.ID)
		if err != nil || id == nil {
			return nil, fmt.Errorf("paragraph %s: %w", p.ID, cmp.Or(err, index.ErrDamaged))
		}
		sims, err := ix.Similar(id.Value())
		if err != nil {
			return nil, err
		}
		rp := ReusedParagraph{ID: p.ID, Paragraph: p.N, Text: p.Text}
		for _, s := range sims {
			if !s.Sim.AtLeast(t) {
				continue
			}
			place, ok := ix.Places().Lookup(s.Num)
			if !ok || place.Doc == doc {
				continue // repeated within the document: not reuse (or damaged: see below)
			}
			o, err := loadOccurrence(ix, r, titles, s)
			if err != nil {
				return nil, err
			}
			rp.Found = append(rp.Found, o)
		}
		if len(rp.Found) > 0 {
			sortOccurrences(rp.Found)
			out.Reused = append(out.Reused, rp)
		}
	}
	// A near-duplicate whose place entry is damaged was skipped above:
	// the list would be short.
	if err := ix.Damage(); err != nil {
		return nil, err
	}
	return out, nil
}

// readDocuments holds ix for reading the paragraphs of documents docs
// (indexes into its title list), which must be documents of it: it returns
// the titles, a reader, and done, which closes the reader and lets ix go.
func readDocuments(ix *index.Index, docs ...int) (titles []index.DocTitle, r bleveindex.IndexReader, done func(), err error) {
	release, err := ix.Use()
	if err != nil {
		return nil, nil, nil, err
	}
	if titles, err = ix.Titles(); err == nil {
		for _, d := range docs {
			if d < 0 || d >= len(titles) {
				err = fmt.Errorf("document %d: %w", d, ErrNoDocument)
				break
			}
		}
	}
	if err == nil {
		r, err = ix.Reader()
	}
	if err != nil {
		release()
		return nil, nil, nil, err
	}
	return titles, r, func() { r.Close(); release() }, nil
}

func docRef(d index.DocTitle) DocRef { return DocRef{Doc: d.Path, Title: d.Title, Date: d.Date} }

// loadOccurrence loads the paragraph of a near-duplicate pair.
func loadOccurrence(ix *index.Index, r bleveindex.IndexReader, titles []index.DocTitle, s index.SimilarParagraph) (Occurrence, error) {
	place, _ := ix.Places().Lookup(s.Num)
	p, err := ix.Paragraph(r, s.Num)
	if err != nil {
		return Occurrence{}, err
	}
	n, _ := place.Paragraph()
	return Occurrence{ID: p.ID, DocRef: docRef(titles[place.Doc]), Paragraph: n, Text: p.Text,
		Similarity: s.Sim.Value(), Shared: s.Sim.Shared, Union: s.Sim.Union}, nil
}

// sortOccurrences puts the oldest document first: by date (undated last),
// then path, then paragraph.
func sortOccurrences(os []Occurrence) {
	slices.SortStableFunc(os, func(a, b Occurrence) int {
		if (a.Date == "") != (b.Date == "") {
			if a.Date == "" {
				return 1
			}
			return -1
		}
		return cmp.Or(strings.Compare(a.Date, b.Date), strings.Compare(a.Doc, b.Doc), cmp.Compare(a.Paragraph, b.Paragraph))
	})
}

// A Comparison sets two documents side by side, paragraph by paragraph.
type Comparison struct {
	A          DocRef  `json:"a"`
	B          DocRef  `json:"b"`
	Similarity float64 `json:"similarity"` // the threshold
	// Paragraphs and Compared count A's paragraphs, and those long
	// enough to compare (see index.MinReuseChars).
	Paragraphs int `json:"paragraphs"`
	Compared   int `json:"compared"`
	// Same counts A's paragraphs that stand in B unchanged (similarity
	// 1), Near those that stand there with edits.
	Same int `json:"same"`
	Near int `json:"near"`
	// Pairs lists, in A's order, each paragraph of A that is in B, with
	// the paragraphs of B it is the same or nearly the same as, most
	// similar first.
	Pairs []ReusedParagraph `json:"pairs"`
}

// CompareDocuments compares document a with document b (indexes into ix's title
// list) paragraph by paragraph: every paragraph of a against every
// paragraph of b, by exact similarity, at threshold t or more (0:
// index.DefaultSimilarity).
func CompareDocuments(ctx context.Context, ix *index.Index, a, b int, t float64) (*Comparison, error) {
	t, err := reuseThreshold(t)
	if err != nil {
		return nil, err
	}
	titles, r, done, err := readDocuments(ix, a, b)
	if err != nil {
		return nil, err
	}
	defer done()
	pa, err := ix.DocumentParagraphs(r, a)
	if err != nil {
		return nil, err
	}
	pb, err := ix.DocumentParagraphs(r, b)
	if err != nil {
		return nil, err
	}
	shB := make([][]uint64, len(pb))
	for i, p := range pb {
		shB[i] = index.Shingles(p.Text)
	}
	out := &Comparison{A: docRef(titles[a]), B: docRef(titles[b]), Similarity: t, Pairs: []ReusedParagraph{}}
	for _, p := range pa {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if p.Part == 1 {
			out.Paragraphs++
		}
		sh := index.Shingles(p.Text)
		if sh == nil {
			continue
		}
		out.Compared++
		rp := ReusedParagraph{ID: p.ID, Paragraph: p.N, Text: p.Text}
		for i, q := range pb {
			sim := index.Compare(sh, shB[i])
			if !sim.AtLeast(t) {
				continue
			}
			rp.Found = append(rp.Found, Occurrence{ID: q.ID, DocRef: out.B, Paragraph: q.N, Text: q.Text,
				Similarity: sim.Value(), Shared: sim.Shared, Union: sim.Union})
		}
		if len(rp.Found) == 0 {
			continue
		}
		slices.SortStableFunc(rp.Found, func(x, y Occurrence) int {
			return cmp.Or(cmp.Compare(y.Similarity, x.Similarity), cmp.Compare(x.Paragraph, y.Paragraph))
		})
		if rp.Found[0].Similarity == 1 {
			out.Same++
		} else {
			out.Near++
		}
		out.Pairs = append(out.Pairs, rp)
	}
	return out, nil
}
