package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// FormatVersion is the version of what zhsearch stores in an index. An index
// of another version must be rebuilt. 8: checksums and reader locks,
// metadata paragraphs and document metadata, ignorable characters (see
// segment.Ignorable) no longer separating units, ranking data in each
// bigram's payload (see fields.go). 9: the title list holds each
// document's metadata, for filters. 10: near-duplicate signatures and
// pairs (signatures.bin, similar.bin; see signatures.go). 11: signatures of
// 16-bit minimums, only for the paragraphs that have one; word rarity
// (rarity.bin; see rarity.go). 12: paragraphs of one text stored once,
// as a group, in signatures.bin and similar.bin (see similar.go); fields'
// lengths in the place table instead of in every posting, heading paths
// once per generation (sections.bin), paragraph text stored in UTF-16
// where that is shorter (see storedtext.go). 13: zap told each term's
// frequency less one, which spares most postings their norm byte (see
// TermFrequency); paragraph text in a table code where that is shorter;
// IDs not stored; the kind in the place table, lengths there in 16 bits;
// docs.json gzipped (docs.json.gz); similar.bin holds each
// group's members and checks its blocks as they are read (see similar.go).
// 14: the place table, its path table (sections.bin) and rarity.bin
// checked by blocks as they are read too, each such table ending with its
// block checksums (see blocks.go); similar.bin's header checksum moved to
// its end; 64-bit word keys in rarity.bin (see WordKey).
const FormatVersion = 14

const (
	currentFile = "CURRENT"
	lockFile    = "LOCK"
	genPrefix   = "g"
)

// Files of a generation beside bleve's own. They are written after bleve's
// and before the generation goes live, so they are part of the same atomic
// swap. (bleve's internal storage would copy them into every snapshot it
// persists.)
const (
	metaFile    = "meta.json"    // Meta
	docsFile    = "docs.json.gz" // every DocRecord, for updates
	titlesFile  = "titles.txt"   // keys, titles, paths, dates and metadata, for searches
	readersFile = "READERS"      // every open Index holds a shared lock on it
)

// Meta says what built an index.
type Meta struct {
	Format     int       `json:"format"`
	Segmenter  string    `json:"segmenter"` // segment.Segmenter.Identity of the build
	Built      time.Time `json:"built"`
	Documents  int       `json:"documents"`
	Paragraphs int       `json:"paragraphs"`
	// Tokens is the number of tokens in each searched field over all
	// paragraphs, for BM25's average field length. (bleve would take the
	// sum of its segments' term dictionary sizes instead, which depends on
	// how the index happens to be cut into segments, so that two builds of
	// the same files would rank differently.)
	Tokens map[string]int `json:"tokens"`
	// Files lists every file of the generation but meta.json and READERS,
	// by slash-separated path within it, with its size and checksums.
	Files map[string]FileSum `json:"files"`
	// ExactProfiles: every paragraph's rarity profile is made from this
	// generation's own counts, as a fresh build makes it (see rarity.go),
	// so that the next update profiles again only the paragraphs whose
	// profiles its changes may move. Generations that earlier versions
	// updated lack it (their kept paragraphs kept older counts'
	// profiles): the next update profiles every paragraph again.
	ExactProfiles bool `json:"exact_profiles,omitempty"`
}

// An Index is an open, read-only zhsearch index. It is safe for concurrent
// use. It holds the reader lock of its generation until Close, so that no
// writer removes the generation's files while it reads them.
type Index struct {
	dir     string
	gen     string
	current string // the line of CURRENT that named gen
	bleve   *scorchIndex
	mapping mapping.IndexMapping // newMapping's, which searchers are given
	meta    Meta
	readers *os.File // holds the shared lock on the generation's READERS

	titleListOnce sync.Once
	titleFile     *titleFile
	titleList     *TitleList
	titleListErr  error

	titlesOnce sync.Once
	titles     []DocTitle
	titlesErr  error

	places *Places
	rarity *Rarity
	damage damageLog // of the tables read without an error to return

	similarOnce sync.Once
	similarTab  *similarTable
	similarErr  error

	useMu  sync.Mutex // guards users and closed
	idle   sync.Cond  // signalled when users drops to 0 after Close began
	users  int        // reads in progress: Use not yet done
	closed bool

	closeOnce sync.Once
	closeErr  error
}

// OpenOptions adjust Open and OpenLive.
type OpenOptions struct {
	// Segmenter, when set, must equal the index's segmenter identity;
	// otherwise the index reports ErrNeedsRebuild. Searching does not need
	// the segmenter, so the default is not to check.
	Segmenter string
	// OnReloadError, for a [Live], is called (one call at a time) when a
	// new generation could not be opened; the Live keeps answering from the
	// one it has. It is called once for each generation that fails.
	OnReloadError func(error)
}

// Open opens the index in dir for searching.
func Open(dir string) (*Index, error) { return OpenWith(dir, OpenOptions{}) }

// openAttempts bounds how often Open follows CURRENT to a newer generation
// when the one it read was retired under it: each retry means a writer
// finished an update meanwhile.
const openAttempts = 10

// OpenWith opens the index in dir for searching, with options.
func OpenWith(dir string, opts OpenOptions) (*Index, error) {
	var err error
	for attempt := 0; attempt < openAttempts; attempt++ {
		var ix *Index
		ix, err = openOnce(dir, opts)
		if err == nil {
			return ix, nil
		}
		if !errors.Is(err, errGenGone) {
			return nil, err
		}
	}
	return nil, fmt.Errorf("%s: the live generation kept changing while it was opened: %w", dir, ErrDamaged)
}

var errGenGone = errors.New("generation vanished")

func openOnce(dir string, opts OpenOptions) (_ *Index, err error) {
	cur, err := readCurrent(dir)
	if err != nil {
		return nil, err
	}
	genDir := filepath.Join(dir, cur.gen)
	// The reader lock first: from then on no writer removes the
	// generation, and what is missing is damage.
	readers, err := lockGeneration(genDir)
	if err != nil {
		if errors.Is(err, errGenGone) {
			if now, cerr := readCurrent(dir); cerr == nil && now.line != cur.line {
				return nil, errGenGone
			}
			if _, serr := os.Stat(genDir); serr != nil {
				return nil, damaged(genDir, "the live generation named by CURRENT is missing")
			}
			// Indexes of earlier formats have no reader lock: say what
			// they need.
			if meta, merr := readMeta(genDir, cur); merr == nil && meta.Format != FormatVersion {
				return nil, fmt.Errorf("%s: built with index format %d, this zhsearch reads format %d: %w", dir, meta.Format, FormatVersion, ErrNeedsRebuild)
			}
			return nil, damaged(filepath.Join(genDir, readersFile), "missing")
		}
		return nil, damaged(filepath.Join(genDir, readersFile), readError(err))
	}
	ix := &Index{dir: dir, gen: cur.gen, current: cur.line, readers: readers, mapping: newMapping()}
	ix.idle.L = &ix.useMu
	defer func() {
		if err != nil {
			ix.Close()
		}
	}()
	if ix.meta, err = readMeta(genDir, cur); err != nil {
		return nil, err
	}
	if ix.meta.Format != FormatVersion {
		return nil, fmt.Errorf("%s: built with index format %d, this zhsearch reads format %d: %w", dir, ix.meta.Format, FormatVersion, ErrNeedsRebuild)
	}
	if opts.Segmenter != "" && opts.Segmenter != ix.meta.Segmenter {
		return nil, fmt.Errorf("%s: built with segmenter %s, not %s: %w", dir, ix.meta.Segmenter, opts.Segmenter, ErrNeedsRebuild)
	}
	if err := verifyOnOpen(genDir, ix.meta.Files); err != nil {
		return nil, err
	}
	if ix.bleve, err = openBleve(genDir); err != nil {
		return nil, err
	}
	if err := checkCount(ix.bleve, ix.meta, genDir); err != nil {
		return nil, err
	}
	if err := ix.openPlaces(); err != nil {
		return nil, err
	}
	if err := ix.openRarity(); err != nil {
		return nil, err
	}
	return ix, nil
}

// firstLine keeps error messages to one line: bleve's can run to several.
func firstLine(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return msg
}

// checkCount compares the paragraphs bleve holds with the build record:
// bleve opens an index with missing segment files by falling back to what
// it can load, so a damaged index shows as a count that does not add up.
func checkCount(b *scorchIndex, meta Meta, genDir string) error {
	n, err := b.docCount()
	if err != nil {
		return damaged(filepath.Join(genDir, "store"), firstLine(err))
	}
	if n != uint64(meta.Paragraphs) {
		return damaged(filepath.Join(genDir, "store"), fmt.Sprintf("it holds %d paragraphs, the build record says %d", n, meta.Paragraphs))
	}
	return nil
}

// readMeta reads and checks the build record of the generation in genDir
// that cur names.
func readMeta(genDir string, cur current) (Meta, error) {
	var meta Meta
	path := filepath.Join(genDir, metaFile)
	raw, err := os.ReadFile(path)
	if err != nil {
		return meta, damaged(path, readError(err))
	}
	if meta, err = decodeMeta(raw); err != nil {
		return meta, damaged(path, err)
	}
	if meta.Format != FormatVersion {
		return meta, nil // the caller says to rebuild
	}
	if !cur.hasSum || crc(raw) != cur.metaSum {
		return meta, damaged(path, "checksum mismatch")
	}
	for _, name := range []string{docsFile, titlesFile, placesFile, sectionsFile, signaturesFile, similarFile, rarityFile, "index_meta.json", "store/root.bolt"} {
		if _, ok := meta.Files[name]; !ok {
			return meta, damaged(path, "it lists no "+name)
		}
	}
	return meta, nil
}

// Use marks the start of a read of the index that uses its data beyond one
// call (a search): Close waits until done is called, so that nothing is
// unmapped under the read. After Close it returns [ErrClosed]. done may be
// called more than once.
func (ix *Index) Use() (done func(), err error) { return ix.use(false) }

// hold is Use for the index's own reads of a mapping it makes on first
// use (the title list): those may be asked for by a read in progress while
// Close waits for it, and are refused once Close has stopped waiting.
func (ix *Index) hold() (done func(), err error) { return ix.use(true) }

func (ix *Index) use(whileClosing bool) (done func(), err error) {
	ix.useMu.Lock()
	defer ix.useMu.Unlock()
	if ix.closed && !(whileClosing && ix.users > 0) {
		return nil, fmt.Errorf("%s: %w", ix.dir, ErrClosed)
	}
	ix.users++
	var once sync.Once
	return func() {
		once.Do(func() {
			ix.useMu.Lock()
			ix.users--
			if ix.users == 0 {
				ix.idle.Broadcast()
			}
			ix.useMu.Unlock()
		})
	}, nil
}

// Close releases the index, and with it the generation's reader lock. It
// waits for reads in progress ([Index.Use]) to end; new ones, and
// [Index.Reader], then fail with [ErrClosed]. A second Close does nothing.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() {
		ix.useMu.Lock()
		ix.closed = true
		for ix.users > 0 {
			ix.idle.Wait()
		}
		ix.useMu.Unlock()
		var errs []error
		if ix.bleve != nil {
			errs = append(errs, ix.bleve.Close())
		}
		errs = append(errs, ix.places.close(), ix.rarity.close(), ix.similarTab.close(), ix.titleFile.close())
		if ix.readers != nil {
			errs = append(errs, ix.readers.Close())
		}
		ix.closeErr = errors.Join(errs...)
	})
	return ix.closeErr
}

// Dir is the index's directory.
func (ix *Index) Dir() string { return ix.dir }

// Meta says what built the index.
func (ix *Index) Meta() Meta { return ix.meta }

// Mapping is the bleve mapping of the index, which bleve's searchers are
// given with its [Index.Reader].
func (ix *Index) Mapping() mapping.IndexMapping { return ix.mapping }

// genPath is the path of a file of the index's generation.
func (ix *Index) genPath(name string) string {
	return filepath.Join(ix.dir, ix.gen, filepath.FromSlash(name))
}

// readFile reads a file of the index's generation whole and verifies it.
func (ix *Index) readFile(name string) ([]byte, error) {
	sum, ok := ix.meta.Files[name]
	if !ok {
		return nil, damaged(ix.genPath(name), "not in the build record")
	}
	return readVerified(ix.genPath(name), sum)
}

// newMapping is the bleve mapping of every generation. Fields are added by
// the indexer directly (see fields.go), so the mapping indexes nothing by
// itself; it sets the scoring model.
func newMapping() mapping.IndexMapping {
	m := mapping.NewIndexMapping()
	m.DefaultMapping.Dynamic = false
	m.DefaultMapping.Enabled = false
	m.ScoringModel = bleveindex.BM25Scoring
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}
