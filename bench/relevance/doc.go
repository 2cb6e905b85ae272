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
//     the same text. It prints MRR@10, success@1 and success@10, overall
//     and per kind of query.
//   - Judged queries (testdata/queries.tsv): what a policy researcher types,
//     graded by people. The top 10 of both systems are pooled; grades 0-3
//     (testdata/GRADING.md) are kept in testdata/grades.tsv by query and
//     paragraph key. It prints nDCG@10 and P@5 (grades 2 and 3 relevant).
//     With -pool it writes the pool entries that have no grade yet to
//     testdata/pool.tsv, without saying which system returned them.
//
// The indexes are cached under the user's cache folder, keyed by the corpus
// files and the source of the code that builds them, so a run after a
// change to ranking only (package query) does not rebuild them.
//
//	go run ./bench/relevance [-seed N] [-known N] [-v] [-pool] [-rebuild]
package main
