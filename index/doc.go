// Package index builds, updates and opens zhsearch indexes: bleve (scorch)
// indexes whose documents are the paragraphs of Chinese policy documents.
//
// # What a paragraph document holds
//
// Each paragraph of each file is one bleve document with the ID
// "<doc key>/<paragraph number>". It stores the paragraph's text exactly as
// in the source, the heading path above it and whether it is a title, a
// heading or body text; the document's title, date, source, speaker, path and
// content hash are kept once per document, in files beside bleve's (see
// [DocRecord] and [Index.Titles]), and which document and paragraph each of
// bleve's documents holds is kept in a table by bleve's document number
// (see [Places]), so that ranking and counting hits by document read no
// stored fields.
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
// An index is a directory holding a file CURRENT that names the live
// generation, the generation directories themselves (each a bleve index in
// store/ plus meta.json, docs.json, titles.txt and places.bin) and a LOCK
// file. Builds and updates write a new generation beside the live one and
// swap CURRENT in one rename, so a reader never sees a half-written index
// and a crash at any moment leaves the previous one live. Only one writer
// at a time holds LOCK; readers take no lock of ours and open the live
// generation read-only.
//
// A fresh build is merged into one bleve segment before it goes live, so
// that a search opens one term dictionary; an update hard-links the live
// generation's segments and adds its own beside them.
package index
