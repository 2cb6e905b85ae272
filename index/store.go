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
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/segment"
)

// FormatVersion is the version of what zhsearch stores in an index. An index
// of another version must be rebuilt.
const FormatVersion = 8

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
	metaFile   = "meta.json"  // Meta
	docsFile   = "docs.json"  // every DocRecord, for updates
	titlesFile = "titles.txt" // keys, titles, paths and dates, for searches
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
// use.
type Index struct {
	dir   string
	gen   string
	bleve bleve.Index
	meta  Meta

	titlesOnce sync.Once
	titles     []DocTitle
	titlesErr  error

	places *Places
}

// DocTitle is what a search needs of a document beside its paragraphs.
type DocTitle struct {
	Key, Title, Path, Date string
	// FoldedTitle is the title folded as keywords are ([segment.FoldString]),
	// computed at build time so that searches can match titles without
	// folding them.
	FoldedTitle string
}

// OpenOptions adjust Open.
type OpenOptions struct {
	// Segmenter, when set, must equal the index's segmenter identity;
	// otherwise the index reports ErrNeedsRebuild. Searching does not need
	// the segmenter, so the default is not to check.
	Segmenter string
}

// Open opens the index in dir for searching.
func Open(dir string) (*Index, error) { return OpenWith(dir, OpenOptions{}) }

// OpenWith opens the index in dir for searching, with options.
func OpenWith(dir string, opts OpenOptions) (*Index, error) {
	// A writer may swap generations between our reading CURRENT and opening
	// it, and then delete the old one: read CURRENT again and retry once.
	var err error
	for attempt := 0; attempt < 2; attempt++ {
		var ix *Index
		ix, err = openOnce(dir, opts)
		if err == nil {
			return ix, nil
		}
		if !errors.Is(err, errGenGone) {
			return nil, err
		}
	}
	return nil, fmt.Errorf("%s: %w", dir, ErrDamaged)
}

var errGenGone = errors.New("generation vanished")

func openOnce(dir string, opts OpenOptions) (*Index, error) {
	gen, err := readCurrent(dir)
	if err != nil {
		return nil, err
	}
	genDir := filepath.Join(dir, gen)
	if _, err := os.Stat(genDir); errors.Is(err, fs.ErrNotExist) {
		if g2, _ := readCurrent(dir); g2 != gen {
			return nil, errGenGone
		}
		return nil, fmt.Errorf("%s: the generation %s named by CURRENT is missing: %w", dir, gen, ErrDamaged)
	}
	b, err := bleve.OpenUsing(genDir, map[string]interface{}{
		"read_only":    true,
		"bolt_timeout": "2s",
	})
	if err != nil {
		if g2, _ := readCurrent(dir); g2 != gen {
			return nil, errGenGone
		}
		return nil, fmt.Errorf("%s: %w: opening %s: %s", dir, ErrDamaged, gen, firstLine(err))
	}
	ix := &Index{dir: dir, gen: gen, bleve: b}
	if err := ix.loadMeta(opts); err != nil {
		b.Close()
		return nil, err
	}
	if err := checkCount(b, ix.meta, dir); err != nil {
		b.Close()
		return nil, err
	}
	if err := ix.openPlaces(); err != nil {
		b.Close()
		return nil, err
	}
	return ix, nil
}

// firstLine keeps error messages to one line: bleve's can run to several.
func firstLine(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return msg
}

func (ix *Index) loadMeta(opts OpenOptions) error {
	meta, err := readMeta(filepath.Join(ix.dir, ix.gen), ix.dir)
	if err != nil {
		return err
	}
	ix.meta = meta
	if meta.Format != FormatVersion {
		return fmt.Errorf("%s: built with index format %d, this zhsearch reads format %d: %w", ix.dir, meta.Format, FormatVersion, ErrNeedsRebuild)
	}
	if opts.Segmenter != "" && opts.Segmenter != meta.Segmenter {
		return fmt.Errorf("%s: built with segmenter %s, not %s: %w", ix.dir, meta.Segmenter, opts.Segmenter, ErrNeedsRebuild)
	}
	return nil
}

// checkCount compares the paragraphs bleve holds with the build record:
// bleve opens an index with missing segment files by falling back to what
// it can load, so a damaged index shows as a count that does not add up.
func checkCount(b bleve.Index, meta Meta, dir string) error {
	n, err := b.DocCount()
	if err != nil {
		return fmt.Errorf("%s: %w: %s", dir, ErrDamaged, firstLine(err))
	}
	if n != uint64(meta.Paragraphs) {
		return fmt.Errorf("%s: %w: it holds %d paragraphs, its build record says %d", dir, ErrDamaged, n, meta.Paragraphs)
	}
	return nil
}

// readMeta reads the build record of the generation in genDir of the index
// in dir.
func readMeta(genDir, dir string) (Meta, error) {
	var meta Meta
	raw, err := os.ReadFile(filepath.Join(genDir, metaFile))
	if err != nil {
		return meta, fmt.Errorf("%s: build record: %w: %s", dir, ErrDamaged, firstLine(unwrapPathError(err)))
	}
	if err := json.Unmarshal(raw, &meta); err != nil {
		return meta, fmt.Errorf("%s: build record: %w: %v", dir, ErrDamaged, err)
	}
	return meta, nil
}

// Close releases the index.
func (ix *Index) Close() error {
	return errors.Join(ix.bleve.Close(), ix.places.close())
}

// Dir is the index's directory.
func (ix *Index) Dir() string { return ix.dir }

// Meta says what built the index.
func (ix *Index) Meta() Meta { return ix.meta }

// Bleve is the underlying bleve index of the live generation, for searching.
func (ix *Index) Bleve() bleve.Index { return ix.bleve }

// Titles returns the key, title, path and date of every indexed document, sorted
// by path; a document's place in this list is its index in [Place]. It is
// read once per Index and shared: do not modify it.
func (ix *Index) Titles() ([]DocTitle, error) {
	ix.titlesOnce.Do(func() {
		raw, err := os.ReadFile(filepath.Join(ix.dir, ix.gen, titlesFile))
		if err != nil {
			ix.titlesErr = fmt.Errorf("%s: document titles: %w: %s", ix.dir, ErrDamaged, firstLine(unwrapPathError(err)))
			return
		}
		ix.titles, ix.titlesErr = decodeTitles(raw)
		if ix.titlesErr != nil {
			ix.titlesErr = fmt.Errorf("%s: document titles: %w: %v", ix.dir, ErrDamaged, ix.titlesErr)
			return
		}
	})
	return ix.titles, ix.titlesErr
}

// The title list is one line a document: key, title, title folded (empty
// when folding changes nothing), path and date, separated by unit
// separators. It is read at every cold search, so it is compact and decoded
// without a copy per field.
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
		b.WriteString(d.Key + titleSep + title + titleSep + folded + titleSep + clean.Replace(d.Path) + titleSep + clean.Replace(d.Date) + "\n")
	}
	return []byte(b.String())
}

func decodeTitles(raw []byte) ([]DocTitle, error) {
	rest := string(raw)
	titles := make([]DocTitle, 0, strings.Count(rest, "\n"))
	var fields [5]string
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
		d := DocTitle{Key: fields[0], Title: fields[1], FoldedTitle: fields[2], Path: fields[3], Date: fields[4]}
		if d.FoldedTitle == "" {
			d.FoldedTitle = d.Title
		}
		titles = append(titles, d)
	}
	return titles, nil
}

// Docs returns the records of every indexed document, sorted by path.
func (ix *Index) Docs() ([]DocRecord, error) { return readDocs(filepath.Join(ix.dir, ix.gen), ix.dir) }

func readDocs(genDir, dir string) ([]DocRecord, error) {
	raw, err := os.ReadFile(filepath.Join(genDir, docsFile))
	if err != nil {
		return nil, fmt.Errorf("%s: document list: %w: %s", dir, ErrDamaged, firstLine(unwrapPathError(err)))
	}
	var docs []DocRecord
	if err := json.Unmarshal(raw, &docs); err != nil {
		return nil, fmt.Errorf("%s: document list: %w: %v", dir, ErrDamaged, err)
	}
	return docs, nil
}

// readCurrent returns the name of the live generation of the index in dir.
func readCurrent(dir string) (string, error) {
	raw, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if st, serr := os.Stat(dir); serr != nil {
				return "", fmt.Errorf("%s: %w", dir, ErrNotExist)
			} else if !st.IsDir() {
				return "", fmt.Errorf("%s: is a file: %w", dir, ErrNotIndex)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) == 0 || onlyOurs(entries) {
				return "", fmt.Errorf("%s: %w", dir, ErrNotExist)
			}
			return "", fmt.Errorf("%s: no %s file: %w", dir, currentFile, ErrNotIndex)
		}
		return "", fmt.Errorf("%s: %w", dir, err)
	}
	gen := strings.TrimSpace(string(raw))
	if !validGen(gen) {
		return "", fmt.Errorf("%s: %s names %q: %w", dir, currentFile, gen, ErrDamaged)
	}
	return gen, nil
}

// onlyOurs reports whether a directory holds nothing but what a writer that
// never finished its first build leaves: the lock and generations.
func onlyOurs(entries []fs.DirEntry) bool {
	for _, e := range entries {
		if e.Name() != lockFile && !validGen(e.Name()) && !strings.HasPrefix(e.Name(), currentFile+".") {
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

// writeCurrent makes gen the live generation, atomically.
func writeCurrent(dir, gen string) error {
	tmp, err := os.CreateTemp(dir, currentFile+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.WriteString(tmp, gen+"\n"); err != nil {
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
	if err := os.Rename(tmp.Name(), filepath.Join(dir, currentFile)); err != nil {
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
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
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return &writerLock{f}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
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
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return f.Sync()
	})
}
