package segment

import (
	_ "embed"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// gse's Chinese dictionary (see dict/gse/README.md). gse keeps its embedded
// copy unexported, and loading it through gse costs seconds and hundreds of
// megabytes for structures only other gse APIs use.
var (
	//go:embed dict/gse/s_1.txt
	gseSimplified string
	//go:embed dict/gse/t_1.txt
	gseTraditional string
)

// trieNodes is about the number of nodes (words and their prefixes) of the
// larger of the two tries gse's dictionary makes (443,619), to size the tries
// once. The map of children is sized for as many: up to about 459,000 it
// takes 9 MB, above twice that.
const trieNodes = 445_000

// noWord is the log frequency of a prefix that is not a word: gse's Find
// reports such a prefix with frequency 0, and log(0) is -Inf.
var noWord = math.Inf(-1)

// A dictionary answers for Cut what gse's double-array trie (cedar) does. It
// is a trie of runes whose nodes are the words and their prefixes, split in
// two by the parity of the first rune so that two goroutines build it. It is
// read-only once loaded, but for the cache of the HMM's cuts.
type dictionary struct {
	tries    [2]trie
	logTotal float64 // log of gse's totalFreq
	hmmCuts  hmmCache
}

// A trie holds the words that start with a rune of one parity. A node that
// is a word has the log of the word's frequency, one that is only a prefix
// has [noWord].
//
// A node is an int32: 0 is the root (the empty string), and ^n stands for the
// child labelled NUL of node n, which cedar has for every word other words
// extend (it holds the word's value there).
type trie struct {
	// root is the child of the root by rune, 0 for none, for runes below
	// rootRunes; both tries share it, each writing its own runes.
	root     []int32
	children map[uint64]int32 // the child of a node by rune: key node<<21 | rune
	// maybe has the bit childBit(key) set for every key of children: most
	// lookups are for a child that is not there, and the bitset, unlike
	// the map, fits in the processor's cache.
	maybe   []uint64
	logFreq []float64 // by node
	inner   []bool    // by node: it has children
}

const rootRunes = 0x10000

// trie returns the trie of the words that start with r.
func (d *dictionary) trie(r rune) *trie { return &d.tries[r&1] }

// loadDictionary builds the dictionary gse's LoadDictEmbed("zh") builds,
// then applies entries as ReAddToken (or AddToken, for a new word) would.
func loadDictionary(entries []dictEntry) *dictionary {
	d := new(dictionary)
	root := make([]int32, rootRunes)
	// freqs[i] is the frequency of the word of line i if gse adds it, for
	// totalFreq, which gse sums in the order of the lines.
	freqs := make([]float64, strings.Count(gseSimplified, "\n")+strings.Count(gseTraditional, "\n")+2)
	var wg sync.WaitGroup
	for parity := range d.tries {
		t := &d.tries[parity]
		t.root = root
		wg.Go(func() { t.loadGse(rune(parity), freqs) })
	}
	wg.Wait()
	total := 0.0
	for _, f := range freqs {
		total += f // adding 0 changes no sum
	}
	for _, e := range entries {
		r, _ := utf8.DecodeRuneInString(e.word)
		d.trie(r).readd(e.word, e.freq)
		// ReAddToken adds the new frequency to totalFreq and never
		// subtracts the old one.
		total += e.freq
	}
	d.logTotal = math.Log(total)
	return d
}

// loadGse adds the words of gse's dictionary whose first rune has parity
// parity, setting freqs[i] for each word it adds from line i.
func (t *trie) loadGse(parity rune, freqs []float64) {
	t.children = make(map[uint64]int32, trieNodes)
	t.maybe = make([]uint64, 1<<maybeBits/64)
	t.logFreq = append(make([]float64, 0, trieNodes), noWord)
	t.inner = append(make([]bool, 0, trieNodes), true)
	// The words are mostly sorted, so a word shares the path to many of its
	// prefixes with the one before.
	var prevRunes, runes []rune
	prevPath, path := []int32{0}, []int32{} // node of each prefix, by length in runes
	i := -1
	// gse loads zhS+zhT as one string; s_1.txt ends in a newline, so the
	// two are read line for line the same one after the other.
	for _, data := range [...]string{gseSimplified, gseTraditional} {
		for line := range strings.SplitSeq(data, "\n") {
			i++
			if r, _ := utf8.DecodeRuneInString(line); r&1 != parity && !unicode.IsSpace(r) {
				continue // the other trie's (TrimSpace and lower case keep the parity)
			}
			word, freq, ok := gseEntry(line)
			if !ok {
				continue
			}
			runes = runes[:0]
			for _, r := range word {
				runes = append(runes, r)
			}
			if len(runes) > 0 && runes[0]&1 != parity || len(runes) == 0 && parity != 0 {
				continue
			}
			shared := 0
			for shared < len(runes) && shared < len(prevRunes) && runes[shared] == prevRunes[shared] {
				shared++
			}
			path = append(path[:0], prevPath[:shared+1]...)
			added := false // a node added has no children to look for
			for _, r := range runes[shared:] {
				node := path[len(path)-1]
				c, ok := int32(0), false
				if !added {
					c, ok = t.next(node, r)
				}
				if !ok {
					c, added = t.addChild(node, r), true
				}
				path = append(path, c)
			}
			node := path[len(path)-1]
			if t.logFreq[node] != noWord {
				// Dictionary.AddToken keeps the first entry of a word.
				continue
			}
			t.logFreq[node] = math.Log(freq)
			freqs[i] = freq
			prevRunes, runes = runes, prevRunes
			prevPath, path = path, prevPath
		}
	}
}

// gseEntry parses a line of gse's dictionary as LoadDictStr and
// Segmenter.Size do, with gse's defaults (DictSep "", MinTokenFreq 2,
// LoadNoFreq false): "word freq pos", fields split on single spaces. The
// word is the key gse's trie stores: SplitTextToWords lower-cases ASCII.
func gseEntry(line string) (word string, freq float64, ok bool) {
	text, rest, found := strings.Cut(line, " ")
	if !found {
		return "", 0, false // fewer than 2 fields
	}
	text = trimSpace(text)
	freqText, _, _ := strings.Cut(rest, " ")
	freq, ok = parseFreq(trimSpace(freqText))
	if !ok || freq < 2 {
		return "", 0, false
	}
	if utf8.RuneCountInString(text) < 2 {
		freq = 2
	}
	return asciiLower(text), freq, true
}

// parseFreq is strconv.ParseFloat, quicker for the whole numbers gse's
// dictionary has.
func parseFreq(s string) (float64, bool) {
	if len(s) == 0 || len(s) > 15 { // 15 digits are exact in a float64
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			f, err := strconv.ParseFloat(s, 64)
			return f, err == nil
		}
		n = n*10 + int(s[i]-'0')
	}
	return float64(n), true
}

// trimSpace is strings.TrimSpace, quicker for the common string that has
// nothing to trim.
func trimSpace(s string) string {
	if s == "" {
		return s
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		return strings.TrimSpace(s)
	}
	return s
}

// asciiLower maps A-Z to a-z, allocating only when there is one.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func childKey(node int32, r rune) uint64 { return uint64(node)<<21 | uint64(r) }

// maybeBits is log2 of the size of trie.maybe in bits: 1 MiB, for a false
// positive in about 1 lookup of 20.
const maybeBits = 23

func childBit(key uint64) uint64 { return key * 0x9E3779B97F4A7C15 >> (64 - maybeBits) }

// addChild adds a new child labelled r to node, or replaces the one there.
func (t *trie) addChild(node int32, r rune) int32 {
	c := int32(len(t.logFreq))
	t.logFreq = append(t.logFreq, noWord)
	t.inner = append(t.inner, false)
	t.inner[node] = true
	if node == 0 && r < rootRunes {
		t.root[r] = c
		return c
	}
	key := childKey(node, r)
	t.children[key] = c
	bit := childBit(key)
	t.maybe[bit/64] |= 1 << (bit % 64)
	return c
}

// readd gives w the frequency freq as gse's ReAddToken does, falling back
// to AddToken for a word gse's trie has no node for. w holds no NUL.
func (t *trie) readd(w string, freq float64) {
	node, parent, last := int32(0), int32(0), rune(0)
	for _, r := range w {
		c, ok := t.next(node, r)
		if !ok {
			c = t.addChild(node, r)
		}
		node, parent, last = c, node, r
	}
	if t.logFreq[node] == noWord && t.inner[node] {
		// ReAddToken first deletes w from cedar: for a w that is only a
		// prefix, that unlinks w's node and with it every word that
		// extends w, and AddToken then adds w as a new leaf.
		node = t.addChild(parent, last)
	}
	t.logFreq[node] = math.Log(freq)
}

// next returns the child of node labelled r, as cedar's Jump finds it.
func (t *trie) next(node int32, r rune) (int32, bool) {
	if node < 0 {
		return 0, false // the NUL child holds a value and has no children
	}
	if r == 0 {
		if t.inner[node] && t.logFreq[node] != noWord {
			return ^node, true
		}
		return 0, false
	}
	if node == 0 && r < rootRunes {
		c := t.root[r]
		return c, c != 0
	}
	key := childKey(node, r)
	if bit := childBit(key); t.maybe[bit/64]&(1<<(bit%64)) == 0 {
		return 0, false
	}
	c, ok := t.children[key]
	return c, ok
}

// freq returns the log frequency of node.
func (t *trie) freq(node int32) float64 {
	if node < 0 {
		return t.logFreq[^node]
	}
	return t.logFreq[node]
}

// find answers as gse's Dictionary.Find for the word of runes q, which is
// not empty: the log frequency of a word, [noWord] for a prefix, and false
// for neither.
func (d *dictionary) find(q []rune) (float64, bool) {
	t, node := d.trie(q[0]), int32(0)
	for _, r := range q {
		c, ok := t.next(node, r)
		if !ok {
			return 0, false
		}
		node = c
	}
	return t.freq(node), true
}
