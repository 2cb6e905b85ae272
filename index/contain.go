package index

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// openBleve opens the bleve index of a generation read-only. Its files have
// been checked (see verifyOnOpen), but a file changed since, or damage the
// checks cannot see, can make bbolt or zap panic or fault on a mapped
// page: that is reported as damage, not a crash.
func openBleve(genDir string) (b *scorchIndex, err error) {
	store := filepath.Join(genDir, "store")
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, damaged(store, fmt.Sprintf("opening it failed: %v", r))
		}
	}()
	b, err = openScorch(genDir, map[string]interface{}{"read_only": true, "bolt_timeout": "2s"})
	if errors.Is(err, ErrDamaged) {
		return nil, err
	}
	if err != nil {
		return nil, damaged(store, firstLine(err))
	}
	return b, nil
}

// Scorch writes segments in goroutines of its own and reports their errors
// (a full disk, say) only to a callback it looks up by name in a
// process-wide registry; which index an error is about it says by path.
// So the one callback below routes errors by path to the build writing
// there: the only process-wide state of this package, forced by that
// registry.
const asyncErrorCallback = "zhsearch_write_errors_v1"

func init() { scorch.RegistryAsyncErrorCallbacks[asyncErrorCallback] = routeAsyncError }

var writesByPath sync.Map // scorch path -> *writeErrors

func routeAsyncError(err error, path string) {
	if w, ok := writesByPath.Load(filepath.Clean(path)); ok {
		w.(*writeErrors).report(err)
	}
}

// writeErrors collects the errors scorch reports from its goroutines while
// one generation is written.
type writeErrors struct {
	path string
	mu   sync.Mutex
	errs []error
}

// watchWrites starts collecting scorch's errors for the bleve index in
// genDir; call stop when the index is closed.
func watchWrites(genDir string) (w *writeErrors, stop func()) {
	w = &writeErrors{path: filepath.Clean(filepath.Join(genDir, "store"))}
	writesByPath.Store(w.path, w)
	return w, func() { writesByPath.Delete(w.path) }
}

func (w *writeErrors) report(err error) {
	var se *scorch.ScorchError
	if errors.As(err, &se) {
		// "got err persisting snapshot: segment: F persist err: write F:
		// no space left on device": the last cause names the file.
		msg := se.ErrMsg
		if i := strings.LastIndex(msg, " err: "); i >= 0 {
			msg = msg[i+len(" err: "):]
		}
		err = errors.New(msg)
	}
	w.mu.Lock()
	w.errs = append(w.errs, err)
	w.mu.Unlock()
}

// err returns the first error scorch reported, if any.
func (w *writeErrors) err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.errs) == 0 {
		return nil
	}
	return w.errs[0]
}

// contain runs a call into bleve while a generation is written. When one
// of scorch's goroutines failed to write, scorch can go on to panic in the
// caller's goroutine (a full disk leaves it using segments it has closed);
// the panic becomes an error, and the write error scorch reported, which
// names the file and says why, is preferred to it.
func (w *writeErrors) contain(what string, call func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: bleve failed: %v", what, r)
		}
		if err != nil || w.err() != nil {
			if werr := w.err(); werr != nil {
				err = fmt.Errorf("%s: %w", what, werr)
			}
		}
	}()
	return call()
}
