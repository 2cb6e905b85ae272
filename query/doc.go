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
// # Filters and laws
//
// A [Filter] (kind:通知, issuer:国务院, date:2020..2024) restricts a query to
// the documents whose metadata it matches, as the index's title list holds
// it ([index.DocTitle]): the documents that pass are worked out once per
// search, and each candidate paragraph is kept or dropped by its document
// in the place table, so a filter adds nothing to the score. A query of
// filters alone lists the documents that pass by their first paragraph,
// newest first. [Result] counts hits per issuer, kind, region and force
// beside those per year and document.
//
// A query that names a law and an article (安全生产法 第二十一条,
// 《安全生产法》第二十一条) is rewritten to the article number in the
// documents whose title holds the law's name, the paragraph that starts
// the article ranked first. A hit in a law names its article
// ([Hit.Article]).
//
// Proximity operators (A /s B, A /N B; see near.go) are narrowed down by
// the index to paragraphs with both keywords and checked the same way; only
// the occurrences that satisfy them are marked. A keyword that is one form
// of a group of [Synonyms] (an abbreviation and its full form) matches any
// of the forms; a hit lists the other forms it holds in [Hit.Expanded], and
// the form typed ranks first.
//
// # Repeated text and reuse
//
// With [Options.Collapse], a hit whose paragraph is a near-duplicate of a
// higher-ranked hit's (the index's pairs, see index.Index.Similar) is listed
// under that hit in [Hit.Repeats] rather than shown as a hit; Offset and
// Limit then count groups, [Result.Groups] says how many, and the other
// counts still count every paragraph (see collapse.go). [FindReuse] lists
// the paragraphs of a document that other documents repeat, oldest first;
// [CompareDocuments] sets two documents side by side.
//
// # Ranking
//
// Each paragraph that matches gets a score, the sum of:
//
//   - as typed: 1000 for each keyword that stands in the paragraph with
//     the characters it was typed with, before folding (管理人員 typed as in
//     the 1954 report finds that report's 管理人員 first, and 管理人员 typed
//     finds simplified text first). No other signal reaches 1000, so this
//     is a tier.
//   - relevance: BM25F over the paragraph's text, its heading path and its
//     document's title. For each keyword, its frequency in the text
//     (normalised by the text's length, b 0.3) and in the heading path
//     (b 0.75), weighted (text 1, heading path 1.5, title 2 when the title
//     holds the keyword) and summed, is saturated once (k1 1.2) and
//     multiplied by the keyword's idf (that of its rarest term). A title or
//     heading paragraph counts its text alone: it is its own heading path.
//   - proximity: for each pair of keywords next to each other in the
//     query, 1.5 when they stand together as typed (安全生产 责任制 in
//     安全生产责任制), else up to 0.75 when they stand in one sentence, less
//     the further apart they are (nothing from 32 characters), else
//     nothing: a tie-breaker among paragraphs of like relevance, since
//     larger weights ranked the judged queries worse.
//   - words: 6 for each keyword that stands on word boundaries of the
//     paragraph's fine-grained cut (see segment.Segmenter.SearchWords):
//     安全生产 inside 安全生产责任制 does, 华人 inside 中华人民共和国 does not.
//     This is about a keyword's whole BM25F share: a weighted signal that
//     larger relevance can overcome, not a tier.
//   - order: 2 for each pair of keywords next to each other in the query
//     whose first occurrences in the paragraph stand in the order typed
//     (people type the words they remember in the order they read them;
//     Meilisearch's proximity rule likewise counts a reversed pair as
//     further apart).
//   - substance: 3 for a text of at least 30 terms (about 30 characters
//     less punctuation): substantial text, not a stub such as a heading or
//     a list item of a few words, which BM25's length normalisation would
//     otherwise favour. A document prior, as known-item search uses one
//     (Kraaij, Westerveld and Hiemstra, 2002).
//   - distinctive: 2 for each of the query's rarest words (up to 3: its
//     keywords cut into the words the index counts, see
//     index.KeywordWords) that is no rarer than the paragraph's word of the
//     same rank by rarity (its profile, see index.Rarity), for a text of at
//     least 30 terms. A person who half-remembers a paragraph types the
//     words that made it memorable, its rarest: a paragraph holding rarer
//     words than the query's would have been typed with those, and is less
//     likely the one meant (a query-likelihood prior). A stub counts none:
//     that its few words hold none rarer says little about it. A
//     paragraph's profile is made with the counts of the index, and the
//     build, that indexed it: in a set of indexes (where the query's words
//     are counted over the whole set) and after an update that kept it,
//     this is the one part of a score that can differ from what one build
//     of the same files gives.
//
// Equal scores go in document (path) order, then paragraph order. The
// lengths and averages BM25F uses are recorded at build time, so scores do
// not depend on how bleve cut the index into segments. [Options.Explain]
// sets each hit's [Hit.Explain] to this sum, part by part.
//
// # Speed
//
// Search collects hits itself instead of through bleve's collector: it
// ranks and counts them by document through the index's place table (see
// index.Places), reads stored fields only for the page it returns, and
// checks bigram phrases with sorted position lists. A phrase (a keyword of
// several bigrams) finds the paragraphs that hold all its bigrams by
// intersecting their bitmaps, and reads positions only there, straight
// from the segment into grams (see postings.go); another form of a keyword
// (a synonym) is checked only where the form typed does not already
// match, and reads positions alone. A candidate checked against its text
// is folded only when it does not hold a keyword as folded. What the ranking
// needs about where a keyword stands (word boundaries, folding, sentence)
// is stored with each bigram's position (see index.Gram); a keyword of one
// bigram reads positions only for the paragraphs that could still reach
// the page asked for. A query of keywords alone (one, or all of several,
// each with its synonyms, and /s groups of them) is run without bleve's
// searchers in between: its keywords' postings are leapfrogged directly
// and handed to the ranking as they are, and a /s check's positions serve
// the ranking too. Totals and counts are always exact: every match is
// counted, and only a score's last parts are skipped where the bound says
// it cannot reach the page (the index keeps no per-block score maxima that
// would let whole runs of postings go unread, as Lucene's block-max WAND
// does). With Collapse, only hits with a near-duplicate in the index, and
// the best of the others up to the page, are ranked exactly (see
// collapse.go).
//
// # Several indexes
//
// [SearchSet] searches an [index.Set] as one index built over all its
// members' files: the same hits, scores (bit for bit), order, totals and
// counts. Each member is searched as Search would, with the statistics
// BM25 reads taken from the whole set (see [index.Set.Readers]), and the
// members' best hits are merged by score, then document path and
// paragraph, the order equal scores take in one index too.
//
// # Highlighting
//
// [Hit.Matches] holds every match in [Hit].Text. [Hit.Fragment] returns the
// part of the text to show, so many characters around the matches, with
// marks around each: h.Fragment(80, "[", "]"). [Highlight] gives the same
// fragment as spans, for marks that are not strings around the text;
// zhsearch's terminal output is made with it.
//
// # Units
//
// [Match] offsets are bytes into [Hit].Text; a [SyntaxError] column counts
// runes from 1.
package query
