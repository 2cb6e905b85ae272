package index_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

// TestPlaceLengthsAreTheFieldsTerms checks the lengths BM25 reads from the
// place table (zap keeps none) against the terms of each field counted
// again from the paragraph's text and heading path, as the unit and bigram
// rule makes them: a column swapped or a kept paragraph's length lost in an
// update would rank silently wrong.
func TestPlaceLengthsAreTheFieldsTerms(t *testing.T) {
	index.SkipUnderRace(t)
	t.Parallel()
	dir := t.TempDir()
	update(t, dir, []string{"../testdata/speech.txt"}, index.UpdateOptions{Strict: true})
	// An update keeps the speech's paragraphs and carries their lengths.
	update(t, dir, []string{"../testdata/speech.txt", "../testdata/corpus"}, index.UpdateOptions{Strict: true})
	ix := open(t, dir)
	fields := []string{index.FieldTextUnits, index.FieldTextBigrams, index.FieldSectionUnits, index.FieldSectionBigrams}
	checked := 0
	eachParagraph(t, ix, func(num uint64, p index.Numbered) {
		var got []uint64
		for _, f := range fields {
			lengths, ok := ix.Places().Lengths(f)
			if !ok {
				t.Fatalf("no lengths of field %s", f)
			}
			got = append(got, lengths.Of(num))
		}
		// A metadata paragraph (a subtitle, 落款) is searched in its
		// heading path with its own text, as a heading is, though
		// Paragraph says only titles and headings are headings.
		want := fieldTerms(p, p.Heading)
		if !p.Heading && !cmp.Equal(want, got) {
			want = fieldTerms(p, true)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s: lengths of %v (-want +got):\n%s", p.ID, fields, diff)
		}
		checked++
	})
	if checked < 100 {
		t.Fatalf("only %d paragraphs checked", checked)
	}
}

// fieldTerms counts the terms of the four fields of p, as a heading's or
// not.
func fieldTerms(p index.Numbered, heading bool) []uint64 {
	textUnits, textBigrams := countTerms(p.Text)
	secUnits, secBigrams := countTerms(index.SectionText(p.Section, p.Text, heading))
	return []uint64{textUnits, textBigrams, secUnits, secBigrams}
}

// countTerms counts the units of text and the bigrams of touching units.
func countTerms(text string) (units, bigrams uint64) {
	var prev segment.Unit
	for u := range segment.Units(text) {
		if units > 0 && segment.Adjacent(prev, u) {
			bigrams++
		}
		units++
		prev = u
	}
	return units, bigrams
}

// TestOnlyTextIsStored checks that a paragraph's document stores its text
// alone, as the table code or another encoding of it, and an empty ID
// (zap keeps a value of the ID field for every document): the place table
// keeps the rest. Paragraph checks each against its checksum; this checks
// that nothing else is stored, in a fresh build and in an update, which
// writes through scorch's online path.
func TestOnlyTextIsStored(t *testing.T) {
	index.SkipUnderRace(t)
	t.Parallel()
	dir := t.TempDir()
	update(t, dir, []string{"../testdata/speech.txt"}, index.UpdateOptions{Strict: true})
	update(t, dir, []string{"../testdata/speech.txt", "../testdata/corpus/reports"}, index.UpdateOptions{Strict: true})
	ix := open(t, dir)
	r, err := ix.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	checked := 0
	eachParagraph(t, ix, func(num uint64, p index.Numbered) {
		got, err := index.StoredValues(r, num)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"_id": "", index.FieldText: string(index.StoredForm(p.Text))}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s: stored (-want +got):\n%s", p.ID, diff)
		}
		checked++
	})
	if checked < 100 {
		t.Fatalf("only %d paragraphs checked", checked)
	}
}
