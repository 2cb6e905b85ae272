// Package web serves a zhsearch index over HTTP, read-only: one search page
// and a JSON API for it. [NewHandler] returns the handler that "zhsearch
// serve" runs.
//
// # Routes
//
//	GET /                 the search page (HTML, with the state in the URL:
//	                      ?q=QUERY&page=N&doc=PATH&year=YYYY&all=1)
//	GET /reuse            the page of a document's text reuse (?doc=PATH,
//	                      and &with=PATH to compare it with another)
//	GET /static/NAME      the page's script, style sheet and icon, embedded
//	                      in the binary: the page makes no request elsewhere
//	GET /api/search       ?q=&limit=&offset=&doc=&year=&kind=&region=&issuer=&force=&collapse=&similarity=
//	                      -> one page of hits, the totals and the counts by
//	                      document, year, issuer, kind, region and force.
//	                      Hits whose text repeats a higher-ranked hit's are
//	                      listed in its repeats, and limit and offset count
//	                      groups (groups says how many), unless collapse=0;
//	                      similarity= (0.4 to 1) is how alike they must be.
//	                      format=csv|tsv|jsonl exports every hit, repeats
//	                      as rows like any other
//	GET /api/reuse        ?doc=PATH[&with=PATH][&similarity=] -> the
//	                      paragraphs of doc that other documents repeat,
//	                      oldest first (query.Reuse), or those that stand in
//	                      the document with (query.Comparison)
//	GET /api/document     ?doc=PATH -> a document's metadata and paragraphs,
//	                      in order, as the index holds them
//	GET /api/stats        what the index holds and what built it
//
// # Units
//
// A hit's matches are byte offsets into its text, as in package query; the
// page turns them into JavaScript (UTF-16) string indexes. An error's column
// counts runes from 1. took_ms is milliseconds.
//
// # Bounds
//
// A query is at most [MaxQueryRunes] characters, a page at most [MaxLimit]
// hits, an offset at most [MaxOffset]; each search runs under
// [Options].Timeout, and at most [Options].MaxSearches run at once. Further
// searches wait their turn, at most [Options].QueueWait, and at most
// [Options].MaxQueue of them; beyond that they get 503 with Retry-After.
// Recent answers are kept, up to [Options].CacheBytes, by the index they
// came from. Document text goes out as JSON and is put into the page as
// text, never as HTML; the page is served with a Content-Security-Policy
// that allows no inline or foreign script.
//
// # Errors
//
// An API error is JSON: {"code":…,"error":…,"column":…}. The code is
// stable, for programs and for the page, which shows its own Chinese text
// for each; the error is a message in English; column, for a syntax error
// only, counts runes from 1. Outside /api/ an unknown path gets the page's
// own 404 page.
//
// # Indexes
//
// The handler reads indexes from a [Source]: each request acquires one
// [index.Set] (one index, or several searched as one), uses it for
// everything it answers and releases it, so that a source may swap in a
// new generation at any time without a request seeing two. [Fixed] is the
// source of one open index, [FixedSet] of a set, and [index.LiveSet] the
// source that follows each index's updates.
package web
