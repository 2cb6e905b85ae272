// Package segment turns Chinese policy text into the tokens zhsearch indexes
// and searches.
//
// It has two views of a text:
//
//   - Units (see [Units]) are the atoms of matching: one unit per Han, kana
//     or hangul character, and one unit per word of letters and digits (with
//     "5.4", "27,203" and "U.S" kept whole, as Unicode word boundaries do).
//     Everything else (punctuation, spaces, emoji) separates units, except
//     the ignorable characters (see [Ignorable]: zero-width space, soft
//     hyphen, word joiner, BOM, bidi marks…), which count for nothing: units
//     only they separate are adjacent (see [Adjacent]), and they are left
//     out of terms. Units are folded by [Fold] (full-width to half-width,
//     lower case), so ＧＤＰ, GDP and gdp are the same unit. Substring search over units
//     never depends on how a segmenter happened to cut a sentence, which is
//     what lets zhsearch find every paragraph that holds a keyword.
//   - Words (see [Segmenter.Words]) are gse's dictionary segmentation of the
//     folded text (ignorable characters dropped), with the project's policy-domain dictionary and any user
//     dictionary loaded on top of gse's. Words are used for ranking: a
//     keyword that stands as a whole word ranks higher.
//
// What is gse's and what is ours: the dictionary (dict/gse, copied from gse
// v0.80.3) and the HMM that cuts runs of characters no word covers (package
// github.com/go-ego/gse/hmm) are gse's. Loading the dictionary
// (dictionary.go) and cutting (cut.go) are ours: they give word for word
// what gse's Segmenter.Cut(text, true) gives with the same dictionaries, as
// gse_test.go checks against gse itself, but load in a tenth of gse's time
// and a sixth of its memory, and cut several times faster, in time linear in
// the length of the text where gse's is quadratic in the length of a run no
// word covers. (The one difference: a run of more than 100 Han characters
// that no dictionary word covers goes to the HMM 100 characters at a time;
// see hmmCut.)
//
// Units: every offset is a byte offset into the original (unfolded) text;
// Start is inclusive and End exclusive, and a unit or word never starts or
// ends with an ignorable character (it spans those inside it). Positions
// count units from 1.
// Loading the dictionaries takes a fifth of a second and 30 MB, so a
// [Segmenter] is built once and passed to whoever needs it; searching never
// needs one.
package segment
