package index

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"
)

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

// Docs returns the records of every indexed document, sorted by path.
func (ix *Index) Docs() ([]DocRecord, error) {
	raw, err := ix.readFile(docsFile)
	if err != nil {
		return nil, err
	}
	return decodeDocs(raw, ix.genPath(docsFile), ix.meta)
}

// docJSON is a DocRecord as docs.json.gz holds it. JSON strings are UTF-8, and
// encoding/json would write a file name that is not valid UTF-8 with U+FFFD
// in place of its odd bytes, so that the name no longer named the file: such
// a name goes, as its bytes, beside the string.
type docJSON struct {
	DocRecord
	RawPath []byte `json:"raw_path,omitempty"`
	RawAbs  []byte `json:"raw_abs,omitempty"`
}

// encodeDocs returns the content of docs.json.gz: the records as JSON,
// gzipped, which makes them a fifth the size (2.5 MB of JSON on the whole
// corpus, mostly paths, hashes and field names), read only by updates and
// a few commands, never by a search.
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
	raw, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(raw); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// docsJSON returns the JSON of docs.json.gz's content raw.
func docsJSON(raw []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func decodeDocs(raw []byte, path string, meta Meta) ([]DocRecord, error) {
	raw, err := docsJSON(raw)
	if err != nil {
		return nil, damaged(path, err)
	}
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
