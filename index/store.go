package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/segment"
)

// FormatVersion is the version of what zhsearch stores in an index. An index
// of another version must be rebuilt. 8: checksums and reader locks,
// metadata paragraphs and document metadata, ignorable characters (see
// segment.Ignorable) no longer separating units, ranking data in each
// bigram's payload (see fields.go). 9: the title list holds each
// document's metadata, for filters.
const FormatVersion = 9

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
	metaFile    = "meta.json"  // Meta
	docsFile    = "docs.json"  // every DocRecord, for updates
	titlesFile  = "titles.txt" // keys, titles, paths, dates and metadata, for searches
	readersFile = "READERS"    // every open Index holds a shared lock on it
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
}

// DocRecord describes one indexed document.
type DocRecord struct {
	Key        string         `json:"key"`
	Path       string         `json:"path"` // as found under the paths given to Update
	Abs        string         `json:"abs"`  // absolute path, which identifies the file
	Title      string         `json:"title"`
	Date       string         `json:"date,omitempty"`
	Source     string         `json:"source,omitempty"`
	Speaker    string         `json:"speaker,omitempty"`
	Encoding   string         `json:"encoding"`
	FileFormat string         `json:"file_format,omitempty"` // what kind of file it was read from (extract.Format)
	Size       int64          `json:"size"`
	ModTime    int64          `json:"mtime"` // Unix nanoseconds
	SHA256     string         `json:"sha256"`
	Paragraphs int            `json:"paragraphs"`
	Parts      []string       `json:"parts,omitempty"` // IDs of the extra parts of overlong paragraphs
	Tokens     map[string]int `json:"tokens"`          // tokens in each searched field, over its paragraphs

	// What the document says of itself, as extract.Document has it, for
	// filters by effective date, issuer, document number, kind, region,
	// legal force and status.
	Effective string `json:"effective,omitempty"`
	Issuer    string `json:"issuer,omitempty"`
	Number    string `json:"number,omitempty"`
	Type      string `json:"type,omitempty"`
	Region    string `json:"region,omitempty"`
	Force     string `json:"force,omitempty"`
	Status    string `json:"status,omitempty"`
}

// An Index is an open, read-only zhsearch index. It is safe for concurrent
// use. It holds the reader lock of its generation until Close, so that no
// writer removes the generation's files while it reads them.
type Index struct {
	dir     string
	gen     string
	current string // the line of CURRENT that named gen
	bleve   bleve.Index
	meta    Meta
	readers *os.File // holds the shared lock on the generation's READERS

	titlesOnce sync.Once
	titles     []DocTitle
	titlesErr  error

	places *Places

	useMu  sync.Mutex // guards users and closed
	idle   sync.Cond  // signalled when users drops to 0 after Close began
	users  int        // reads in progress: Use not yet done
	closed bool

	closeOnce sync.Once
	closeErr  error
}

// DocTitle is what a search needs of a document beside its paragraphs:
// what it shows of it and what it filters by.
type DocTitle struct {
	Key, Title, Path, Date string
	// FoldedTitle is the title folded as keywords are ([segment.FoldString]),
	// computed at build time so that searches can match titles without
	// folding them.
	FoldedTitle string
	// The document's metadata, as [DocRecord] has it; empty where the
	// document does not say.
	Effective, Issuer, Number, Type, Region, Force, Status string
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
	ix := &Index{dir: dir, gen: cur.gen, current: cur.line, readers: readers}
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
	return ix, nil
}

// lockGeneration takes a shared lock on the reader lock of the generation
// in genDir. It returns errGenGone when a writer has retired the generation.
func lockGeneration(genDir string) (*os.File, error) {
	f, err := openLockFile(filepath.Join(genDir, readersFile))
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, errDeletePending) {
		return nil, errGenGone
	} else if err != nil {
		return nil, err
	}
	if err := lockShared(f); err != nil {
		f.Close()
		return nil, err
	}
	// A writer removes READERS, holding it exclusively, before the rest:
	// if it was removed while we waited for the lock, the generation is
	// going.
	if gone, err := unlinked(f); err != nil || gone {
		f.Close()
		if err != nil {
			return nil, err
		}
		return nil, errGenGone
	}
	return f, nil
}

// retireGeneration removes a generation that is not live, unless a reader
// holds it open: then it is left for a later writer. It reports whether
// the generation is gone.
func retireGeneration(dir, gen string) bool {
	genDir := filepath.Join(dir, gen)
	f, err := openLockFile(filepath.Join(genDir, readersFile))
	if err != nil {
		// No reader lock: a generation that never went live (a writer
		// died while writing it) or one half removed. No reader opens it.
		return os.RemoveAll(genDir) == nil
	}
	if ok, err := tryLockExclusive(f); !ok || err != nil {
		f.Close()
		return false
	}
	err = os.Remove(f.Name())
	// Closed before the rest goes: Windows keeps a removed file, and so
	// its folder, until its last handle closes. A reader that opened
	// READERS before it was removed finds it unlinked once it has the lock.
	f.Close()
	if err != nil {
		return false
	}
	// On Windows, files still open elsewhere cannot be removed (a segment
	// hard-linked into a newer generation that a reader has mapped): what
	// is left goes at a later update, as a generation without READERS.
	return os.RemoveAll(genDir) == nil
}

// firstLine keeps error messages to one line: bleve's can run to several.
func firstLine(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return msg
}

// checkCount compares the paragraphs bleve holds with the build record:
// bleve opens an index with missing segment files by falling back to what
// it can load, so a damaged index shows as a count that does not add up.
func checkCount(b bleve.Index, meta Meta, genDir string) error {
	n, err := b.DocCount()
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
	if err := json.Unmarshal(raw, &meta); err != nil {
		return meta, damaged(path, err)
	}
	if meta.Format != FormatVersion {
		return meta, nil // the caller says to rebuild
	}
	if !cur.hasSum || crc(raw) != cur.metaSum {
		return meta, damaged(path, "checksum mismatch")
	}
	for _, name := range []string{docsFile, titlesFile, placesFile, "index_meta.json", "store/root.bolt"} {
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
func (ix *Index) Use() (done func(), err error) {
	ix.useMu.Lock()
	defer ix.useMu.Unlock()
	if ix.closed {
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
		errs = append(errs, ix.places.close())
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

// Bleve is the underlying bleve index of the live generation, for searching.
func (ix *Index) Bleve() bleve.Index { return ix.bleve }

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

// Titles returns the key, title, path, date and metadata of every indexed document, sorted
// by path; a document's place in this list is its index in [Place]. It is
// read once per Index and shared: do not modify it.
func (ix *Index) Titles() ([]DocTitle, error) {
	ix.titlesOnce.Do(func() {
		raw, err := ix.readFile(titlesFile)
		if err != nil {
			ix.titlesErr = err
			return
		}
		ix.titles, err = decodeTitles(raw)
		if err == nil && len(ix.titles) != ix.meta.Documents {
			err = fmt.Errorf("%d documents, the build record says %d", len(ix.titles), ix.meta.Documents)
		}
		if err != nil {
			ix.titles, ix.titlesErr = nil, damaged(ix.genPath(titlesFile), err)
		}
	})
	return ix.titles, ix.titlesErr
}

// The title list is one line a document: key, title, title folded (empty
// when folding changes nothing), path, date, then the metadata (effective
// date, issuer, number, kind, region, force, status; empty where unknown),
// separated by unit separators. It is read at every cold search, so it is
// compact and decoded without a copy per field.
const titleSep = "\x1f"

func encodeTitles(docs []DocRecord) []byte {
	clean := strings.NewReplacer(titleSep, " ", "\n", " ")
	var b strings.Builder
	for _, d := range docs {
		title := clean.Replace(d.Title)
		folded := segment.FoldString(title)
		if folded == title {
			folded = ""
		}
		b.WriteString(d.Key + titleSep + title + titleSep + folded + titleSep + pathEscaper.Replace(d.Path) + titleSep + clean.Replace(d.Date))
		for _, m := range [...]string{d.Effective, d.Issuer, d.Number, d.Type, d.Region, d.Force, d.Status} {
			b.WriteString(titleSep + clean.Replace(m))
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// A path is kept exactly, whatever its bytes: a file name may hold a
// newline or the separator, so those (and the escape character) are
// escaped; other bytes, invalid UTF-8 included, are written as they are.
var (
	pathEscaper   = strings.NewReplacer(`\`, `\\`, "\n", `\n`, titleSep, `\s`)
	pathUnescaper = strings.NewReplacer(`\\`, `\`, `\n`, "\n", `\s`, titleSep)
)

func decodeTitles(raw []byte) ([]DocTitle, error) {
	rest := string(raw)
	titles := make([]DocTitle, 0, strings.Count(rest, "\n"))
	var fields [12]string
	for line := 1; rest != ""; line++ {
		var text string
		var ok bool
		if text, rest, ok = strings.Cut(rest, "\n"); !ok {
			return nil, fmt.Errorf("line %d is cut short", line)
		}
		for i := range fields {
			var sep bool
			fields[i], text, sep = strings.Cut(text, titleSep)
			if sep != (i < len(fields)-1) {
				return nil, fmt.Errorf("line %d does not have %d fields", line, len(fields))
			}
		}
		d := DocTitle{Key: fields[0], Title: fields[1], FoldedTitle: fields[2], Path: pathUnescaper.Replace(fields[3]), Date: fields[4],
			Effective: fields[5], Issuer: fields[6], Number: fields[7], Type: fields[8], Region: fields[9], Force: fields[10], Status: fields[11]}
		if d.FoldedTitle == "" {
			d.FoldedTitle = d.Title
		}
		titles = append(titles, d)
	}
	return titles, nil
}

// Docs returns the records of every indexed document, sorted by path.
func (ix *Index) Docs() ([]DocRecord, error) {
	raw, err := ix.readFile(docsFile)
	if err != nil {
		return nil, err
	}
	return decodeDocs(raw, ix.genPath(docsFile), ix.meta)
}

// docJSON is a DocRecord as docs.json holds it. JSON strings are UTF-8, and
// encoding/json would write a file name that is not valid UTF-8 with U+FFFD
// in place of its odd bytes, so that the name no longer named the file: such
// a name goes, as its bytes, beside the string.
type docJSON struct {
	DocRecord
	RawPath []byte `json:"raw_path,omitempty"`
	RawAbs  []byte `json:"raw_abs,omitempty"`
}

func encodeDocs(docs []DocRecord) ([]byte, error) {
	out := make([]docJSON, len(docs))
	for i, d := range docs {
		out[i].DocRecord = d
		if !utf8.ValidString(d.Path) {
			out[i].RawPath = []byte(d.Path)
		}
		if !utf8.ValidString(d.Abs) {
			out[i].RawAbs = []byte(d.Abs)
		}
	}
	return json.Marshal(out)
}

func decodeDocs(raw []byte, path string, meta Meta) ([]DocRecord, error) {
	var in []docJSON
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, damaged(path, err)
	}
	if len(in) != meta.Documents {
		return nil, damaged(path, fmt.Sprintf("%d documents, the build record says %d", len(in), meta.Documents))
	}
	docs := make([]DocRecord, len(in))
	for i, d := range in {
		docs[i] = d.DocRecord
		if d.RawPath != nil {
			docs[i].Path = string(d.RawPath)
		}
		if d.RawAbs != nil {
			docs[i].Abs = string(d.RawAbs)
		}
	}
	return docs, nil
}

// current is what CURRENT says: the live generation and the checksum of
// its build record.
type current struct {
	gen     string
	metaSum uint32
	hasSum  bool   // false in indexes of earlier formats
	line    string // the whole line, which changes with every swap
}

// readCurrent reads which generation of the index in dir is live.
func readCurrent(dir string) (current, error) {
	path := filepath.Join(dir, currentFile)
	raw, err := readSmallFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if st, serr := os.Stat(dir); serr != nil {
				return current{}, fmt.Errorf("%s: %w", dir, ErrNotExist)
			} else if !st.IsDir() {
				return current{}, fmt.Errorf("%s: is a file: %w", dir, ErrNotIndex)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) == 0 || onlyOurs(entries) {
				return current{}, fmt.Errorf("%s: %w", dir, ErrNotExist)
			}
			return current{}, fmt.Errorf("%s: no %s file: %w", dir, currentFile, ErrNotIndex)
		}
		return current{}, fmt.Errorf("%s: %w", dir, err)
	}
	line := strings.TrimSpace(string(raw))
	gen, sum, hasSum := strings.Cut(line, " ")
	cur := current{gen: gen, line: line, hasSum: hasSum}
	if hasSum {
		n, err := strconv.ParseUint(sum, 16, 32)
		if err != nil || len(sum) != 8 {
			return current{}, damaged(path, fmt.Sprintf("it holds %q", line))
		}
		cur.metaSum = uint32(n)
	}
	if !validGen(gen) {
		return current{}, damaged(path, fmt.Sprintf("it holds %q", line))
	}
	return cur, nil
}

// onlyOurs reports whether a directory holds nothing but what a writer that
// never finished its first build leaves: the lock and generations.
func onlyOurs(entries []fs.DirEntry) bool {
	for _, e := range entries {
		if e.Name() != lockFile && e.Name() != timesFile && !validGen(e.Name()) && !strings.HasPrefix(e.Name(), currentFile+".") && !strings.HasPrefix(e.Name(), timesFile+".") {
			return false
		}
	}
	return true
}

func validGen(name string) bool {
	if !strings.HasPrefix(name, genPrefix) || len(name) != len(genPrefix)+6 {
		return false
	}
	_, err := strconv.Atoi(name[len(genPrefix):])
	return err == nil
}

func genName(n int) string { return fmt.Sprintf("%s%06d", genPrefix, n) }

// writeCurrent makes gen, whose build record has the checksum metaSum, the
// live generation, atomically.
func writeCurrent(dir, gen string, metaSum uint32) error {
	tmp, err := os.CreateTemp(dir, currentFile+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := fmt.Fprintf(tmp, "%s %08x\n", gen, metaSum); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := replaceFile(tmp.Name(), filepath.Join(dir, currentFile)); err != nil {
		return err
	}
	return syncPath(dir, true)
}

// writerLock is held by the one process that may write an index.
type writerLock struct{ f *os.File }

// lockWriter takes the index's writer lock, waiting up to wait for another
// writer to finish.
func lockWriter(ctx context.Context, dir string, wait time.Duration) (*writerLock, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	for {
		ok, err := tryLockExclusive(f)
		if ok {
			return &writerLock{f}, nil
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", dir, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("%s: %w", dir, ErrLocked)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (l *writerLock) unlock() error { return l.f.Close() }

// generations lists the generation directories in dir, oldest first.
func generations(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var gens []string
	for _, e := range entries {
		if e.IsDir() && validGen(e.Name()) {
			gens = append(gens, e.Name())
		}
	}
	sort.Strings(gens)
	return gens
}

// cloneGeneration makes dst a copy of the bleve index in src that can be
// written without touching src: scorch's segment files are never changed
// once written, so they are hard-linked; everything else is copied.
func cloneGeneration(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if d.Name() == readersFile || d.Name() == metaFile {
			return nil // the new generation gets its own
		}
		if strings.HasSuffix(path, ".zap") {
			if err := os.Link(path, target); err == nil {
				return nil
			}
		}
		return copyFile(path, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// newMapping is the bleve mapping of every generation. Fields are added by
// the indexer directly (see fields.go), so the mapping indexes nothing by
// itself; it sets the scoring model.
func newMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	m.DefaultMapping.Dynamic = false
	m.DefaultMapping.Enabled = false
	m.ScoringModel = bleveindex.BM25Scoring
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}

// syncTree fsyncs every file and directory under dir, so that a generation is
// on disk before CURRENT names it.
func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return syncPath(path, d.IsDir())
	})
}
