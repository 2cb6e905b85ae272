package query_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// TestGramReaderEqualsScorch checks that the reader keywords read their
// postings with gives what scorch's term field reader gives: the same
// paragraphs, frequencies, norms and occurrences, read in turn and
// skipped to, on the text and on the heading path, for common and rare
// bigrams, with positions, with frequencies alone and with numbers alone.
func TestGramReaderEqualsScorch(t *testing.T) {
	for _, mode := range []struct {
		name           string
		freqNorm, locs bool
	}{{"positions", true, true}, {"frequencies", true, false}, {"numbers", false, false}} {
		t.Run(mode.name, func(t *testing.T) { testGramReader(t, testIndex, mode.freqNorm, mode.locs) })
	}
}

func testGramReader(t *testing.T, ix *index.Index, freqNorm, locs bool) {
	for _, c := range []struct{ field, term string }{
		{index.FieldTextBigrams, "发展"},
		{index.FieldTextBigrams, "企业"},
		{index.FieldTextBigrams, "安全"},
		{index.FieldTextBigrams, "矿山"},
		{index.FieldTextBigrams, "ab"}, // not in the index
		{index.FieldSectionBigrams, "发展"},
	} {
		t.Run(c.field+"/"+c.term, func(t *testing.T) {
			want, err := query.ReadTerm(ix, c.field, c.term, false, freqNorm, locs, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := query.ReadTerm(ix, c.field, c.term, true, freqNorm, locs, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("read in turn (-want +got):\n%s", diff)
			}
			if c.term != "ab" && len(want) < 3 {
				t.Fatalf("%s holds %d paragraphs: too few to skip", c.term, len(want))
			}
			if locs && c.term != "ab" {
				// The comparison is worth something only if the reader
				// reads the positions itself.
				if n, _, err := query.DirectReads(ix, c.field, c.term); err != nil || n == 0 {
					t.Fatalf("%s: positions read by zap's iterator (%v): the comparison does not test zapPostings", c.term, err)
				}
			}
			// Skip to every third paragraph and to the number after it,
			// which the term is not always in.
			var to []uint64
			for i := 0; i < len(want); i += 3 {
				to = append(to, want[i].Num, want[i].Num+1)
			}
			if len(to) == 0 {
				to = []uint64{0}
			}
			want, err = query.ReadTerm(ix, c.field, c.term, false, freqNorm, locs, to)
			if err != nil {
				t.Fatal(err)
			}
			got, err = query.ReadTerm(ix, c.field, c.term, true, freqNorm, locs, to)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("skipped to (-want +got):\n%s", diff)
			}
		})
	}
}

// TestGramReaderChunks checks the reader of positions against scorch's on
// bigrams of over a thousand paragraphs, which zap keeps in several
// chunks, each of them found by its paragraph numbers: a bigram in every
// paragraph, one in two of three, one in every seventh, with frequencies
// from 1 to 5.
func TestGramReaderChunks(t *testing.T) {
	src := t.TempDir()
	var text strings.Builder
	for i := range 2600 {
		fmt.Fprintf(&text, "第%d条　", i)
		for range i%5 + 1 {
			text.WriteString("安全生产责任制，")
		}
		if i%3 != 0 {
			text.WriteString("推动企业高质量发展，")
		}
		if i%7 == 0 {
			text.WriteString("国有企业改革深化提升。")
		}
		text.WriteString("\n\n")
	}
	if err := os.WriteFile(filepath.Join(src, "chunks.txt"), []byte(text.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := index.Update(context.Background(), dir, testSeg, []string{src}, index.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, term := range []string{"安全", "企业", "国有"} {
		t.Run(term, func(t *testing.T) {
			n, chunks, err := query.DirectReads(ix, index.FieldTextBigrams, term)
			if err != nil || n == 0 {
				t.Fatalf("positions read by zap's iterator (%v)", err)
			}
			if term != "国有" && chunks < 2 {
				t.Fatalf("%d chunks: the test wants several", chunks)
			}
			want, err := query.ReadTerm(ix, index.FieldTextBigrams, term, false, true, true, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := query.ReadTerm(ix, index.FieldTextBigrams, term, true, true, true, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("read in turn (-want +got):\n%s", diff)
			}
			if term == "安全" {
				// Paragraph i holds it i%5+1 times: the frequencies the
				// index keeps (one less, see index.TermFrequency) read
				// back as those, by either reader.
				freqs := map[uint64]int{}
				for _, p := range got {
					freqs[p.Freq]++
				}
				if diff := cmp.Diff(map[uint64]int{1: 520, 2: 520, 3: 520, 4: 520, 5: 520}, freqs); diff != "" {
					t.Fatalf("paragraphs by frequency (-want +got):\n%s", diff)
				}
			}
			// Skip by strides that land in every chunk, on paragraphs
			// with the term and without.
			for _, stride := range []int{1, 5, 97} {
				var to []uint64
				for i := 0; i < len(want); i += stride {
					to = append(to, want[i].Num, want[i].Num+2)
				}
				want, err := query.ReadTerm(ix, index.FieldTextBigrams, term, false, true, true, to)
				if err != nil {
					t.Fatal(err)
				}
				got, err := query.ReadTerm(ix, index.FieldTextBigrams, term, true, true, true, to)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("skipped by %d (-want +got):\n%s", stride, diff)
				}
			}
		})
	}
	// A unit's frequencies too (zap keeps no locations of them), by
	// either reader.
	for _, gram := range []bool{false, true} {
		got, err := query.ReadTerm(ix, index.FieldTextUnits, "安", gram, true, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		freqs := map[uint64]int{}
		for _, p := range got {
			freqs[p.Freq]++
		}
		if diff := cmp.Diff(map[uint64]int{1: 520, 2: 520, 3: 520, 4: 520, 5: 520}, freqs); diff != "" {
			t.Fatalf("paragraphs by frequency of a unit (-want +got):\n%s", diff)
		}
	}
}

// TestReadingAcrossSegments checks the readers, and the searches that read
// through them, on an index of several segments (built in two updates),
// where paragraph numbers run on from segment to segment: the same
// postings as scorch's reader, and the same hits and scores as an index
// of the same files built at once.
func TestReadingAcrossSegments(t *testing.T) {
	src := t.TempDir()
	speech, err := os.ReadFile("../testdata/speech.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "speech.txt"), speech, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	split, once := t.TempDir(), t.TempDir()
	if _, err := index.Update(ctx, split, testSeg, []string{src}, index.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(src, "reports"), os.DirFS("../testdata/corpus/reports")); err != nil {
		t.Fatal(err)
	}
	// The speech changes too: its old paragraphs stay in the first
	// segment, deleted, and must be read as gone.
	speech = append(speech, "\n\n国有企业要落实安全生产责任制，推动高质量发展。\n"...)
	if err := os.WriteFile(filepath.Join(src, "speech.txt"), speech, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{split, once} {
		if _, err := index.Update(ctx, dir, testSeg, []string{src}, index.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	splitIx, onceIx := openIndex(t, split), openIndex(t, once)
	if n, err := query.Segments(splitIx); err != nil || n < 2 {
		t.Fatalf("the index built in two updates has %d segments (%v): the test needs several", n, err)
	}
	testGramReader(t, splitIx, true, true)
	for _, q := range []string{"安全生产", "国有企业", "国企", "发展 /s 经济", "高质量发展", "专精特新", "人民 群众", "政府工作报告"} {
		for _, opts := range []query.Options{{Limit: 10}, {Limit: 5, Collapse: true}} {
			want, err := query.Search(ctx, onceIx, q, opts)
			if err != nil {
				t.Fatal(err)
			}
			got, err := query.Search(ctx, splitIx, q, opts)
			if err != nil {
				t.Fatal(err)
			}
			if want.Total == 0 {
				t.Fatalf("%s finds nothing: the comparison proves nothing", q)
			}
			if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(query.Result{}, "Took"), cmpopts.IgnoreFields(query.Hit{}, "ID"), cmpopts.IgnoreFields(query.Repeat{}, "ID", "Of")); diff != "" {
				t.Errorf("%s %+v: several segments against one (-want +got):\n%s", q, opts, diff)
			}
		}
	}
}
