// Command relevance measures how well zhsearch ranks, against the in-project
// baseline (bleve's stock cjk analyzer with default scoring, package
// bench/cjkindex), over a fixed corpus of ../shared/corpus: every report and
// 300 laws taken at even steps through the sorted list of laws. "make
// relevance" runs it; without the shared corpus it says so and exits 0.
//
// It measures two sets of queries:
//
//   - Known items: queries generated with a fixed seed from paragraphs
//     drawn at random, the way a person who half-remembers a paragraph
//     types them: its 2-3 rarest words, or a 4-7 character fragment around
//     its rarest word. A hit is right when it is that paragraph or one of
//     the same text (folded, white space ignored). It prints MRR@10,
//     success@1 and success@10, overall, per kind of query and for laws and
//     reports, and the bound no ranking beats on average: MRR@10 of the
//     ranking by the generator's own likelihood of making the query from
//     each paragraph that matches it (the targets it cannot tell apart cost
//     even that ranking). With -v it also sorts the known items zhsearch
//     does not rank first by what put the paragraph it ranked first ahead.
//   - Judged queries (testdata/queries.tsv): what a policy researcher types,
//     graded by people. The top 10 of both systems are pooled; grades 0-3
//     (testdata/GRADING.md) are kept in testdata/grades.tsv by query and
//     paragraph key (document path#paragraph number#hash of the text). It
//     prints nDCG@10 (linear gain; the ideal ranking is made of every grade
//     known for the query) and P@5 (grades 2 and 3 relevant). A pooled
//     paragraph without a grade scores 0 and is left out of the ideal; the
//     harness says how many there are. With -pool it writes the pool
//     entries that have no grade yet to testdata/pool.tsv, without saying
//     which system returned them; -add-grades merges a copy of it whose
//     grade column graders filled in into grades.tsv.
//
// The indexes are cached under the user's cache folder, keyed by the corpus
// files and the source of the code that builds them, so a run after a
// change to ranking only (package query) does not rebuild them.
//
// Per-query figures (-v, or -explain) list the known-item queries zhsearch
// does not rank first and every judged query, those where it does worse than
// the baseline first.
//
//	go run ./bench/relevance [-seed N] [-known N] [-v] [-pool] [-add-grades FILE] [-rebuild] [-corpus DIR] [-laws N]
package main
