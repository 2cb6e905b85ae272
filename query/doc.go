// Package query parses a search query, runs it against a zhsearch index,
// ranks the paragraphs that match and marks every match in their text.
//
// # Matching
//
// A keyword matches a paragraph whose text holds it as a substring, after
// folding full-width forms to half-width and letters to lower case, with one
// rule more: a keyword that starts or ends with a Latin letter or a digit
// must start or end on a word boundary there (see package segment's units),
// so "gdp" does not match "gdpr". Several keywords must all match; see
// [Parse] for the rest of the syntax. The index finds candidates through
// unit and bigram terms, which for a keyword of touching units gives exactly
// these matches; a keyword with punctuation or spaces inside is first
// narrowed down by the index and then checked against each candidate's text.
//
// # Ranking
//
// Paragraphs sort first by how many keywords stand in them as whole gse
// words, then by BM25 over the bigram fields, with matches in the document
// title and the heading path weighing more. A hit's Score is 10000 per
// whole-word keyword plus its BM25 score and title bonus; equal scores go in
// document (path) order, then paragraph order. BM25's average field length
// is the one recorded at build time, so scores do not depend on how bleve
// cut the index into segments.
//
// # Speed
//
// Search collects hits itself instead of through bleve's collector: it
// ranks and counts them by document through the index's place table (see
// index.Places), reads stored fields only for the page it returns, and
// checks bigram phrases with sorted position lists.
//
// # Units
//
// [Match] offsets are bytes into [Hit].Text; a [SyntaxError] column counts
// runes from 1.
package query
