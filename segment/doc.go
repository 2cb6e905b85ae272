// Package segment turns Chinese policy text into the tokens zhsearch indexes
// and searches.
//
// It has two views of a text:
//
//   - Units (see [Units]) are the atoms of matching: one unit per Han, kana
//     or hangul character, and one unit per word of letters and digits (with
//     "5.4", "27,203" and "U.S" kept whole, as Unicode word boundaries do).
//     Everything else (punctuation, spaces, emoji) separates units. Units
//     are folded by [Fold] (full-width to half-width, lower case), so
//     ＧＤＰ, GDP and gdp are the same unit. Substring search over units
//     never depends on how a segmenter happened to cut a sentence, which is
//     what lets zhsearch find every paragraph that holds a keyword.
//   - Words (see [Segmenter.Words]) are gse's dictionary segmentation of the
//     folded text, with the project's policy-domain dictionary and any user
//     dictionary loaded on top of gse's embedded one. Words are used for
//     ranking: a keyword that stands as a whole word ranks higher.
//
// Units: every offset is a byte offset into the original (unfolded) text;
// Start is inclusive and End exclusive. Positions count units from 1.
// Loading the gse dictionary takes seconds, so a [Segmenter] is built once
// and passed to whoever needs it; searching never needs one.
package segment
