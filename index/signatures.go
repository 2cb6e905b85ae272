package index

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Near-duplicate detection at build time (see shingles.go for the measure).
//
// Each paragraph of at least MinReuseChars gets a MinHash signature of its
// shingle set: the minimums of sigBands×sigRows independent hash functions
// (16 bits of each: b-bit minwise hashing, Li & König 2010), which
// signatures.bin keeps. Each function's minimum is
// the same for two sets with probability their similarity s, so the
// signatures are cut into sigBands bands of sigRows minimums, and two
// paragraphs that agree on a whole band are candidates, with probability
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
// document key and paragraph order) and the verified pairs between them:
// only pairs with a paragraph of a new or changed document are looked for
// and verified again.
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
	file   *os.File
	spill  *bufio.Writer
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

// create creates the signer's file in the new generation genDir.
func (s *signer) create(genDir string) error {
	f, err := os.Create(filepath.Join(genDir, signaturesSpill))
	if err != nil {
		return err
	}
	s.file, s.spill = f, bufio.NewWriterSize(f, 256<<10)
	return nil
}

// close closes the signer's file, if it is open.
func (s *signer) close() {
	if s.file != nil {
		s.file.Close()
		s.file, s.spill = nil, nil
	}
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
		if s.spill == nil {
			s.err = errors.New("no file for signatures")
		} else {
			_, s.err = s.spill.Write(rec)
		}
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

// read reads back the signatures added, calling yield with each, and
// removes the signer's file.
func (s *signer) read(yield func(paraKey, signature, setID)) error {
	if s.err != nil {
		return s.err
	}
	if s.spill == nil {
		return nil
	}
	path := s.file.Name()
	err := s.spill.Flush()
	var data []byte
	if err == nil {
		data, err = os.ReadFile(path)
	}
	s.close()
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil {
		return err
	}
	for len(data) > 0 {
		n := int(data[0])
		if len(data) < spillRecord+n {
			return fmt.Errorf("%s: cut short", path)
		}
		k := paraKey{string(data[1 : 1+n]), binary.LittleEndian.Uint32(data[1+n:])}
		var sig signature
		rest := data[1+n+4:]
		for i := range sig {
			sig[i] = binary.LittleEndian.Uint16(rest[2*i:])
		}
		rest = rest[2*sigSize:]
		id := setID{h: [2]uint64{binary.LittleEndian.Uint64(rest), binary.LittleEndian.Uint64(rest[8:])}, n: binary.LittleEndian.Uint32(rest[16:])}
		yield(k, sig, id)
		data = rest[20:]
	}
	return nil
}

// A similarPair is two paragraphs, by document number, and their verified
// similarity.
type similarPair struct {
	a, b uint32
	sim  Similarity
}

// writeSimilar writes signatures.bin and similar.bin into the finished
// generation in genDir, whose documents are docs (in title order): the
// signatures of the paragraphs s signed, those of the other paragraphs
// carried over from the generation in oldDir, whose build record lists
// oldFiles ("" for a fresh build), and every near-duplicate pair among
// them.
func writeSimilar(genDir string, docs []DocRecord, s *signer, oldDir string, oldFiles map[string]FileSum) error {
	start := time.Now()
	defer func() { s.pairs += time.Since(start) }()
	places, err := readPlaceEntries(filepath.Join(genDir, placesFile), nil)
	if err != nil {
		return err
	}
	keys := make([]paraKey, len(places))
	numOf := make(map[paraKey]uint32, len(places))
	for num, p := range places {
		if p.doc == noDocument {
			continue
		}
		if int(p.doc) >= len(docs) {
			return fmt.Errorf("paragraph %d is in document %d of %d", num, p.doc, len(docs))
		}
		keys[num] = paraKey{docs[p.doc].Key, p.order}
		numOf[keys[num]] = uint32(num)
	}
	sigs := make([]signature, len(places))
	fresh := make([]bool, len(places)) // signed by this update
	for num, k := range keys {
		if k.doc == "" {
			continue
		}
		fresh[num] = s.resign[k.doc]
	}
	ids := make([]setID, len(places)) // of the paragraphs signed by this update
	err = s.read(func(k paraKey, sig signature, id setID) {
		if num, ok := numOf[k]; ok {
			sigs[num], ids[num] = sig, id
		}
	})
	if err != nil {
		return fmt.Errorf("reading signatures back: %w", err)
	}
	var pairs []similarPair
	if oldDir != "" {
		// The paragraphs of the documents this update did not re-read,
		// by their numbers in the generation before and in this one.
		newNum := func(k paraKey) (uint32, bool) {
			num, ok := numOf[k]
			return num, ok && !s.resign[k.doc]
		}
		if pairs, err = carryOldSimilar(oldDir, oldFiles, newNum, sigs); err != nil {
			return err
		}
	}
	found, err := verifyCandidates(genDir, sigs, ids, fresh)
	if err != nil {
		return err
	}
	pairs = append(pairs, found...)
	if err := os.WriteFile(filepath.Join(genDir, signaturesFile), encodeSignatures(sigs), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(genDir, similarFile), encodeSimilar(len(places), pairs), 0o644)
}

// candidates returns the pairs of paragraphs (a < b) that share a band,
// agree on minAgree minimums or more and of which at least one is fresh,
// each as a<<32|b, sorted. Each band keeps only the pairs whose rows
// differ in every band before it, so that a pair is found once, in the
// first band it shares, rather than in each: paragraphs repeated across
// the corpus share all sixteen, and holding every band's pairs before
// merging them cost sixteen times the memory of the result.
func candidates(sigs []signature, fresh []bool) []uint64 {
	next := make(chan int, sigBands)
	for b := range sigBands {
		next <- b
	}
	close(next)
	var mu sync.Mutex
	var out []uint64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), sigBands) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			entries := make([]bandEntry, 0, len(sigs))
			for b := range next {
				band := bandCandidates(sigs, fresh, b, entries)
				mu.Lock()
				out = append(out, band...)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	// Two paragraphs whose band hashes collide in an earlier band while
	// their rows differ there are found in both: rare, and dropped here.
	slices.Sort(out)
	return slices.Compact(out)
}

type bandEntry struct{ hash, num uint32 }

// bandCandidates returns the candidates of band b that share no band
// before it (see candidates); entries is room for its buckets.
func bandCandidates(sigs []signature, fresh []bool, b int, entries []bandEntry) []uint64 {
	entries = entries[:0]
	for num, sig := range sigs {
		if !sig.empty() {
			entries = append(entries, bandEntry{sig.band(b), uint32(num)})
		}
	}
	slices.SortFunc(entries, func(x, y bandEntry) int {
		if x.hash != y.hash {
			return cmpUint32(x.hash, y.hash)
		}
		return cmpUint32(x.num, y.num)
	})
	var band []uint64
	for i := 0; i < len(entries); {
		j := i + 1
		for j < len(entries) && entries[j].hash == entries[i].hash {
			j++
		}
		for x := i; x < j; x++ {
			for y := x + 1; y < j; y++ {
				a, c := entries[x].num, entries[y].num
				if (fresh[a] || fresh[c]) && !sigs[a].shareBandBefore(sigs[c], b) && sigs[a].agree(sigs[c]) >= minAgree {
					band = append(band, uint64(a)<<32|uint64(c))
				}
			}
		}
		i = j
	}
	return band
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

// verifyCandidates finds the candidate pairs and keeps those whose exact
// similarity, computed from the texts the generation in genDir stores,
// reaches MinSimilarity. The pairs are cut into runs by their first
// paragraph and verified by one worker a core.
func verifyCandidates(genDir string, sigs []signature, ids []setID, fresh []bool) ([]similarPair, error) {
	cands := candidates(sigs, fresh)
	if len(cands) == 0 {
		return nil, nil
	}
	b, err := bleve.OpenUsing(genDir, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, err
	}
	defer b.Close()
	r, err := snapshotReader(b)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	workers := runtime.GOMAXPROCS(0)
	chunks := make([][]uint64, 0, workers)
	for rest := cands; len(rest) > 0; {
		n := min(len(rest), (len(cands)+workers-1)/workers)
		for n < len(rest) && rest[n]>>32 == rest[n-1]>>32 {
			n++ // a paragraph's pairs stay in one chunk
		}
		chunks = append(chunks, rest[:n])
		rest = rest[n:]
	}
	found := make([][]similarPair, len(chunks))
	errs := make([]error, len(chunks))
	var wg sync.WaitGroup
	for i, chunk := range chunks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			found[i], errs[i] = verifyChunk(r, chunk, ids)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return slices.Concat(found...), nil
}

// verifyChunk verifies candidate pairs sorted by their first paragraph,
// reading texts through r.
func verifyChunk(r bleveindex.IndexReader, cands []uint64, ids []setID) ([]similarPair, error) {
	// No later pair names a pair's first paragraph (a < b and the pairs
	// go by a): its shingles are dropped once its pairs are done, so that
	// only those of paragraphs still to come are held.
	shingles := map[uint32][]uint64{}
	get := func(num uint32) ([]uint64, error) {
		if s, ok := shingles[num]; ok {
			return s, nil
		}
		st, err := readStored(r, uint64(num))
		if err != nil {
			return nil, err
		}
		s := Shingles(string(st.text))
		shingles[num] = s
		return s, nil
	}
	var out []similarPair
	compare := func(a, bn uint32) error {
		sa, err := get(a)
		if err != nil {
			return err
		}
		sb, err := get(bn)
		if err != nil {
			return err
		}
		// Sets of very different sizes cannot be alike: shared ≤ the
		// smaller, union ≥ the larger.
		small, large := min(len(sa), len(sb)), max(len(sa), len(sb))
		if float64(small) >= MinSimilarity*float64(large) {
			if sim := Compare(sa, sb); sim.AtLeast(MinSimilarity) {
				out = append(out, similarPair{a, bn, sim})
			}
		}
		return nil
	}
	for i, c := range cands {
		a, bn := uint32(c>>32), uint32(c)
		if id := ids[a]; id.n > 0 && id == ids[bn] {
			// One shingle set: no text to read.
			out = append(out, similarPair{a, bn, Similarity{Shared: int(id.n), Union: int(id.n)}})
		} else if err := compare(a, bn); err != nil {
			return nil, err
		}
		if i+1 == len(cands) || uint32(cands[i+1]>>32) != a {
			delete(shingles, a)
		}
	}
	return out, nil
}

// signatures.bin: "ZHSG", the count of document numbers n, a bitmap of n
// bits (bit i of byte i/8 set for a number that has a signature: not a
// paragraph too short, nor a number scorch deleted), then the signatures
// of the numbers set, in order, sigSize uint16 each, little-endian. An
// update reads it whole; searches never do.
func encodeSignatures(sigs []signature) []byte {
	bitmap := (len(sigs) + 7) / 8
	out := make([]byte, 8+bitmap, 8+bitmap+len(sigs)*sigSize*2)
	copy(out, signaturesMagic)
	binary.LittleEndian.PutUint32(out[4:], uint32(len(sigs)))
	for num, s := range sigs {
		if s.empty() {
			continue
		}
		out[8+num/8] |= 1 << (num % 8)
		for _, h := range s {
			out = binary.LittleEndian.AppendUint16(out, h)
		}
	}
	return out
}

// decodeSignatures reads a signature table of n document numbers, calling
// yield with each number that has a signature.
func decodeSignatures(data []byte, n int, yield func(num int, sig signature)) error {
	if len(data) < 8 || string(data[:4]) != signaturesMagic {
		return errors.New("not a signature table")
	}
	if got := int(binary.LittleEndian.Uint32(data[4:])); got != n {
		return fmt.Errorf("%d document numbers, the place table has %d", got, n)
	}
	bitmap := (n + 7) / 8
	if len(data) < 8+bitmap {
		return fmt.Errorf("%d bytes for %d document numbers", len(data), n)
	}
	set := 0
	for _, b := range data[8 : 8+bitmap] {
		set += bits.OnesCount8(b)
	}
	if n%8 != 0 && data[8+bitmap-1]>>(n%8) != 0 {
		return errors.New("a signature past the last document number")
	}
	if len(data) != 8+bitmap+set*sigSize*2 {
		return fmt.Errorf("%d bytes for %d signatures", len(data), set)
	}
	rest := data[8+bitmap:]
	for num := range n {
		if data[8+num/8]&(1<<(num%8)) == 0 {
			continue
		}
		var sig signature
		for i := range sig {
			sig[i] = binary.LittleEndian.Uint16(rest[2*i:])
		}
		if sig.empty() {
			return fmt.Errorf("document number %d: an empty signature", num)
		}
		yield(num, sig)
		rest = rest[2*sigSize:]
	}
	return nil
}

// similar.bin: "ZHSM", the count of document numbers n, the count of
// entries e, then n+1 uint32 offsets (entry ranges by document number) and
// e entries of three uint32: the other paragraph's document number, and the
// shingles shared and in the union (see [Similarity]). Each pair is listed
// under both its paragraphs, most similar first, then by document number.
const similarHeader, similarEntry = 12, 12

func encodeSimilar(n int, pairs []similarPair) []byte {
	lists := make([][]similarPair, n)
	for _, p := range pairs {
		lists[p.a] = append(lists[p.a], similarPair{p.a, p.b, p.sim})
		lists[p.b] = append(lists[p.b], similarPair{p.b, p.a, p.sim})
	}
	e := 0
	for i, l := range lists {
		sort.Slice(l, func(x, y int) bool {
			sx, sy := l[x].sim, l[y].sim
			if vx, vy := uint64(sx.Shared)*uint64(sy.Union), uint64(sy.Shared)*uint64(sx.Union); vx != vy {
				return vx > vy
			}
			return l[x].b < l[y].b
		})
		if len(l) > maxSimilar {
			lists[i] = l[:maxSimilar]
		}
		e += len(lists[i])
	}
	out := make([]byte, 0, similarHeader+4*(n+1)+similarEntry*e)
	out = append(out, similarMagic...)
	out = binary.LittleEndian.AppendUint32(out, uint32(n))
	out = binary.LittleEndian.AppendUint32(out, uint32(e))
	off := 0
	for _, l := range lists {
		out = binary.LittleEndian.AppendUint32(out, uint32(off))
		off += len(l)
	}
	out = binary.LittleEndian.AppendUint32(out, uint32(off))
	for _, l := range lists {
		for _, p := range l {
			out = binary.LittleEndian.AppendUint32(out, p.b)
			out = binary.LittleEndian.AppendUint32(out, uint32(p.sim.Shared))
			out = binary.LittleEndian.AppendUint32(out, uint32(p.sim.Union))
		}
	}
	return out
}

// placeEntry is one entry of a place table.
type placeEntryData struct{ doc, order uint32 }

// readPlaceEntries reads a place table whole; want, when set, is its
// checksum in the build record.
func readPlaceEntries(path string, want *FileSum) ([]placeEntryData, error) {
	var data []byte
	var err error
	if want != nil {
		data, err = readVerified(path, *want)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, err
	}
	if len(data) < placesHeader || string(data[:4]) != placesMagic {
		return nil, damaged(path, "not a place table")
	}
	n := int(binary.LittleEndian.Uint32(data[4:]))
	if len(data) != placesHeader+placeEntry*n {
		return nil, damaged(path, fmt.Sprintf("%d bytes for %d paragraphs", len(data), n))
	}
	out := make([]placeEntryData, n)
	for i := range out {
		e := data[placesHeader+placeEntry*i:]
		out[i] = placeEntryData{binary.LittleEndian.Uint32(e), binary.LittleEndian.Uint32(e[4:])}
	}
	return out, nil
}

// carryOldSimilar reads the signatures and pairs of the generation in dir,
// verified against its build record (files), and carries over those of the
// paragraphs that newNum gives a number in the new generation: their
// signatures into sigs, by that number, and the pairs of two of them,
// returned. It holds a number a paragraph of the old generation, no more:
// an update of a large index carries millions of pairs.
func carryOldSimilar(dir string, files map[string]FileSum, newNum func(paraKey) (uint32, bool), sigs []signature) ([]similarPair, error) {
	need := func(name string) (*FileSum, error) {
		s, ok := files[name]
		if !ok {
			return nil, damaged(filepath.Join(dir, name), "not in the build record")
		}
		return &s, nil
	}
	placesSum, err := need(placesFile)
	if err != nil {
		return nil, err
	}
	places, err := readPlaceEntries(filepath.Join(dir, placesFile), placesSum)
	if err != nil {
		return nil, err
	}
	docsSum, err := need(docsFile)
	if err != nil {
		return nil, err
	}
	raw, err := readVerified(filepath.Join(dir, docsFile), *docsSum)
	if err != nil {
		return nil, err
	}
	// The document list is in title order: a place's document is its
	// index there.
	var docs []DocRecord
	if err := json.Unmarshal(raw, &docs); err != nil {
		return nil, damaged(filepath.Join(dir, docsFile), err)
	}
	const none = math.MaxUint32
	nums := make([]uint32, len(places)) // by number in the old generation
	for old, p := range places {
		nums[old] = none
		if p.doc != noDocument && int(p.doc) < len(docs) {
			if num, ok := newNum(paraKey{docs[p.doc].Key, p.order}); ok {
				nums[old] = num
			}
		}
	}
	docs = nil
	sigSum, err := need(signaturesFile)
	if err != nil {
		return nil, err
	}
	raw, err = readVerified(filepath.Join(dir, signaturesFile), *sigSum)
	if err != nil {
		return nil, err
	}
	err = decodeSignatures(raw, len(places), func(old int, sig signature) {
		if nums[old] != none {
			sigs[nums[old]] = sig
		}
	})
	if err != nil {
		return nil, damaged(filepath.Join(dir, signaturesFile), err)
	}
	simSum, err := need(similarFile)
	if err != nil {
		return nil, err
	}
	raw, err = readVerified(filepath.Join(dir, similarFile), *simSum)
	if err != nil {
		return nil, err
	}
	t, err := decodeSimilar(raw)
	if err != nil || t.n != len(places) {
		return nil, damaged(filepath.Join(dir, similarFile), "does not match the place table")
	}
	var pairs []similarPair
	for a := 0; a < t.n; a++ {
		list, err := t.list(uint64(a))
		if err != nil {
			return nil, damaged(filepath.Join(dir, similarFile), err)
		}
		for _, e := range list {
			if uint64(a) < e.Num && nums[a] != none && nums[e.Num] != none {
				pairs = append(pairs, similarPair{nums[a], nums[e.Num], e.Sim})
			}
		}
	}
	return pairs, nil
}
