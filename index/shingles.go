package index

import (
	"math/bits"
	"slices"
	"unicode"

	"github.com/zhsearch/zhsearch/segment"
)

// Near-duplicate paragraphs: the same clause reappearing, with small edits,
// in other documents. Two paragraphs are compared by the Jaccard similarity
// of their character shingles: the sets of every run of ShingleSize
// characters of their normalised text (folded as keywords are, with
// everything but letters and digits dropped, so that punctuation, spaces and
// full-width forms do not count as edits). Broder's resemblance, as used for
// near-duplicate web pages; character shingles rather than words because
// Chinese text has no spaces and a segmenter's cut changes with the context.
//
// At build time each paragraph gets a MinHash signature of the shingle set,
// cut into bands for locality-sensitive hashing (see signatures.go): pairs
// that share a band are candidates, and each candidate pair is verified by
// computing the exact Jaccard similarity of the two texts, so the figure
// shown is exact, never an estimate.

// ShingleSize is the length of a shingle in characters. 5 characters is a
// short Chinese phrase (两个字的词 and a bit): long enough that two unrelated
// paragraphs share few shingles by chance, short enough that one changed
// word (全国 → 全省) costs only the five shingles across it.
const ShingleSize = 5

// MinReuseChars is the shortest normalised paragraph (letters and digits,
// see [Shingles]) that is compared at all. Headings ("一、2025年工作回顾"),
// salutations ("各位代表：") and formulas ("特此通知。") are shorter: every
// document has them, so they would make every document a copy of every
// other and collapse unrelated hits. 30 characters is the length of a
// heading with a topic (one line of a work report's table of contents is
// 10 to 25); a clause worth tracing is longer.
const MinReuseChars = 30

// normalize folds text and keeps its letters and digits.
func normalize(text string) []rune {
	out := make([]rune, 0, len(text)/3)
	for _, r := range segment.FoldString(text) {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			out = append(out, r)
		}
	}
	return out
}

// Shingles returns the distinct shingles of a text, as sorted 64-bit
// hashes, or nil when its normalised text is shorter than [MinReuseChars]:
// such a paragraph is never a near-duplicate of another.
func Shingles(text string) []uint64 {
	runes := normalize(text)
	if len(runes) < MinReuseChars {
		return nil
	}
	// Each character is hashed once; a shingle's hash combines its five
	// characters' hashes, each rotated by its place in it, and is mixed
	// once more so that shingles that share characters spread apart.
	hs := make([]uint64, len(runes))
	for i, r := range runes {
		hs[i] = mix64(uint64(r) + 0x243F6A8885A308D3)
	}
	out := make([]uint64, 0, len(runes)-ShingleSize+1)
	for i := 0; i+ShingleSize <= len(runes); i++ {
		var h uint64
		for j, c := range hs[i : i+ShingleSize] {
			h ^= bits.RotateLeft64(c, 13*j)
		}
		out = append(out, mix64(h))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// mix64 is splitmix64's finaliser: a fixed, well-spread hash, the same in
// every build (the signatures are stored).
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return x
}

// A Similarity is the exact Jaccard similarity of two paragraphs'
// shingle sets: Shared shingles of Union.
type Similarity struct {
	Shared, Union int
}

// Value is the similarity as a number from 0 to 1.
func (s Similarity) Value() float64 {
	if s.Union == 0 {
		return 0
	}
	return float64(s.Shared) / float64(s.Union)
}

// AtLeast reports whether the similarity is at least t, exactly (no
// rounding of the fraction).
func (s Similarity) AtLeast(t float64) bool {
	return s.Union > 0 && float64(s.Shared) >= t*float64(s.Union)
}

// Compare returns the exact similarity of two sorted shingle sets (see
// [Shingles]).
func Compare(a, b []uint64) Similarity {
	if len(a) == 0 || len(b) == 0 {
		return Similarity{}
	}
	shared := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			shared++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return Similarity{Shared: shared, Union: len(a) + len(b) - shared}
}
