// Package index builds, updates and opens zhsearch indexes: bleve (scorch)
// indexes whose documents are the paragraphs of Chinese policy documents.
//
// # What a paragraph document holds
//
// Each paragraph of each file is one bleve document with the ID
// "<doc key>/<paragraph number>" (indexed, not stored). It stores the
// paragraph's text alone, exactly as in the source (in a compact encoding,
// see storedtext.go); the document's title, date, source, speaker, path
// and content hash are kept once per document, in files beside bleve's
// (see [DocRecord] and [Index.Titles]), and which document and paragraph
// each of bleve's documents holds, whether it is a title, a heading or
// body text, its heading path and its fields' lengths are kept in a table
// by bleve's document number (see [Places]), so that ranking and counting
// hits by document read no stored fields.
//
// The paragraph is indexed in fields that [FieldText] and friends name:
// units and unit bigrams of its text (see package segment), so that any
// keyword is found by substring, whatever the segmenter did; and units and
// bigrams of the heading path, for section: restrictions and for ranking.
// Titles are kept once per document, with the paths, in a compact list (see
// [Index.Titles]). Bigram fields keep positions and, in the slots bleve
// keeps for byte offsets (highlights are computed from the stored text),
// what ranking needs: whether a word of the paragraph's fine-grained cut
// starts or ends there, whether folding changed its characters, and its
// sentence (see [Gram]). Package query asks for a keyword's terms with
// [KeywordRuns], reads them with [ReadGram] and names paragraphs with
// [PlaceID]: the unit and bigram rule and the ID format live here only.
//
// # On disk
//
// An index is a directory holding a file CURRENT, the generation
// directories and a LOCK file. CURRENT is one line: the name of the live
// generation and the CRC-32C of its build record ("g000007 1a2b3c4d").
// Each generation holds a bleve index (index_meta.json, store/root.bolt and
// store/*.zap, zap version 17 segments recorded under the segment type
// "zhsearch-zap", see plugin.go) plus meta.json (the build record, [Meta]), docs.json.gz,
// titles.txt, places.bin, sections.bin, signatures.bin, similar.bin,
// rarity.bin and READERS.
//
// # Word rarity
//
// rarity.bin counts in how many paragraphs each word of gse's cut stands
// and keeps, for each paragraph, the rarity of its three rarest words (its
// profile, see [Rarity]): what ranking needs to tell whether a query's
// words are the ones that make a paragraph distinctive.
//
// # Near-duplicates
//
// Paragraphs of the same text (the same set of shingles) form a group,
// stored once. signatures.bin holds a MinHash signature of each group's
// character shingles, similar.bin each paragraph's group and every pair of
// groups whose exact similarity (the Jaccard similarity of their
// 5-character shingles, see [Shingles] and [Compare]) is [MinSimilarity] or
// more, found through the signatures at build time and verified from the
// texts; a paragraph's near-duplicates are read off its group and the
// groups near it ([Index.Similar]; see signatures.go and similar.go), so
// that copies of a text cost a number each, not pairs with every other.
// Paragraphs shorter than [MinReuseChars] are never compared. An update
// keeps the groups and pairs of the texts the generation before had.
//
// Builds and updates write a new generation beside the live one and swap
// CURRENT in one rename, so a reader never sees a half-written index and a
// crash at any moment leaves the previous one live. Only one writer at a
// time holds LOCK. Every open [Index] holds a shared lock on its
// generation's READERS, taken before it reads anything there; a writer
// removes a generation that is no longer live only when it can lock READERS
// exclusively without waiting (it removes READERS first, so a reader that
// was waiting sees it gone and follows CURRENT to the new one), and
// otherwise leaves it to a later writer. So a search, or a server through
// [Live], reads the generation it opened until it closes it, however many
// updates run meanwhile (Lucene's commit points, with readers' locks as the
// deletion policy).
//
// Every file of a generation but meta.json has its size and CRC-32C in the
// build record ([Meta.Files]), and meta.json's checksum is in CURRENT: a
// changed byte anywhere is ErrDamaged naming the file. Small files are
// verified whole when read, bleve's bolt file before bleve opens it; the
// segment files, by size and a checksum of their first and last 4 KiB on
// open; the tables a search reads a few entries of (places.bin,
// sections.bin, rarity.bin, similar.bin) by a checksum of each 4 KiB block
// the first time a read touches it (see blockTable, [Index.Damage]); and
// every file whole by [Index.Verify] and by every update before it builds
// on the live generation. places.bin also holds a checksum of each
// paragraph's text, heading path, kind and ID, checked by [Index.Paragraph]
// when a hit's text is loaded.
//
// The locks are flock on Unix and LockFileEx on Windows (lock_*.go). On
// Windows a file that is open cannot be removed or replaced at once: READERS
// is opened sharing delete, a rename over CURRENT that a reader holds for
// a moment is retried, and a generation whose files another process still
// maps is left for a later writer, as one a reader holds is everywhere.
//
// An update that finds only files' times changed (content hashes equal)
// writes no generation; it keeps their new times in TIMES, beside the
// generations, so that the next update does not hash them again (see
// times.go). TIMES is only a cache: searches never read it, and a missing
// or stale one costs a re-hash.
//
// A fresh build writes its segments itself, every worker its own, and
// merges them once into one bleve segment before it goes live, so that a
// search opens one term dictionary; a corpus of several hundred megabytes
// is merged into a few segments of equal size, so that a build's memory
// does not grow with the corpus (see segments.go). An update hard-links
// the live generation's segments and adds its own beside them through
// scorch.
//
// # Several indexes
//
// A [Set] is several indexes searched as one (shards built apart, or a
// user's separate indexes). It checks that they can be (one segmenter
// identity and format, no document path in two of them) and gives the
// statistics of the whole set, through readers of each member that count
// paragraphs and terms over all of them ([Set.Readers]). A [LiveSet]
// follows each member's CURRENT on its own, as a [Live] does one index's.
package index
