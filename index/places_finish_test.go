package index

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unique"

	"github.com/zhsearch/zhsearch/segment"
)

// finishedTables builds ../testdata/corpus with one worker and returns its
// generation folder, documents, records by document (in num order) and the
// bytes of its place and path tables.
func finishedTables(t *testing.T) (genDir string, docs []DocRecord, recs map[string][]placeSum, nums map[string][]uint64, places, sections []byte) {
	sg, err := segment.New(segment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Update(context.Background(), dir, sg, []string{"../testdata/corpus"}, UpdateOptions{Strict: true, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	genDir = filepath.Dir(ix.genPath(placesFile))
	raw, err := os.ReadFile(ix.genPath(docsFile))
	if err != nil {
		t.Fatal(err)
	}
	if docs, err = decodeDocs(raw, "", ix.meta); err != nil {
		t.Fatal(err)
	}
	p := ix.Places()
	recs, nums = map[string][]placeSum{}, map[string][]uint64{}
	eachLivePlace(t, p, func(num uint64, place Place, e placeEntryBytes, section []byte) {
		r := paragraphRecord{sum: e.sum(), section: unique.Make(string(section)), kind: e.kind()}
		for i := range r.lengths {
			r.lengths[i] = e.length(i)
		}
		key := docs[place.Doc].Key
		recs[key] = append(recs[key], placeSum{order: e.order(), para: r})
		nums[key] = append(nums[key], num)
	})
	if places, err = os.ReadFile(ix.genPath(placesFile)); err != nil {
		t.Fatal(err)
	}
	if sections, err = os.ReadFile(ix.genPath(sectionsFile)); err != nil {
		t.Fatal(err)
	}
	return
}

func spillOfRecords(t *testing.T, keys []string, recs map[string][]placeSum) *sumSpill {
	s := newSumSpill()
	var err error
	if s.file, err = createSpill(filepath.Join(t.TempDir(), placesSpill)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.file.remove() })
	for _, k := range keys {
		s.add(k, recs[k])
	}
	return s
}

// TestFinishGenerationInAnyOrder: records given in any order rewrite the same
// tables; a paragraph with no record, anywhere in the table (its last
// piece too), fails the build.
func TestFinishGenerationInAnyOrder(t *testing.T) {
	genDir, docs, recs, nums, places, sections := finishedTables(t)
	var keys []string
	for _, d := range docs {
		if len(recs[d.Key]) > 0 {
			keys = append(keys, d.Key)
		}
	}
	t.Logf("%d documents, %d bytes of place table", len(keys), len(places))
	// Heading paths are numbered by first paragraph, so any spill order gives the same.
	for _, c := range []struct {
		name   string
		keys   []string
		buffer int
	}{
		{"title order, entry a write", keys, 1},
		{"reversed, big buffer", reversedKeys(keys), 1 << 30},
		{"reversed, 100 bytes", reversedKeys(keys), 100},
		{"default", keys, placeBufferBytes},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := finishGeneration(genDir, docs, spillOfRecords(t, c.keys, recs), nil, c.buffer); err != nil {
				t.Fatal(err)
			}
			gotP, _ := os.ReadFile(filepath.Join(genDir, placesFile))
			gotS, _ := os.ReadFile(filepath.Join(genDir, sectionsFile))
			if !bytes.Equal(gotP, places) || !bytes.Equal(gotS, sections) {
				t.Errorf("tables differ: places %v sections %v", bytes.Equal(gotP, places), bytes.Equal(gotS, sections))
			}
		})
	}
	// The document holding the highest number loses that paragraph's record.
	var last string
	var highest uint64
	for k, ns := range nums {
		for _, n := range ns {
			if n >= highest {
				highest, last = n, k
			}
		}
	}
	for _, buffer := range []int{1, 1 << 30} {
		short := map[string][]placeSum{}
		for k, v := range recs {
			short[k] = v
		}
		i := slices.Index(nums[last], highest)
		short[last] = slices.Delete(slices.Clone(recs[last]), i, i+1)
		_, err := finishGeneration(genDir, docs, spillOfRecords(t, keys, short), nil, buffer)
		if err == nil || !strings.Contains(err.Error(), "was not written") {
			t.Errorf("buffer %d: a missing record of paragraph %d (of %d): err %v", buffer, highest, (len(places)-16)/placeEntry, err)
		}
	}
}

func reversedKeys(s []string) []string { r := slices.Clone(s); slices.Reverse(r); return r }
