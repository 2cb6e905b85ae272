package index

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Near-duplicate detection at build time (see shingles.go for the measure).
//
// Paragraphs of one shingle set form a group (see [groups]), and each
// group of paragraphs of at least MinReuseChars gets a MinHash signature of
// its shingle set: the minimums of sigBands×sigRows independent hash functions
// (16 bits of each: b-bit minwise hashing, Li & König 2010), which
// signatures.bin keeps. Each function's minimum is
// the same for two sets with probability their similarity s, so the
// signatures are cut into sigBands bands of sigRows minimums, and two
// groups that agree on a whole band are candidates, with probability
// 1-(1-s^sigRows)^sigBands (locality-sensitive hashing, Broder 1997; Indyk
// & Motwani 1998): with 16 bands of 2 rows, 0.94 at MinSimilarity (0.4),
// 0.99 at 0.5, 0.78 at 0.3. Bands of 2 rows let many unrelated pairs
// through (on the whole corpus, ten million candidates for 200,000 pairs
// at 0.4): those whose signatures agree on fewer than minAgree of the 32
// minimums (an estimate of s under 0.25) are dropped, which keeps a pair
// at 0.4 with probability 0.97, at 0.5 with 0.999. Each candidate left is
// verified by the exact Jaccard similarity of the two paragraphs' texts,
// read back from the new generation, and kept in similar.bin when it
// reaches MinSimilarity.
//
// An update keeps the signatures of the documents it does not re-read (by
// document key and paragraph order) and the verified pairs between the
// groups whose texts the generation before had: only pairs with a group of
// a new text are looked for and verified.
const (
	sigBands = 16
	sigRows  = 2
	sigSize  = sigBands * sigRows
	minAgree = 8 // of sigSize minimums, for a candidate to be verified

	signaturesFile  = "signatures.bin"
	similarFile     = "similar.bin"
	signaturesMagic = "ZHSG"
	similarMagic    = "ZHSM"

	// MinSimilarity is the lowest similarity kept: pairs below it are not
	// near-duplicates by any threshold a user can ask for.
	MinSimilarity = 0.4
	// DefaultSimilarity is the threshold at which search hits collapse and
	// reuse lists a paragraph, unless asked otherwise: at it, hand-labelled
	// pairs of the work reports are near-duplicates with precision ≥ 0.95
	// (see testdata/reuse and reuse_label_test.go).
	DefaultSimilarity = 0.5

	// maxSimilar bounds the pairs kept for one paragraph, most similar
	// first: a boilerplate clause repeated in thousands of documents
	// would otherwise cost pairs by the million.
	maxSimilar = 1000
)

// minhashSeeds are the multipliers and addends of the MinHash functions,
// h_i(x) = a_i·x + b_i (mod 2^64) over already well-mixed shingle hashes;
// fixed, because signatures are stored.
var minhashSeeds = func() (s [sigSize][2]uint64) {
	x := uint64(0x9E3779B97F4A7C15)
	for i := range s {
		x = mix64(x + 0x9E3779B97F4A7C15)
		s[i][0] = x | 1
		x = mix64(x + 0x9E3779B97F4A7C15)
		s[i][1] = x
	}
	return s
}()

// A signature is 16 bits of each of a paragraph's MinHash minimums, bits
// 32 to 47: the minimum of a few thousand 64-bit hashes has its top bits
// zero, and these vary with which shingle is the minimum. Two minimums of
// different shingles agree by chance once in 65,536, which adds a
// negligible number of candidates (and every candidate is verified). All
// zero for a paragraph too short to compare (a minimum of 0 is stored as
// 1).
type signature [sigSize]uint16

func (s signature) empty() bool { return s == signature{} }

// sign computes the signature of a shingle set (see [Shingles]).
func sign(shingles []uint64) signature {
	var sig signature
	if len(shingles) == 0 {
		return sig
	}
	var mins [sigSize]uint64
	for i := range mins {
		mins[i] = math.MaxUint64
	}
	for _, x := range shingles {
		for i, ab := range minhashSeeds {
			if v := x*ab[0] + ab[1]; v < mins[i] {
				mins[i] = v
			}
		}
	}
	for i, m := range mins {
		sig[i] = max(uint16(m>>32), 1)
	}
	return sig
}

// band is the hash of band b of a signature.
func (s signature) band(b int) uint32 {
	h := uint64(b) + 1
	for r := 0; r < sigRows; r++ {
		h = mix64(h ^ uint64(s[b*sigRows+r]))
	}
	return uint32(h >> 32)
}

// agree counts the minimums two signatures share.
func (s signature) agree(t signature) int {
	n := 0
	for i := range s {
		if s[i] == t[i] {
			n++
		}
	}
	return n
}

// paraKey names a paragraph (or a part of an overlong one) across
// generations: its document's key and its order there (see placeOrder).
type paraKey struct {
	doc   string
	order uint32
}

// A signer collects the signatures of the paragraphs an update indexes, from
// its workers, in a file of the new generation (signaturesSpill) rather
// than in memory, which would grow with the corpus: a record a signature,
// the length of its document key (one byte), the key, its order (see
// placeOrder, uint32) and the signature, little-endian. writeSimilar reads
// it back and removes it. Its time is the time spent on signatures, for
// the build benchmark's share.
type signer struct {
	mu     sync.Mutex
	spill  *spillFile      // created before the workers start
	err    error           // the first error writing the file
	resign map[string]bool // documents whose paragraphs were signed afresh
	work   atomic.Int64    // nanoseconds the workers spent signing
	pairs  time.Duration   // finding and verifying pairs
}

// signaturesSpill is the file of a new generation that holds the
// signatures of what it indexes until writeSimilar reads them.
const signaturesSpill = "signatures.new"

// time is the signer's share of an update's wall-clock time, with workers
// signing in parallel.
func (s *signer) time(workers int) time.Duration {
	return time.Duration(s.work.Load()/int64(max(workers, 1))) + s.pairs
}

// oldGenDir is the generation an update builds on, "" for a fresh build.
func (u *updater) oldGenDir() string {
	if u.oldGen == "" {
		return ""
	}
	return filepath.Join(u.dir, u.oldGen)
}

func newSigner() *signer {
	return &signer{resign: map[string]bool{}}
}

// add signs one part of a paragraph of the document with key doc.
func (s *signer) add(doc string, n, part int, text string) {
	start := time.Now()
	shingles := Shingles(text)
	sig := sign(shingles)
	var rec []byte
	if !sig.empty() {
		id := identify(shingles)
		rec = make([]byte, 0, spillRecord+len(doc))
		rec = append(append(rec, byte(len(doc))), doc...)
		rec = binary.LittleEndian.AppendUint32(rec, placeOrder(n, part))
		for _, h := range sig {
			rec = binary.LittleEndian.AppendUint16(rec, h)
		}
		rec = binary.LittleEndian.AppendUint64(rec, id.h[0])
		rec = binary.LittleEndian.AppendUint64(rec, id.h[1])
		rec = binary.LittleEndian.AppendUint32(rec, id.n)
	}
	s.mu.Lock()
	s.resign[doc] = true
	if rec != nil && s.err == nil {
		_, s.err = s.spill.Write(rec)
	}
	s.mu.Unlock()
	s.work.Add(int64(time.Since(start)))
}

// spillRecord is the size of a record of the signer's file, without its
// document key.
const spillRecord = 1 + 4 + 2*sigSize + 8 + 8 + 4

// A setID identifies a shingle set: a 128-bit hash of its shingles and
// their number. Two paragraphs of the same set (the same text, most
// often: a corpus copied, a clause repeated) are alike with similarity 1,
// without reading their texts back.
type setID struct {
	h [2]uint64
	n uint32
}

func identify(shingles []uint64) setID {
	id := setID{h: [2]uint64{0x243F6A8885A308D3, 0x13198A2E03707344}, n: uint32(len(shingles))}
	for _, x := range shingles {
		id.h[0] = mix64(id.h[0] ^ x)
		id.h[1] = mix64(id.h[1] + x*0x9E3779B97F4A7C15)
	}
	return id
}

// read reads back the signatures added, calling yield with each (doc is
// valid only during the call), and removes the signer's file. The file is
// streamed: it holds a record for each paragraph of the update.
func (s *signer) read(yield func(doc []byte, order uint32, sig signature, id setID)) error {
	if s.err != nil {
		return s.err
	}
	r, err := s.spill.rewind()
	if err != nil {
		return err
	}
	if err := readSignerRecords(r, yield); err != nil {
		return fmt.Errorf("%s: %w", s.spill.name(), err)
	}
	return s.spill.remove()
}

func readSignerRecords(r *bufio.Reader, yield func(doc []byte, order uint32, sig signature, id setID)) error {
	rec := make([]byte, spillRecord+255)
	for {
		n, err := r.ReadByte()
		if err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		data := rec[:int(n)+spillRecord-1]
		if _, err := io.ReadFull(r, data); err != nil {
			return fmt.Errorf("cut short: %w", err)
		}
		doc := data[:n]
		rest := data[n:]
		order := binary.LittleEndian.Uint32(rest)
		rest = rest[4:]
		var sig signature
		for i := range sig {
			sig[i] = binary.LittleEndian.Uint16(rest[2*i:])
		}
		rest = rest[2*sigSize:]
		id := setID{h: [2]uint64{binary.LittleEndian.Uint64(rest), binary.LittleEndian.Uint64(rest[8:])}, n: binary.LittleEndian.Uint32(rest[16:])}
		yield(doc, order, sig, id)
	}
}

// A similarPair is two groups of paragraphs (see [groups]) and their
// verified similarity.
type similarPair struct {
	a, b uint32
	sim  Similarity
}

// noGroup is the group of a document number without a signature.
const noGroup = math.MaxUint32

// groups are the distinct shingle sets of a generation's paragraphs.
// Paragraphs of one set (one text, most often: a clause repeated in many
// documents, a corpus copied) form a group, and near-duplicates are looked
// for between groups: the work, and the pairs similar.bin stores, grow
// with the number of distinct texts, not with their copies. Two paragraphs
// of a group are alike with similarity 1; a paragraph is alike with every
// member of the groups its group is near.
type groups struct {
	of   []uint32    // by document number: its group, or noGroup
	sigs []signature // by group
	ids  []setID
	at   map[setID]uint32
}

func newGroups(n int) *groups {
	g := &groups{of: make([]uint32, n), at: map[setID]uint32{}}
	for i := range g.of {
		g.of[i] = noGroup
	}
	return g
}

// add puts paragraph num in the group of set id.
func (g *groups) add(num uint32, sig signature, id setID) {
	x, ok := g.at[id]
	if !ok {
		x = uint32(len(g.sigs))
		g.at[id] = x
		g.sigs = append(g.sigs, sig)
		g.ids = append(g.ids, id)
	}
	g.of[num] = x
}

// renumber numbers the groups in the order of their first paragraphs (the
// order similar.bin keeps them in) and returns the new number of each.
func (g *groups) renumber() []uint32 {
	rank := make([]uint32, len(g.sigs))
	for i := range rank {
		rank[i] = noGroup
	}
	next := uint32(0)
	for num, x := range g.of {
		if x == noGroup {
			continue
		}
		if rank[x] == noGroup {
			rank[x] = next
			next++
		}
		g.of[num] = rank[x]
	}
	sigs, ids := make([]signature, len(g.sigs)), make([]setID, len(g.ids))
	for x, r := range rank {
		if r != noGroup { // a group its paragraphs all left
			sigs[r], ids[r] = g.sigs[x], g.ids[x]
		}
	}
	sigs, ids = sigs[:next], ids[:next]
	g.sigs, g.ids, g.at = sigs, ids, nil
	return rank
}

// first returns each group's first paragraph, whose text stands for the
// group's when pairs are verified.
func (g *groups) first() []uint32 {
	out := make([]uint32, len(g.sigs))
	seen := 0
	for num, x := range g.of {
		if x != noGroup && int(x) == seen {
			out[x] = uint32(num)
			seen++
		}
	}
	return out
}

// paraIndex finds a paragraph's document number by its document's key and
// its order there: each document's numbers in one sorted array, found
// through the document's range, rather than a map of every paragraph
// (tens of bytes each, which grew a build's memory with its corpus).
type paraIndex struct {
	places []placeEntryData  // by document number
	byKey  []uint32          // document numbers, by document and order
	start  []uint32          // by document: where its numbers start in byKey; one more at the end
	docs   map[string]uint32 // document key -> index in the document list
}

// newParaIndex indexes the place entries places of a generation whose
// documents are docs (in title order).
func newParaIndex(places []placeEntryData, docs []DocRecord) (*paraIndex, error) {
	p := &paraIndex{places: places, start: make([]uint32, len(docs)+1), docs: make(map[string]uint32, len(docs))}
	for i, d := range docs {
		p.docs[d.Key] = uint32(i)
	}
	// A counting sort by document, then each document's numbers by order.
	for num, e := range places {
		if e.doc == noDocument {
			continue
		}
		if int(e.doc) >= len(docs) {
			return nil, fmt.Errorf("paragraph %d is in document %d of %d", num, e.doc, len(docs))
		}
		p.start[e.doc+1]++
	}
	for d := range docs {
		p.start[d+1] += p.start[d]
	}
	p.byKey = make([]uint32, p.start[len(docs)])
	next := slices.Clone(p.start[:len(docs)])
	for num, e := range places {
		if e.doc != noDocument {
			p.byKey[next[e.doc]] = uint32(num)
			next[e.doc]++
		}
	}
	for d := range docs {
		nums := p.byKey[p.start[d]:p.start[d+1]]
		slices.SortFunc(nums, func(a, b uint32) int { return cmpUint32(places[a].order, places[b].order) })
	}
	return p, nil
}

// lookup returns the document number of paragraph order of document d
// (its index in the document list).
func (p *paraIndex) lookup(d, order uint32) (uint32, bool) {
	if int(d) >= len(p.start)-1 {
		return 0, false
	}
	nums := p.byKey[p.start[d]:p.start[d+1]]
	i, found := slices.BinarySearchFunc(nums, order, func(num, order uint32) int { return cmpUint32(p.places[num].order, order) })
	if !found {
		return 0, false
	}
	return nums[i], true
}

// writeSimilar writes signatures.bin and similar.bin into the finished
// generation in genDir, whose paragraphs paras indexes (see
// finishGeneration): the signatures of the paragraphs s signed, those of
// the other paragraphs carried over from the generation in oldDir, whose
// build record lists oldFiles ("" for a fresh build), and every
// near-duplicate pair among them. It lets go of paras before it looks for
// pairs.
func writeSimilar(genDir string, paras *paraIndex, s *signer, oldDir string, oldFiles map[string]FileSum) error {
	start := time.Now()
	defer func() { s.pairs += time.Since(start) }()
	gs := newGroups(len(paras.places))
	err := s.read(func(doc []byte, order uint32, sig signature, id setID) {
		if d, ok := paras.docs[string(doc)]; ok {
			if num, ok := paras.lookup(d, order); ok {
				gs.add(num, sig, id)
			}
		}
	})
	if err != nil {
		return fmt.Errorf("reading signatures back: %w", err)
	}
	var old *oldSimilar
	var oldTo []uint32 // by group of the generation before: its group in this one, or noGroup
	if oldDir != "" {
		if old, err = readOldSimilar(oldDir, oldFiles); err != nil {
			return err
		}
		// The paragraphs of the documents this update did not re-read
		// keep their sets.
		docTo := make([]uint32, len(old.docs)) // by document of the generation before
		for i, key := range old.docs {
			docTo[i] = noDocument
			if d, ok := paras.docs[key]; ok && !s.resign[key] {
				docTo[i] = d
			}
		}
		for num, p := range old.places {
			x, err := old.table.group(uint64(num))
			if err != nil {
				return damaged(filepath.Join(oldDir, similarFile), err)
			}
			if x == noGroup || p.doc == noDocument || int(p.doc) >= len(docTo) || docTo[p.doc] == noDocument {
				continue
			}
			if to, ok := paras.lookup(docTo[p.doc], p.order); ok {
				gs.add(to, old.sigs[x], old.ids[x])
			}
		}
		oldTo = make([]uint32, len(old.ids))
		for x, id := range old.ids {
			oldTo[x] = noGroup
			if to, ok := gs.at[id]; ok {
				oldTo[x] = to
			}
		}
	}
	rank := gs.renumber()
	// A group whose set the generation before had is known: its pairs with
	// the other known groups are carried over rather than looked for.
	fresh := make([]bool, len(gs.sigs))
	for i := range fresh {
		fresh[i] = true
	}
	for x, to := range oldTo {
		if to != noGroup {
			oldTo[x] = rank[to]
			if oldTo[x] != noGroup {
				fresh[oldTo[x]] = false
			}
		}
	}
	paras = nil

	spill, err := createPairSpill(filepath.Join(genDir, pairsSpill))
	if err != nil {
		return err
	}
	defer spill.file.remove() // after a failure
	if old != nil {
		if err := old.carry(oldTo, spill); err != nil {
			return err
		}
		old = nil
	}
	// The garbage of the build's end (the index of paragraphs by place,
	// word rarity's profiles, the groups' maps as they were built) goes back
	// to the system before the pairs are looked for: the collector lets
	// the heap grow to twice what was live at its last cycle, which came
	// while the groups were built, and the verifiers' reads of stored text
	// made garbage up to that bound. On four copies of the whole corpus
	// that was the build's peak, 300 MB of anonymous memory for 90 MB
	// live; on one copy, 220 MB for 66 MB.
	debug.FreeOSMemory()
	if err := findPairs(genDir, gs.sigs, fresh, gs.first(), spill); err != nil {
		return err
	}
	if err := writeSignatures(filepath.Join(genDir, signaturesFile), gs.sigs, gs.ids); err != nil {
		return err
	}
	sizes := make([]uint32, len(gs.ids))
	for x, id := range gs.ids {
		sizes[x] = id.n
	}
	if err := writeSimilarTable(filepath.Join(genDir, similarFile), gs.of, sizes, spill, similarBudget); err != nil {
		return err
	}
	return spill.file.remove()
}

// similarBudget bounds the pairs held in memory while similar.bin is
// written: more, and it is written in several passes over the pairs found.
const similarBudget = 2 << 20

// pairsSpill is the file of a new generation that holds the pairs found
// until similar.bin is written from them: 16 bytes a pair, its groups a < b,
// shared and union, uint32 little-endian.
const pairsSpill = "pairs.new"

type pairSpill struct {
	mu    sync.Mutex
	file  *spillFile
	pairs int
}

func createPairSpill(path string) (*pairSpill, error) {
	f, err := createSpill(path)
	if err != nil {
		return nil, err
	}
	return &pairSpill{file: f}, nil
}

// write adds pairs, from any goroutine.
func (s *pairSpill) write(pairs []similarPair) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var rec [16]byte
	for _, p := range pairs {
		a, b := min(p.a, p.b), max(p.a, p.b)
		binary.LittleEndian.PutUint32(rec[:], a)
		binary.LittleEndian.PutUint32(rec[4:], b)
		binary.LittleEndian.PutUint32(rec[8:], uint32(p.sim.Shared))
		binary.LittleEndian.PutUint32(rec[12:], uint32(p.sim.Union))
		if _, err := s.file.Write(rec[:]); err != nil {
			return err
		}
	}
	s.pairs += len(pairs)
	return nil
}

// each reads the pairs written, in the order written; once they are all
// written, as many times as needed.
func (s *pairSpill) each(yield func(similarPair)) error {
	r, err := s.file.rewind()
	if err != nil {
		return err
	}
	var rec [16]byte
	for range s.pairs {
		if _, err := io.ReadFull(r, rec[:]); err != nil {
			return fmt.Errorf("%s: %w", s.file.name(), err)
		}
		yield(similarPair{binary.LittleEndian.Uint32(rec[:]), binary.LittleEndian.Uint32(rec[4:]),
			Similarity{int(binary.LittleEndian.Uint32(rec[8:])), int(binary.LittleEndian.Uint32(rec[12:]))}})
	}
	return nil
}

// findPairs finds the pairs of groups (by their signatures sigs) that
// share a band, agree on minAgree minimums or more and of which at least
// one is fresh, verifies each by the exact similarity of the texts of the
// groups' first paragraphs (first), read from the generation in genDir,
// and writes those that reach MinSimilarity to out.
//
// The bands are taken one at a time, and the groups that share a band's
// rows (a bucket) are verified together by one worker a core, each text
// read at most once for its bucket. A pair is verified in the first band
// it shares only: paragraphs repeated across the corpus share all sixteen.
// Nothing is held but a band's buckets and a bucket's texts.
func findPairs(genDir string, sigs []signature, fresh []bool, first []uint32, out *pairSpill) error {
	if !slices.Contains(fresh, true) {
		return nil
	}
	b, err := openScorch(genDir, map[string]interface{}{"read_only": true})
	if err != nil {
		return err
	}
	defer b.Close()
	r, err := b.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	entries := make([]bandEntry, len(sigs))
	for band := range sigBands {
		for x, sig := range sigs {
			entries[x] = bandEntry{sig.band(band), uint32(x)}
		}
		slices.SortFunc(entries, func(x, y bandEntry) int {
			if x.hash != y.hash {
				return cmpUint32(x.hash, y.hash)
			}
			return cmpUint32(x.num, y.num)
		})
		var buckets [][]bandEntry
		for i := 0; i < len(entries); {
			j, anyFresh := i+1, fresh[entries[i].num]
			for j < len(entries) && entries[j].hash == entries[i].hash {
				anyFresh = anyFresh || fresh[entries[j].num]
				j++
			}
			if j-i > 1 && anyFresh {
				buckets = append(buckets, entries[i:j])
			}
			i = j
		}
		var next atomic.Int64
		workers := min(runtime.GOMAXPROCS(0), len(buckets))
		errs := make([]error, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v := verifier{r: r, sigs: sigs, fresh: fresh, first: first, band: band, out: out}
				for i := int(next.Add(1)) - 1; i < len(buckets); i = int(next.Add(1)) - 1 {
					if errs[w] = v.bucket(buckets[i]); errs[w] != nil {
						next.Store(int64(len(buckets)))
						return
					}
				}
				errs[w] = v.flush()
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return err
		}
	}
	return nil
}

type bandEntry struct{ hash, num uint32 }

// A verifier verifies the candidate pairs of buckets of one band.
type verifier struct {
	r        bleveindex.IndexReader
	sigs     []signature
	fresh    []bool
	first    []uint32
	band     int
	out      *pairSpill
	found    []similarPair
	shingles [][]uint64 // of the bucket's groups, read when first needed
	read     []bool
}

// bucket verifies the pairs of a bucket that are candidates (see
// findPairs).
func (v *verifier) bucket(bucket []bandEntry) error {
	v.shingles = slices.Grow(v.shingles[:0], len(bucket))[:len(bucket)]
	v.read = slices.Grow(v.read[:0], len(bucket))[:len(bucket)]
	clear(v.shingles)
	clear(v.read)
	get := func(x int) ([]uint64, error) {
		if !v.read[x] {
			st, err := readStored(v.r, uint64(v.first[bucket[x].num]))
			if err != nil {
				return nil, err
			}
			v.shingles[x], v.read[x] = Shingles(string(st.text)), true
		}
		return v.shingles[x], nil
	}
	for x := range bucket {
		a := bucket[x].num
		for y := x + 1; y < len(bucket); y++ {
			c := bucket[y].num
			if !(v.fresh[a] || v.fresh[c]) || v.sigs[a].shareBandBefore(v.sigs[c], v.band) || v.sigs[a].agree(v.sigs[c]) < minAgree {
				continue
			}
			sa, err := get(x)
			if err != nil {
				return err
			}
			sc, err := get(y)
			if err != nil {
				return err
			}
			// Sets of very different sizes cannot be alike: shared ≤ the
			// smaller, union ≥ the larger.
			small, large := min(len(sa), len(sc)), max(len(sa), len(sc))
			if float64(small) < MinSimilarity*float64(large) {
				continue
			}
			if sim := Compare(sa, sc); sim.AtLeast(MinSimilarity) {
				v.found = append(v.found, similarPair{a, c, sim})
			}
		}
	}
	if len(v.found) >= 4096 {
		return v.flush()
	}
	return nil
}

func (v *verifier) flush() error {
	err := v.out.write(v.found)
	v.found = v.found[:0]
	return err
}

// shareBandBefore reports whether two signatures have the same rows in a
// band before band b.
func (s signature) shareBandBefore(t signature, b int) bool {
	for e := 0; e < b; e++ {
		if [sigRows]uint16(s[e*sigRows:]) == [sigRows]uint16(t[e*sigRows:]) {
			return true
		}
	}
	return false
}

func cmpUint32(a, b uint32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// signatures.bin: "ZHSG", the count of groups g (as similar.bin has them),
// then for each group its signature (sigSize uint16) and its set's
// identity (two uint64 and the count of shingles, uint32), little-endian.
// An update reads it whole; searches never do.
const signatureEntry = 2*sigSize + 8 + 8 + 4

func writeSignatures(path string, sigs []signature, ids []setID) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	w := bufio.NewWriterSize(f, 256<<10)
	out := make([]byte, 0, signatureEntry)
	out = binary.LittleEndian.AppendUint32(append(out, signaturesMagic...), uint32(len(sigs)))
	for x, s := range sigs {
		if _, err := w.Write(out); err != nil {
			return err
		}
		out = out[:0]
		for _, h := range s {
			out = binary.LittleEndian.AppendUint16(out, h)
		}
		out = binary.LittleEndian.AppendUint64(out, ids[x].h[0])
		out = binary.LittleEndian.AppendUint64(out, ids[x].h[1])
		out = binary.LittleEndian.AppendUint32(out, ids[x].n)
	}
	if _, err := w.Write(out); err != nil {
		return err
	}
	return w.Flush()
}

// decodeSignatures reads a signature table of g groups.
func decodeSignatures(data []byte, g int) ([]signature, []setID, error) {
	if len(data) < 8 || string(data[:4]) != signaturesMagic {
		return nil, nil, errors.New("not a signature table")
	}
	if got := int(binary.LittleEndian.Uint32(data[4:])); got != g {
		return nil, nil, fmt.Errorf("%d groups, the similarity table has %d", got, g)
	}
	if len(data) != 8+g*signatureEntry {
		return nil, nil, fmt.Errorf("%d bytes for %d signatures", len(data), g)
	}
	sigs, ids := make([]signature, g), make([]setID, g)
	for x := range g {
		e := data[8+x*signatureEntry:]
		for i := range sigs[x] {
			sigs[x][i] = binary.LittleEndian.Uint16(e[2*i:])
		}
		if sigs[x].empty() {
			return nil, nil, fmt.Errorf("group %d: an empty signature", x)
		}
		e = e[2*sigSize:]
		ids[x] = setID{h: [2]uint64{binary.LittleEndian.Uint64(e), binary.LittleEndian.Uint64(e[8:])}, n: binary.LittleEndian.Uint32(e[16:])}
	}
	return sigs, ids, nil
}

// placeEntry is one entry of a place table.
type placeEntryData struct{ doc, order uint32 }

// readPlaceEntries reads a place table whole, verified against want, its
// checksum in the build record.
func readPlaceEntries(path string, want FileSum) ([]placeEntryData, error) {
	data, err := readVerified(path, want)
	if err != nil {
		return nil, err
	}
	n, _, err := placesLayout(data)
	if err != nil {
		return nil, damaged(path, err)
	}
	out := make([]placeEntryData, n)
	for i := range out {
		e := placeEntryBytes(data[placesHeader+placeEntry*i:])
		out[i] = placeEntryData{e.doc(), e.order()}
	}
	return out, nil
}

// oldSimilar is what an update reads of the generation it builds on: its
// paragraphs (places; docs are their documents' keys), their groups and
// the groups' signatures and pairs.
type oldSimilar struct {
	dir    string
	places []placeEntryData
	docs   []string
	table  *similarTable
	sigs   []signature
	ids    []setID
}

// readOldSimilar reads the place table, document list, similar.bin and
// signatures.bin of the generation in dir, verified against its build
// record (files).
func readOldSimilar(dir string, files map[string]FileSum) (*oldSimilar, error) {
	read := func(name string) ([]byte, error) {
		s, ok := files[name]
		if !ok {
			return nil, damaged(filepath.Join(dir, name), "not in the build record")
		}
		return readVerified(filepath.Join(dir, name), s)
	}
	o := &oldSimilar{dir: dir}
	sum, ok := files[placesFile]
	if !ok {
		return nil, damaged(filepath.Join(dir, placesFile), "not in the build record")
	}
	var err error
	if o.places, err = readPlaceEntries(filepath.Join(dir, placesFile), sum); err != nil {
		return nil, err
	}
	raw, err := read(docsFile)
	if err != nil {
		return nil, err
	}
	// The document list is in title order: a place's document is its
	// index there.
	var docs []DocRecord
	if raw, err = docsJSON(raw); err == nil {
		err = json.Unmarshal(raw, &docs)
	}
	if err != nil {
		return nil, damaged(filepath.Join(dir, docsFile), err)
	}
	o.docs = make([]string, len(docs))
	for i, d := range docs {
		o.docs[i] = d.Key
	}
	if raw, err = read(similarFile); err != nil {
		return nil, err
	}
	if o.table, err = decodeSimilar(raw); err != nil {
		return nil, damaged(filepath.Join(dir, similarFile), err)
	}
	if o.table.n != len(o.places) {
		return nil, damaged(filepath.Join(dir, similarFile), "does not match the place table")
	}
	if raw, err = read(signaturesFile); err != nil {
		return nil, err
	}
	if o.sigs, o.ids, err = decodeSignatures(raw, o.table.g); err != nil {
		return nil, damaged(filepath.Join(dir, signaturesFile), err)
	}
	return o, nil
}

// carry writes the pairs of the generation before between two groups
// that this one has, oldTo giving their numbers here. Each pair is
// written from both its groups' lists, which the writer of similar.bin
// merges: one of them may have been cut at maxSimilar.
func (o *oldSimilar) carry(oldTo []uint32, out *pairSpill) error {
	var buf []similarPair
	for x := range o.table.g {
		if oldTo[x] == noGroup {
			continue
		}
		err := o.table.pairs(uint32(x), func(y uint32, sim Similarity) {
			// Two old groups of one set (never written so) would make one.
			if oldTo[y] != noGroup && oldTo[y] != oldTo[x] {
				buf = append(buf, similarPair{oldTo[x], oldTo[y], sim})
			}
		})
		if err != nil {
			return damaged(filepath.Join(o.dir, similarFile), err)
		}
		if len(buf) >= 4096 {
			if err := out.write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	return out.write(buf)
}
