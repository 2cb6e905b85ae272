package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"net/http"
	"path"
	"runtime"
	"strings"
	"time"

	"github.com/zhsearch/zhsearch/query"
)

// Options adjust a handler.
type Options struct {
	// Timeout bounds one search once it has started; 5s when zero.
	Timeout time.Duration
	// MaxSearches is how many searches may run at once; 2×GOMAXPROCS when
	// zero: searches are mostly CPU work, with some waiting on the index's
	// pages coming in from disk. More at once would only share the
	// processors and answer each later; the others wait their turn.
	MaxSearches int
	// MaxQueue is how many more search requests may wait for one of those
	// to end; 256 when zero. A request beyond that gets 503 at once.
	MaxQueue int
	// QueueWait is how long a search request waits for its turn before it
	// gets 503; Timeout when zero.
	QueueWait time.Duration
	// CacheBytes bounds the cache of recent search answers; 16 MiB when
	// zero, no cache when negative.
	CacheBytes int
	// Synonyms keywords are expanded with; nil means query.BuiltinSynonyms.
	Synonyms *query.Synonyms
}

//go:embed static
var static embed.FS

// csp lets the page load its own script, style sheet and icon and call its
// own API, and nothing else: no inline script, no plugin, no framing.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

type handler struct {
	src      Source
	opts     Options
	gate     *gate
	cache    *answerCache // nil when there is none
	assets   map[string]asset
	notFound []byte // the page's own 404 page
}

// An asset is an embedded file as served.
type asset struct {
	body  []byte
	ctype string
	etag  string
}

// NewHandler returns a handler that serves the indexes of src read-only:
// the search page at /, its files under /static/, and the JSON API under
// /api/ (see the package documentation). Each request acquires an index
// from src once and releases it when answered.
func NewHandler(src Source, opts Options) http.Handler {
	if opts.Timeout <= 0 {
		opts.Timeout = 5 * time.Second
	}
	if opts.MaxSearches <= 0 {
		opts.MaxSearches = 2 * runtime.GOMAXPROCS(0)
	}
	if opts.MaxQueue <= 0 {
		opts.MaxQueue = 256
	}
	if opts.QueueWait <= 0 {
		opts.QueueWait = opts.Timeout
	}
	if opts.CacheBytes == 0 {
		opts.CacheBytes = 16 << 20
	}
	if opts.Synonyms == nil {
		// Read into groups once: a search given none scans the built-in
		// list's text for each keyword (1-5 µs), which saves a one-shot
		// search reading the whole list but not a server.
		opts.Synonyms = query.BuiltinSynonyms()
	}
	var cache *answerCache
	if opts.CacheBytes > 0 {
		cache = newAnswerCache(opts.CacheBytes)
	}
	assets := loadAssets()
	notFound := assets[notFoundPage].body
	delete(assets, notFoundPage)
	return &handler{
		src:      src,
		opts:     opts,
		gate:     newGate(opts.MaxSearches, opts.MaxQueue, opts.QueueWait),
		cache:    cache,
		assets:   assets,
		notFound: notFound,
	}
}

// notFoundPage is the 404 page among the embedded files; it is served for
// every path that is not found, never under its own name.
const notFoundPage = "/static/404.html"

// contentTypes are those of the files under static/; any other file is not
// served.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
}

func loadAssets() map[string]asset {
	assets := map[string]asset{}
	err := fs.WalkDir(static, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ctype, ok := contentTypes[path.Ext(name)]
		if !ok {
			return nil
		}
		body, err := static.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		a := asset{body: body, ctype: ctype, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		if name == "static/index.html" {
			assets["/"] = a
		} else {
			assets["/"+name] = a
		}
		return nil
	})
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return assets
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", csp)
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "no-referrer")
	api := strings.HasPrefix(r.URL.Path, "/api/")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		if api {
			writeError(w, http.StatusMethodNotAllowed, apiError{Code: codeMethod, Error: "method " + r.Method + " not allowed: the API is read-only (GET)"})
		} else {
			http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		}
		return
	}
	switch r.URL.Path {
	case "/api/search":
		h.search(w, r)
		return
	case "/api/stats":
		h.stats(w, r)
		return
	case "/api/document":
		h.document(w, r)
		return
	case "/api/reuse":
		h.reuse(w, r)
		return
	}
	if api {
		writeError(w, http.StatusNotFound, apiError{Code: codeNotFound, Error: "no such API: " + r.URL.Path + " (there are /api/search, /api/document, /api/reuse and /api/stats)"})
		return
	}
	page := r.URL.Path
	if page == "/reuse" {
		page = "/" // the page shows a document's reuse at /reuse?doc=PATH
	}
	a, ok := h.assets[page]
	if !ok {
		hd.Set("Content-Type", "text/html; charset=utf-8")
		hd.Set("Cache-Control", "no-cache")
		w.WriteHeader(http.StatusNotFound)
		w.Write(h.notFound)
		return
	}
	hd.Set("Content-Type", a.ctype)
	hd.Set("ETag", a.etag)
	// Revalidated every time (a 304 when unchanged), so a new binary's page
	// and script are never mixed with an old one's.
	hd.Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}

// writeJSON writes v as the whole response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	status, body := encodeJSON(status, v)
	writeBody(w, status, body)
}

// encodeJSON encodes v as a response body. HTML in v (document text) is
// escaped as \u003c and so on, as encoding/json does by default.
func encodeJSON(status int, v any) (int, []byte) {
	body, err := json.Marshal(v)
	if err != nil {
		return http.StatusInternalServerError, []byte(`{"code":"internal","error":"encoding the response failed"}` + "\n")
	}
	return status, append(body, '\n')
}

// writeBody writes body, JSON, as the whole response.
func writeBody(w http.ResponseWriter, status int, body []byte) {
	hd := w.Header()
	hd.Set("Content-Type", "application/json; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
}
