package segment

import (
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse/hmm"
)

// hmmModel loads gse's HMM model, which gse keeps in package variables of
// gse/hmm: loading it once per process keeps a segmenter being loaded from
// writing it while another one cuts.
var hmmModel sync.Once

// A cutter holds the scratch space of one Words call, so that cutting a
// sentence allocates nothing but the HMM's pieces.
type cutter struct {
	runes []rune  // the runes of the sentence
	off   []int   // byte offset of each rune, then the sentence's length
	first []int   // the edges from rune k are edges[first[k]:first[k+1]]
	edges []edge  // the DAG
	route []route // best route from each rune to the end
	ends  []int   // byte offsets where the pieces end: cut's result

	from, to []int32  // folded offsets back to the original text: see foldMap
	pieces   []string // hmmCut's result
}

// An edge of the DAG is a word from a rune to rune last.
type edge struct {
	last    int
	logFreq float64
}

type route struct {
	logProb float64
	last    int // last rune of the first word of the route
}

// logOne is the weight gse's calc gives a rune the dictionary does not know.
var logOne = math.Log(1.0)

// cut cuts s as gse's Segmenter.Cut(s, true) (cutDAG in gse's dag.go) does,
// leaving the end of every piece in c.ends. s must be valid UTF-8 and lower
// case: gse lower-cases its input with strings.ToLower, which changes
// nothing in text folded by [FoldString].
func (d *dictionary) cut(c *cutter, s string) {
	c.runes, c.off = c.runes[:0], c.off[:0]
	for i, r := range s {
		c.runes = append(c.runes, r)
		c.off = append(c.off, i)
	}
	n := len(c.runes)
	c.off = append(c.off, len(s))
	c.ends = c.ends[:0]

	// gse's getDag: from each rune, every word of the dictionary, found by
	// extending the piece a rune at a time while it is a prefix of a word.
	c.first, c.edges = c.first[:0], c.edges[:0]
	for k := range n {
		c.first = append(c.first, len(c.edges))
		// Where no word starts, gse's calc weighs the rune by its Find
		// frequency: log(1) for a rune the dictionary does not know,
		// log(0) for one that only starts longer words.
		single := logOne
		t, node := d.trie(c.runes[k]), int32(0)
		for i := k; i < n; i++ {
			next, ok := t.next(node, c.runes[i])
			if !ok {
				break
			}
			lf := t.freq(next)
			if i == k {
				single = lf
			}
			if lf > noWord { // frequency > 0
				c.edges = append(c.edges, edge{last: i, logFreq: lf})
			}
			if next < 0 || !t.inner[next] {
				break // no word extends it
			}
			node = next
		}
		if len(c.edges) == c.first[k] {
			c.edges = append(c.edges, edge{last: k, logFreq: single})
		}
	}
	c.first = append(c.first, len(c.edges))

	// gse's calc: the most probable route from each rune to the end; of
	// equally probable words the longest.
	c.route = append(c.route[:0], make([]route, n+1)...)
	for k := n - 1; k >= 0; k-- {
		var best route
		for j, e := range c.edges[c.first[k]:c.first[k+1]] {
			r := route{logProb: e.logFreq - d.logTotal + c.route[e.last+1].logProb, last: e.last}
			if j == 0 || best.logProb < r.logProb || best.logProb == r.logProb && best.last < r.last {
				best = r
			}
		}
		c.route[k] = best
	}

	// gse's cutDAG: follow the route; runs of single runes go to hmm.
	single := -1 // first rune of the pending run of single runes
	for k := 0; k < n; {
		next := c.route[k].last + 1
		if next-k == 1 {
			if single < 0 {
				single = k
			}
		} else {
			if single >= 0 {
				d.cutSingles(c, s, single, k)
				single = -1
			}
			c.ends = append(c.ends, c.off[next])
		}
		k = next
	}
	if single >= 0 {
		d.cutSingles(c, s, single, n)
	}
}

// cutSingles cuts the run of single runes from rune a to rune b as gse's
// cutDAG and Segmenter.hmm do: a run that is a word of the dictionary stays
// single runes, any other goes to gse's HMM.
func (d *dictionary) cutSingles(c *cutter, s string, a, b int) {
	if b-a > 1 {
		if lf, ok := d.find(c.runes[a:b]); !ok || lf == noWord {
			d.cutHMM(c, s, c.off[a], c.off[b])
			return
		}
	}
	for k := a + 1; k <= b; k++ {
		c.ends = append(c.ends, c.off[k])
	}
}

// cutHMM cuts s[start:end] with gse's HMM.
func (d *dictionary) cutHMM(c *cutter, s string, start, end int) {
	run := s[start:end]
	lens, ok := d.hmmCuts.get(run)
	if ok {
		for _, n := range lens {
			start += int(n)
			c.ends = append(c.ends, start)
		}
		return
	}
	at := start
	c.pieces = hmmCut(run, c.pieces[:0])
	defer clear(c.pieces) // they point into the text
	for _, w := range c.pieces {
		// hmm.Cut returns pieces of its input in order; check rather
		// than trust it, as offsets depend on it.
		if w == "" || at+len(w) > end || s[at:at+len(w)] != w {
			break
		}
		at += len(w)
		c.ends = append(c.ends, at)
		lens = append(lens, uint8(len(w))) // < 256 if it is kept
	}
	if at != end {
		c.ends = append(c.ends, end)
		return
	}
	d.hmmCuts.put(run, lens)
}

// maxHMMRunes bounds the runs of Han given to gse's HMM at once (see hmmCut).
const maxHMMRunes = 100

// hmmCut cuts run as gse's hmm.Cut does, appending the pieces to pieces:
// runs of Han by gse's HMM, Latin words and decimal numbers whole, anything
// else between them as one piece. gse's hmm.Cut finds each piece with
// regular expressions run over the whole rest of the text, which takes time
// quadratic in the length of the run (minutes for 64 KiB of Latin text);
// this walks the run once. gse's Viterbi copies its paths at every rune,
// quadratic too, so a run of Han longer than maxHMMRunes is given to it
// maxHMMRunes at a time: the only place where cutting differs from gse's,
// in text where no dictionary word covers that many characters in a row.
func hmmCut(run string, pieces []string) []string {
	for i := 0; i < len(run); {
		r, size := utf8.DecodeRuneInString(run[i:])
		j := i + size
		switch {
		case unicode.Is(unicode.Han, r): // gse's \p{Han}+
			for n := 1; j < len(run) && n < maxHMMRunes; n++ {
				r, size := utf8.DecodeRuneInString(run[j:])
				if !unicode.Is(unicode.Han, r) {
					break
				}
				j += size
			}
			pieces = append(pieces, hmm.Cut(run[i:j])...)
		case isASCIIAlnum(r): // gse's (\d+\.\d+|[a-zA-Z0-9]+), leftmost first
			j = i
			for j < len(run) && isASCIIDigit(run[j]) {
				j++
			}
			if j > i && j+1 < len(run) && run[j] == '.' && isASCIIDigit(run[j+1]) {
				j += 2
				for j < len(run) && isASCIIDigit(run[j]) {
					j++
				}
			} else {
				j = i
				for j < len(run) && isASCIIAlnum(rune(run[j])) {
					j++
				}
			}
			pieces = append(pieces, run[i:j])
		default: // up to the next of the two
			for j < len(run) {
				r, size := utf8.DecodeRuneInString(run[j:])
				if unicode.Is(unicode.Han, r) || isASCIIAlnum(r) {
					break
				}
				j += size
			}
			pieces = append(pieces, run[i:j])
		}
		i = j
	}
	return pieces
}

func isASCIIDigit(b byte) bool { return '0' <= b && b <= '9' }

func isASCIIAlnum(r rune) bool {
	return '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
}

// An hmmCache remembers how gse's HMM cut the runs of text it was given
// (the lengths in bytes of the pieces). The HMM is the slowest part of
// cutting, and text gives it the same few runs over and over: 33,267 runs
// in a sample of 3.7 MB of laws and reports, 4,432 of them different. Its
// answer depends on nothing but the run, as its model never changes.
type hmmCache struct {
	mu   sync.RWMutex
	cuts map[string][]uint8
}

const (
	hmmCacheRuns = 1 << 15 // how many runs are kept; then it starts again
	hmmCacheLen  = 64      // the longest run kept, in bytes (pieces < 256)
)

func (h *hmmCache) get(run string) ([]uint8, bool) {
	if len(run) > hmmCacheLen {
		return nil, false
	}
	h.mu.RLock()
	lens, ok := h.cuts[run]
	h.mu.RUnlock()
	return lens, ok
}

func (h *hmmCache) reset() {
	h.mu.Lock()
	h.cuts = nil
	h.mu.Unlock()
}

func (h *hmmCache) put(run string, lens []uint8) {
	if len(run) > hmmCacheLen {
		return
	}
	h.mu.Lock()
	if h.cuts == nil || len(h.cuts) >= hmmCacheRuns {
		h.cuts = make(map[string][]uint8)
	}
	// A copy: run is part of the text being cut.
	h.cuts[strings.Clone(run)] = lens
	h.mu.Unlock()
}
