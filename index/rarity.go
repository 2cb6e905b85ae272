package index

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/blevesearch/mmap-go"
	zap "github.com/blevesearch/zapx/v17"

	"github.com/zhsearch/zhsearch/segment"
)

// Word rarity, for ranking by how distinctive a query's words are of a
// paragraph. A person who half-remembers a paragraph types the words that
// made it memorable: its rarest words. So a paragraph whose rarest words
// are rarer than the query's is less likely the one meant than a paragraph
// whose rarest words are the query's (the query-likelihood view of
// known-item search).
//
// Words are the words of gse's cut of a paragraph ([segment.Segmenter.Words],
// the outer words of the fine-grained cut the index is built from) of two
// or more Han characters: what a person types as a word. A word is known by
// a 64-bit hash of its folded form (a [WordKey]). Its document frequency is
// the number of paragraphs (and parts of overlong ones) whose cut holds it,
// kept as a level, round(levelsPerDoubling·log2(df)), one byte: levels tell
// apart every frequency up to 17 and, above that, frequencies 6% apart. A
// paragraph's profile is the levels of its ProfileWords rarest words.
//
// rarity.bin holds, little-endian: a header of "ZHRW", the count of
// document numbers n (as in the place table) and the count of words m;
// then the body: m entries of a word's key (uint64) and document frequency
// (uint32), by key, then n profiles of ProfileWords bytes; and last the
// body's block checksums and a trailer, the checksum of the header and of
// those block checksums (see blockTable). A search maps it and checks the
// blocks it reads, the few its keywords' binary searches and its hits'
// profiles touch, rather than the whole table at open.
//
// A fresh build counts exactly. An update counts the words table exactly
// too: it adds the words of what it indexes and takes away those of the
// paragraphs it replaces or drops, cut again from their stored text. Then
// it profiles every paragraph from the new counts, those it keeps as well
// as those it indexes: the counts of a kept paragraph's words change with
// the rest of the corpus, and an updated index ranks as a fresh build of
// the same files does. Of the paragraphs it keeps, it cuts again only
// those whose profiles the counts it changed may move (see affected), and
// keeps the others' as they are. Each index of a set keeps the profiles
// of its own counts.
const (
	rarityFile   = "rarity.bin"
	rarityMagic  = "ZHRW"
	rarityHeader = 12
	rarityEntry  = 12

	// ProfileWords is how many levels a profile holds.
	ProfileWords = 3
	// NoWord is the level of a profile's slot that holds no word: a
	// paragraph of fewer distinct words.
	NoWord = math.MaxUint8

	levelsPerDoubling = 12
	// maxWordRunes bounds the words a keyword is matched against.
	maxWordRunes = 12
)

// A WordKey names a word in the words table: a hash of its folded form,
// never 0. Two of m distinct words share one, and are counted as one
// word, with odds of about m²/2⁶⁵: 10⁻¹⁰ for the whole shared corpus's
// 66k. (The 32-bit keys before format 14 gave six pairs of the 346k words
// of gse's dictionary one key each, 当日 and 博览古今 among them.)
type WordKey uint64

// wordKey returns the key of a folded word: its 64-bit FNV-1a hash.
func wordKey(w string) WordKey {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return WordKey(max(h, 1))
}

// Level is the rarity level of a document frequency: 0 for a word of one
// paragraph, more for more; NoWord for none.
func Level(df uint32) uint8 {
	switch df {
	case 0:
		return NoWord
	case 1:
		return 0
	}
	return uint8(min(NoWord-1, math.Round(levelsPerDoubling*math.Log2(float64(df)))))
}

// A Profile is the levels of a paragraph's rarest words, rarest first;
// NoWord where it has fewer words.
type Profile [ProfileWords]uint8

// profileOf returns the profile of a paragraph whose words have the
// document frequencies dfs, which it sorts.
func profileOf(dfs []uint32) Profile {
	slices.Sort(dfs)
	p := Profile{NoWord, NoWord, NoWord}
	for i := range min(len(dfs), ProfileWords) {
		p[i] = Level(dfs[i])
	}
	return p
}

// Rarity is the words table and profiles of an index, rarity.bin mapped,
// its blocks checked as they are read. It is read-only and safe for
// concurrent use.
type Rarity struct {
	data   []byte // the whole file
	blocks *blockTable
	n, m   uint64
	path   string
	mapped mmap.MMap // data, when it is mapped
}

// Rarity returns the word rarity of the index.
func (ix *Index) Rarity() *Rarity { return ix.rarity }

func (r *Rarity) profilesAt() uint64 { return rarityHeader + rarityEntry*r.m }

// Profile returns the profile of the paragraph with scorch's document
// number num (the value of its bleve IndexInternalID): that of no word for
// a number past the table. Its error is damage to the profile's block, an
// [ErrDamaged] naming rarity.bin.
func (r *Rarity) Profile(num uint64) (Profile, error) {
	p := Profile{NoWord, NoWord, NoWord}
	if num >= r.n {
		return p, nil
	}
	at := int(r.profilesAt() + ProfileWords*num)
	if err := r.blocks.check(at, at+ProfileWords); err != nil {
		return p, damaged(r.path, err)
	}
	copy(p[:], r.data[at:])
	return p, nil
}

// DF returns the document frequency of a word: how many paragraphs of the
// index hold it (0 for the key 0). Its error is damage to a block its
// binary search reads, an [ErrDamaged] naming rarity.bin.
func (r *Rarity) DF(k WordKey) (uint32, error) {
	if k == 0 {
		return 0, nil
	}
	// A binary search: each probe checks its block, once per table.
	lo, hi := 0, int(r.m)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		key, df, err := r.entry(mid)
		switch {
		case err != nil:
			return 0, err
		case key < k:
			lo = mid + 1
		case key > k:
			hi = mid
		default:
			return df, nil
		}
	}
	return 0, nil
}

// entry returns the i'th entry of the words table: a word's key and its
// document frequency.
func (r *Rarity) entry(i int) (WordKey, uint32, error) {
	at := rarityHeader + rarityEntry*i
	if err := r.blocks.check(at, at+rarityEntry); err != nil {
		return 0, 0, damaged(r.path, err)
	}
	e := r.data[at:]
	return WordKey(binary.LittleEndian.Uint64(e)), binary.LittleEndian.Uint32(e[8:]), nil
}

// KeywordWords returns the document frequencies of the words of a keyword,
// by df (that of one index, or the sum over a set's), in the order they
// stand: the keyword cut by forward maximum matching against the words that
// paragraphs hold (searches have no segmenter: loading gse's dictionary
// would cost them seconds), each run of Han characters apart. A keyword
// that is one word is that word; a phrase is cut much as gse would cut it.
// Characters that start no word of two or more are skipped. Its error is
// df's first, which ends the cut.
func KeywordWords(keyword string, df func(WordKey) (uint32, error)) ([]uint32, error) {
	var dfs []uint32
	runes := []rune(segment.FoldString(keyword))
	run := 0 // the end of the run of Han characters at i
	for i := 0; i < len(runes); {
		if run <= i {
			for run = i; run < len(runes) && segment.IsHan(runes[run]); run++ {
			}
		}
		step := 1
		for j := min(run, i+maxWordRunes); j >= i+2; j-- {
			n, err := df(wordKey(string(runes[i:j])))
			if err != nil {
				return nil, err
			}
			if n > 0 {
				dfs = append(dfs, n)
				step = j - i
				break
			}
		}
		i += step
	}
	return dfs, nil
}

// paragraphWords returns the keys of the distinct words of a paragraph
// that rarity counts, sorted, given its fine-grained cut (see
// [segment.Segmenter.SearchWords]) or its words ([segment.Segmenter.Words]):
// its outer words of two or more Han characters.
func paragraphWords(words []segment.Token) []WordKey {
	var keys []WordKey
	eachWord(words, func(w string) { keys = append(keys, wordKey(w)) })
	slices.Sort(keys)
	return slices.Compact(keys)
}

// eachWord calls fn with each word of a paragraph that rarity counts, as
// paragraphWords says, repeats and all.
func eachWord(words []segment.Token, fn func(w string)) {
	end := 0
	for _, w := range words {
		if w.Start < end {
			continue // a word inside the last outer word
		}
		end = w.End
		if utf8.RuneCountInString(w.Term) >= 2 && segment.AllHan(w.Term) {
			fn(w.Term)
		}
	}
}

// A rarityCounter counts the words of the paragraphs an update indexes,
// from its workers. Which words are a paragraph's rarest is known only
// when every paragraph is counted: until then each paragraph's words wait
// in a file of the new generation (rarityWords), not in memory, whose
// share of a build's peak would grow with the corpus (tens of megabytes
// for the whole shared corpus).
type rarityCounter struct {
	mu    sync.Mutex
	df    map[WordKey]uint32
	recut map[string]bool // documents whose paragraphs were cut afresh
	// changed, in an update, holds the words whose counts it changes: those
	// of the paragraphs it indexes or takes away (see profileKept).
	changed map[string]bool
	words   *spillFile // created before the workers start
	err     error
	buf     []byte
}

// rarityWords is the words file, removed once read (see each).
const rarityWords = "rarity-words.tmp"

func newRarityCounter() *rarityCounter {
	return &rarityCounter{df: map[WordKey]uint32{}, recut: map[string]bool{}}
}

// add counts the words of one part of a paragraph of the document with
// key doc, given its fine-grained cut, and keeps them in the words file:
// the document key, the paragraph's order, the count of words and the
// words.
func (c *rarityCounter) add(doc string, n, part int, words []segment.Token) error {
	keys := paragraphWords(words)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return c.err
	}
	c.recut[doc] = true
	for _, k := range keys {
		c.df[k]++
	}
	if c.changed != nil {
		eachWord(words, c.change)
	}
	b := binary.AppendUvarint(c.buf[:0], uint64(len(doc)))
	b = append(b, doc...)
	b = binary.LittleEndian.AppendUint32(b, placeOrder(n, part))
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = binary.LittleEndian.AppendUint64(b, uint64(k))
	}
	c.buf = b
	_, c.err = c.words.Write(b)
	return c.err
}

// change notes that the update changes the count of the word w. The map
// keeps a copy: w is a substring of a paragraph's text, which it would
// otherwise keep in memory whole.
func (c *rarityCounter) change(w string) {
	if !c.changed[w] {
		c.changed[strings.Clone(w)] = true
	}
}

// each calls fn with the key and words of each paragraph in the words
// file, and removes the file.
func (c *rarityCounter) each(fn func(k paraKey, words []WordKey) error) error {
	if c.err != nil {
		return c.err
	}
	r, err := c.words.rewind()
	if err != nil {
		return err
	}
	var words []WordKey
	var order [4]byte
	for {
		n, err := binary.ReadUvarint(r)
		if err == io.EOF {
			break
		}
		var doc []byte
		if err == nil && n <= 1<<10 {
			doc = make([]byte, n)
			_, err = io.ReadFull(r, doc)
		}
		if err == nil {
			_, err = io.ReadFull(r, order[:])
		}
		var count uint64
		if err == nil {
			count, err = binary.ReadUvarint(r)
		}
		words = words[:0]
		var key [8]byte
		for i := uint64(0); err == nil && i < count; i++ {
			if _, err = io.ReadFull(r, key[:]); err == nil {
				words = append(words, WordKey(binary.LittleEndian.Uint64(key[:])))
			}
		}
		if err != nil {
			return fmt.Errorf("reading back %s: %w", c.words.name(), err)
		}
		if err := fn(paraKey{string(doc), binary.LittleEndian.Uint32(order[:])}, words); err != nil {
			return err
		}
	}
	// The error matters: a words file left in the generation would be
	// summed into its build record as if it were part of the index.
	if err := c.words.remove(); err != nil {
		return fmt.Errorf("removing the words file of the build: %w", err)
	}
	return nil
}

// writeRarity writes rarity.bin into the finished generation in genDir,
// whose documents are docs (in title order) and whose paragraphs paras
// indexes: for a fresh build, from the words the counter counted; for an
// update, the live generation's counts less the words of the paragraphs it
// replaces or drops, plus those counted, and every profile from them.
func (u *updater) writeRarity(ctx context.Context, genDir string, docs []DocRecord, paras *paraIndex) error {
	c := u.rare
	df := c.df
	profiles := make([]Profile, len(paras.places))
	made := make([]bool, len(paras.places))
	for num, p := range paras.places {
		profiles[num] = Profile{NoWord, NoWord, NoWord}
		made[num] = p.doc == noDocument
	}
	if u.oldGen != "" {
		if err := u.oldRarity(ctx, docs, df, paras, profiles, made); err != nil {
			return fmt.Errorf("reading the live index's word rarity: %w", err)
		}
	}
	var dfs []uint32
	err := c.each(func(k paraKey, words []WordKey) error {
		num, ok := uint32(0), false
		if d, known := paras.docs[k.doc]; known {
			num, ok = paras.lookup(d, k.order)
		}
		if !ok {
			return fmt.Errorf("paragraph %s was counted, and is not in the index", PlaceID(k.doc, Place{Order: int(k.order)}))
		}
		dfs = dfs[:0]
		for _, w := range words {
			dfs = append(dfs, df[w])
		}
		profiles[num], made[num] = profileOf(dfs), true
		return nil
	})
	if err != nil {
		return err
	}
	if i := slices.Index(made, false); i >= 0 {
		return fmt.Errorf("no words counted for paragraph %d", i)
	}
	return os.WriteFile(filepath.Join(genDir, rarityFile), encodeRarity(df, profiles), 0o644)
}

// oldRarity adds to df the live generation's counts less the words of its
// paragraphs of documents that this update cut again or drops, then
// profiles its other paragraphs, at their numbers in paras (profiles,
// made), from the counts df then holds: those of the new generation. docs
// are the new generation's documents.
func (u *updater) oldRarity(ctx context.Context, docs []DocRecord, df map[WordKey]uint32, paras *paraIndex, profiles []Profile, made []bool) error {
	ix, err := OpenWith(u.dir, OpenOptions{Segmenter: u.seg.Identity()})
	if err != nil {
		return err
	}
	defer ix.Close()
	if ix.gen != u.oldGen {
		return fmt.Errorf("the live generation is %s, not %s", ix.gen, u.oldGen)
	}
	r := ix.rarity
	for i := range int(r.m) {
		k, n, err := r.entry(i)
		if err != nil {
			return err
		}
		df[k] += n
	}
	titles, err := ix.Titles()
	if err != nil {
		return err
	}
	keep := make(map[string]bool, len(docs))
	for _, d := range docs {
		// Kept: the live generation's version, not one re-read (a re-read
		// document may have no paragraph left, and so none counted).
		old, ok := u.oldDocs[d.Abs]
		keep[d.Key] = ok && old.SHA256 == d.SHA256 && !u.rare.recut[d.Key]
	}
	reader, err := ix.Reader()
	if err != nil {
		return err
	}
	defer reader.Close()
	// keptAt says whether the paragraph num is one the update keeps, and
	// its number in the new generation; ok is false for a number that
	// holds no paragraph, or whose place entry is damaged (recorded for
	// ix.Damage, which the loop below checks after).
	keptAt := func(num uint64) (to uint32, kept, ok bool) {
		place, ok := ix.places.Lookup(num)
		if !ok || place.Doc >= len(titles) {
			return 0, false, false
		}
		key := titles[place.Doc].Key
		if keep[key] {
			if d, known := paras.docs[key]; known {
				to, kept = paras.lookup(d, uint32(place.Order))
			}
		}
		return to, kept, true
	}
	// First the counts: less the words of the paragraphs replaced or
	// dropped.
	read := 0
	for num := uint64(0); num < ix.places.n; num++ {
		if _, kept, ok := keptAt(num); kept || !ok {
			continue
		}
		if read++; read%checkParagraphs == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		p, err := ix.Paragraph(reader, num)
		if err != nil {
			return err
		}
		words := u.seg.Words(p.Text)
		eachWord(words, u.rare.change)
		for _, k := range paragraphWords(words) {
			if df[k] == 0 {
				return damaged(ix.genPath(rarityFile), fmt.Sprintf("paragraph %s holds a word it does not count", p.ID))
			}
			df[k]--
		}
	}
	// A damaged place entry read as no paragraph, whose words were not
	// taken away. (readOld verifies the whole generation first, but the
	// counts must not depend on it.) The loop read every entry: those
	// profileKept reads are not damaged.
	if err := ix.Damage(); err != nil {
		return err
	}
	return u.profileKept(ctx, ix, reader, keptAt, df, profiles, made)
}

// profileKept profiles the paragraphs of ix that the update keeps (see
// keptAt) from the new generation's counts df, one worker per core: those
// whose profile the update may change cut again from their stored text
// (see affected), the others as they were. Their stored text is read
// once, in the order it lies in the segments, and the pages read are
// released as the workers go (see releasePages): an update's memory does
// not grow with the corpus it keeps.
func (u *updater) profileKept(ctx context.Context, ix *Index, reader bleveindex.IndexReader, keptAt func(uint64) (uint32, bool, bool), df map[WordKey]uint32, profiles []Profile, made []bool) error {
	// The pages of the segments read count in the process's memory until
	// released: the stored text of every paragraph, and the postings of
	// every word the update changes.
	var segments [][]byte
	if snapshot, ok := unwrapReader(reader).(*scorch.IndexSnapshot); ok {
		for _, seg := range snapshot.Segments() {
			if zs, ok := seg.Segment().(*zap.Segment); ok {
				segments = append(segments, zs.Data())
			}
		}
	}
	release := func() {
		for _, data := range segments {
			releasePages(data)
		}
	}
	var again bitset // nil: every paragraph
	if u.oldMeta.ExactProfiles {
		var err error
		if again, err = affected(ctx, ix, reader, u.rare.changed, df, release); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	type job struct {
		num uint64
		to  uint32
	}
	jobs := make(chan job, 256)
	var wg sync.WaitGroup
	for range u.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var dfs []uint32
			for k := range jobs {
				if ctx.Err() != nil {
					continue // until the jobs sent are taken
				}
				p, err := ix.Paragraph(reader, k.num)
				if err != nil {
					cancel(err)
					continue
				}
				dfs = dfs[:0]
				for _, w := range paragraphWords(u.seg.Words(p.Text)) {
					dfs = append(dfs, df[w])
				}
				profiles[k.to], made[k.to] = profileOf(dfs), true
			}
		}()
	}
	read := uint64(0)
	for num := uint64(0); num < ix.places.n && ctx.Err() == nil; num++ {
		to, kept, _ := keptAt(num)
		switch {
		case !kept:
		case again != nil && !again.has(num):
			p, err := ix.rarity.Profile(num)
			if err != nil {
				cancel(err) // and the loop stops
				continue
			}
			profiles[to], made[to] = p, true
		default:
			if read++; read%releaseParagraphs == 0 {
				release()
			}
			select {
			case jobs <- job{num, to}:
			case <-ctx.Done():
			}
		}
	}
	close(jobs)
	wg.Wait()
	u.report.Reprofiled = int(read)
	return context.Cause(ctx)
}

// affected returns the paragraphs of ix, the live generation, whose
// profiles may change with the counts df of the new one, given the words
// whose counts the update changed: those that hold a word whose level
// changed, unless both its levels are above the paragraph's third
// rarest. A profile is the lowest levels of the paragraph's words; a word
// whose level stays does not change them (a word that takes another's
// place among the rarest has its level), nor does one whose levels are
// both above them. So it holds only where ix's profiles are made from
// ix's own counts ([Meta.ExactProfiles]).
//
// Paragraphs holding a word are found through the index, as a search for
// it finds them: the postings of the word's rarest bigram (or unit) in
// the paragraphs' text, a few more than hold the word itself.
func affected(ctx context.Context, ix *Index, reader bleveindex.IndexReader, changed map[string]bool, df map[WordKey]uint32, release func()) (bitset, error) {
	again := newBitset(ix.places.n)
	var doc bleveindex.TermFieldDoc
	words := 0
	defer release()
	for w := range changed {
		if words++; words%releaseWords == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			release()
		}
		k := wordKey(w)
		before, err := ix.rarity.DF(k)
		if err != nil {
			return nil, err
		}
		after := df[k]
		if before == 0 || after == 0 || Level(before) == Level(after) {
			continue // no paragraph kept holds it, or its level stays
		}
		lowest := min(Level(before), Level(after))
		var rarest bleveindex.TermFieldReader
		for _, run := range KeywordRuns(PartText, w) {
			for _, term := range run.Terms {
				r, err := reader.TermFieldReader(ctx, []byte(term), run.Field, false, false, false)
				if err != nil {
					return nil, err
				}
				if rarest == nil || r.Count() < rarest.Count() {
					r, rarest = rarest, r
				}
				if r != nil {
					r.Close()
				}
			}
		}
		if rarest == nil {
			continue
		}
		for {
			d, err := rarest.Next(&doc)
			if err != nil || d == nil {
				rarest.Close()
				if err != nil {
					return nil, err
				}
				break
			}
			num := d.ID.Value()
			p, err := ix.rarity.Profile(num)
			if err != nil {
				rarest.Close()
				return nil, err
			}
			if p[ProfileWords-1] >= lowest {
				again.set(num)
			}
		}
	}
	return again, nil
}

// A bitset is a set of document numbers.
type bitset []uint64

func newBitset(n uint64) bitset    { return make(bitset, (n+63)/64) }
func (b bitset) set(i uint64)      { b[i/64] |= 1 << (i % 64) }
func (b bitset) has(i uint64) bool { return i/64 < uint64(len(b)) && b[i/64]&(1<<(i%64)) != 0 }

// releaseParagraphs and releaseWords are how many paragraphs profileKept
// reads, and how many words' postings affected reads, before they release
// the pages of the segments read so far (affected checks the update's
// context as often); checkParagraphs is how many paragraphs oldRarity cuts
// between checks of the context (a few milliseconds' work).
const (
	releaseParagraphs = 1 << 13
	releaseWords      = 1 << 8
	checkParagraphs   = 1 << 8
)

// encodeRarity lays out rarity.bin: the words that some paragraph holds,
// the profiles by document number, and their block checksums.
func encodeRarity(df map[WordKey]uint32, profiles []Profile) []byte {
	keys := make([]WordKey, 0, len(df))
	for k, n := range df {
		if n > 0 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	body := rarityEntry*len(keys) + ProfileWords*len(profiles)
	out := make([]byte, 0, sealedSize(rarityHeader, uint64(body)))
	out = append(out, rarityMagic...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(profiles)))
	out = binary.LittleEndian.AppendUint32(out, uint32(len(keys)))
	for _, k := range keys {
		out = binary.LittleEndian.AppendUint64(out, uint64(k))
		out = binary.LittleEndian.AppendUint32(out, df[k])
	}
	for _, p := range profiles {
		out = append(out, p[:]...)
	}
	return sealTable(out, rarityHeader)
}

// openRarity maps the word rarity of the generation, its size checked
// against the build record, and checks its layout (see decodeRarity); its
// blocks are checked as they are read.
func (ix *Index) openRarity() error {
	path := ix.genPath(rarityFile)
	data, err := mapSized(path, ix.meta, rarityHeader)
	if err != nil {
		return damaged(path, readError(err))
	}
	r, err := decodeRarity(data, ix.places.n)
	if err != nil {
		data.Unmap()
		return damaged(path, err)
	}
	r.path, r.mapped = path, data
	ix.rarity = r
	return nil
}

// decodeRarity checks the header of a word rarity table, that it numbers
// the n paragraphs of the place table, its size and its trailer (see
// blockTable); its blocks are checked as they are read.
func decodeRarity(data []byte, n uint64) (*Rarity, error) {
	if len(data) < rarityHeader || string(data[:4]) != rarityMagic {
		return nil, errors.New("not a word rarity table")
	}
	r := &Rarity{data: data, n: uint64(binary.LittleEndian.Uint32(data[4:])), m: uint64(binary.LittleEndian.Uint32(data[8:]))}
	if r.n != n {
		return nil, fmt.Errorf("%d paragraphs, the place table %d", r.n, n)
	}
	var err error
	if r.blocks, err = openBlockTable(data, rarityHeader, rarityEntry*r.m+ProfileWords*r.n); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Rarity) close() error {
	if r == nil || r.mapped == nil {
		return nil
	}
	return r.mapped.Unmap()
}
