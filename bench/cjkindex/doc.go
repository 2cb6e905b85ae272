// Package cjkindex is the in-project baseline zhsearch is measured against:
// paragraphs indexed as a plain bleve program would, with bleve's default
// mapping and its stock "cjk" analyzer (Unicode tokens, width folding, lower
// case, overlapping bigrams of Han characters) as the default analyzer, and
// searched with a match query over the paragraph text whose terms must all
// match (operator AND), scored by bleve's default TF-IDF.
//
// The relevance harness (ranking quality, "make relevance") indexes through
// it. (Speed and size, "make bench", are measured against the lean program
// of ../shared/anchors/cjk-lean instead: see bench/compare.)
package cjkindex
