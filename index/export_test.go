package index

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index/extract"
	"github.com/zhsearch/zhsearch/segment"
)

// WithMaxMerge returns opts with the parts merged into one segment of a
// fresh build bounded to n bytes, so that tests build indexes of several
// segments from little text.
func WithMaxMerge(opts UpdateOptions, n int64) UpdateOptions {
	opts.maxMerge = n
	return opts
}

// MergeGroups is mergeGroups on parts of the given sizes, returning the
// sizes of each group's parts.
func MergeGroups(sizes []int64, max int64) [][]int64 {
	var parts []partFile
	for _, s := range sizes {
		parts = append(parts, partFile{size: s})
	}
	var out [][]int64
	for _, g := range mergeGroups(parts, max) {
		var sizes []int64
		for _, p := range g {
			sizes = append(sizes, p.size)
		}
		out = append(out, sizes)
	}
	return out
}

// WordDF is the count the index keeps of the folded word w.
func (r *Rarity) WordDF(w string) (uint32, error) { return r.DF(wordKey(w)) }

// KeyOf is the key of the folded word w.
func KeyOf(w string) WordKey { return wordKey(w) }

// RarityCounts returns the counts of paragraphs and of words that the
// bytes of a rarity.bin say it holds; RarityEntryAt and RarityProfileAt
// where its i'th entry of the words table and paragraph num's profile
// start.
func RarityCounts(data []byte) (n, m int) {
	return int(binary.LittleEndian.Uint32(data[4:])), int(binary.LittleEndian.Uint32(data[8:]))
}

func RarityEntryAt(i int) int { return rarityHeader + rarityEntry*i }

func RarityProfileAt(data []byte, num int) int {
	_, m := RarityCounts(data)
	return RarityEntryAt(m) + ProfileWords*num
}

// Words returns the words table of r, each word's key with its count:
// what does not depend on how scorch numbered the paragraphs (the
// profiles, by number, do).
func (r *Rarity) Words() map[WordKey]uint32 {
	words := make(map[WordKey]uint32, r.m)
	for i := range int(r.m) {
		k, df, err := r.entry(i)
		if err != nil {
			panic(err) // a test's own index, intact
		}
		words[k] = df
	}
	return words
}

// StaleProfiles leaves the live generation of the index in dir as an
// update that carried its kept paragraphs' profiles over did: every
// profile other than its counts make it ({0, 0, 0}), and no ExactProfiles
// in its build record.
func StaleProfiles(dir string) error {
	cur, err := readCurrent(dir)
	if err != nil {
		return err
	}
	genDir := filepath.Join(dir, cur.gen)
	meta, err := readMeta(genDir, cur)
	if err != nil {
		return err
	}
	path := filepath.Join(genDir, rarityFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	n, m := binary.LittleEndian.Uint32(data[4:]), binary.LittleEndian.Uint32(data[8:])
	profiles := rarityHeader + rarityEntry*int(m)
	end := profiles + ProfileWords*int(n)
	clear(data[profiles:end])
	data = sealTable(data[:end], rarityHeader)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	if meta.Files[rarityFile], err = sumFile(path); err != nil {
		return err
	}
	meta.ExactProfiles = false
	raw, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(genDir, metaFile), raw, 0o644); err != nil {
		return err
	}
	return writeCurrent(dir, cur.gen, crc(raw))
}

// Signature is a paragraph's MinHash signature.
type Signature = signature

// Sign returns the signature of a text, empty for one too short.
func Sign(text string) Signature { return sign(Shingles(text)) }

// Candidates reports whether two paragraphs, by their signatures, are a
// candidate pair of the near-duplicate search as every build before
// paragraphs were grouped found them: their signatures share a band and
// agree on minAgree minimums or more.
func Candidates(a, b Signature) bool {
	if a.empty() || b.empty() || a.agree(b) < minAgree {
		return false
	}
	for band := range sigBands {
		if a.band(band) == b.band(band) {
			return true
		}
	}
	return false
}

// StoredText is the form in which a paragraph's text is stored in its
// segment, after its marker byte (see storedtext.go).
func StoredText(text string) []byte { return encodeText(text)[1:] }

// StoredForm is the stored form of a paragraph's text, its marker byte
// included.
func StoredForm(text string) []byte { return encodeText(text) }

// StoredValues returns the fields stored for the paragraph with scorch's
// document number num, read through r, and their values.
func StoredValues(r bleveindex.IndexReader, num uint64) (map[string]string, error) {
	snapshot, ok := unwrapReader(r).(*scorch.IndexSnapshot)
	if !ok {
		return nil, errors.New("not a scorch index")
	}
	var offset uint64
	for _, seg := range snapshot.Segments() {
		if size := uint64(seg.FullSize()); num >= offset+size {
			offset += size
			continue
		}
		values := map[string]string{}
		err := seg.VisitDocument(num-offset, func(field string, _ byte, value []byte, _ []uint64) bool {
			values[field] = string(value)
			return true
		})
		return values, err
	}
	return nil, fmt.Errorf("document number %d is out of range", num)
}

// ReleasePages is releasePages.
var ReleasePages = releasePages

// MergeParts writes lines, one paragraph each, cut by seg, as the parts
// of a fresh build in dir, perPart paragraphs a part, merges them into one
// segment releasing the parts' pages every releaseEvery bytes the merge
// writes, and returns the segment's size and its contents: each field's
// terms with their document counts, and each paragraph's stored text.
func MergeParts(seg *segment.Segmenter, lines []string, perPart int, dir string, releaseEvery uint64) (size int64, contents []string, err error) {
	w, err := newSegmentWriter(dir, 0)
	if err != nil {
		return 0, nil, err
	}
	w.releaseEvery = releaseEvery
	for start := 0; start < len(lines); start += perPart {
		var docs []*document.Document
		for n := start; n < min(start+perPart, len(lines)); n++ {
			p := extract.Paragraph{N: n + 1, Text: lines[n], Kind: extract.KindBody}
			d, _ := paragraphDocument(seg.SearchWords(p.Text), "doc", "2024", p, 1, map[string]int{}, &sectionFields{})
			docs = append(docs, d)
		}
		if err := w.write(docs, nil); err != nil {
			return 0, nil, err
		}
	}
	path := filepath.Join(dir, "merged.zap")
	if err := w.merge(context.Background(), w.parts, path); err != nil {
		return 0, nil, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0, nil, err
	}
	s, err := w.plugin.Open(path)
	if err != nil {
		return 0, nil, err
	}
	defer s.Close()
	for _, field := range s.Fields() {
		dict, err := s.Dictionary(field)
		if err != nil {
			return 0, nil, err
		}
		terms := dict.AutomatonIterator(everyTerm{}, nil, nil)
		for t, err := terms.Next(); t != nil || err != nil; t, err = terms.Next() {
			if err != nil {
				return 0, nil, err
			}
			contents = append(contents, fmt.Sprintf("%s %q %d", field, t.Term, t.Count))
		}
	}
	for n := range s.Count() {
		err := s.VisitStoredFields(n, func(field string, _ byte, value []byte, _ []uint64) bool {
			if field == FieldText {
				contents = append(contents, fmt.Sprintf("%d %s", n, value))
			}
			return true
		})
		if err != nil {
			return 0, nil, err
		}
	}
	return fi.Size(), contents, nil
}

// OpenScorch opens the bleve index of the generation in genDir as a search
// (read-only) or an update (writable) does, and closes it.
func OpenScorch(genDir string, writable bool) error {
	config := map[string]interface{}{"read_only": !writable, "bolt_timeout": "2s"}
	if writable {
		config = segmentConfig(config)
	}
	b, err := openScorch(genDir, config)
	if err != nil {
		return err
	}
	return b.Close()
}

// checkedBlocks returns the blocks of t that reads have checked, in
// order, and its count of blocks.
func (t *blockTable) checkedBlocks() (checked []int, blocks int) {
	for b := range t.checked {
		if t.checked[b].Load() {
			checked = append(checked, b)
		}
	}
	return checked, len(t.checked)
}

// CheckedBlocks returns the blocks of the place table that reads have
// checked, and its count of blocks.
func (p *Places) CheckedBlocks() (checked []int, blocks int) { return p.blocks.checkedBlocks() }

// CheckedPathBlocks returns the blocks of the path table (sections.bin)
// that reads have checked, and its count of blocks.
func (p *Places) CheckedPathBlocks() (checked []int, blocks int) {
	return p.paths.blocks.checkedBlocks()
}

// PlaceEntry returns where the entry of document number num starts in the
// place table, and the block that holds that byte.
func PlaceEntry(num uint64) (offset, block int) {
	offset = placesHeader + placeEntry*int(num)
	return offset, (offset - placesHeader) / tableBlock
}
