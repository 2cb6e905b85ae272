package index

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"

	"github.com/zhsearch/zhsearch/index/extract"
)

// analyzed is one file read and parsed, its paragraphs cut into the parts
// that become bleve documents (see parts in split.go).
type analyzed struct {
	file   sourceFile
	record DocRecord
	parts  []part
	bytes  int64
	same   bool       // content unchanged: only the record's time changed
	sums   []placeSum // of the parts written, in order
	err    error
}

// docKey is the key of a document: short, and stable for a file's path.
func docKey(abs string) string {
	sum := sha256.Sum256([]byte(abs))
	return hex.EncodeToString(sum[:8])
}

func (u *updater) analyze(f sourceFile) analyzed {
	res := analyzed{file: f, bytes: f.info.Size()}
	data, err := os.ReadFile(f.abs)
	if err != nil {
		res.err = unwrapPathError(err)
		return res
	}
	sum := sha256.Sum256(data)
	rec := DocRecord{
		Key:     docKey(f.abs),
		Path:    f.path,
		Abs:     f.abs,
		Size:    int64(len(data)),
		ModTime: f.info.ModTime().UnixNano(),
		SHA256:  hex.EncodeToString(sum[:]),
	}
	if old, ok := u.oldDocs[f.abs]; ok && old.SHA256 == rec.SHA256 {
		res.record, res.same = rec, true
		return res
	}
	// The path, not only the base name: the folders a law sits in give its
	// legal force and region ("laws/行政法规/…", "DLC/河南地方法规/…").
	doc, err := extract.Parse(f.path, data)
	if err != nil {
		res.err = err
		return res
	}
	// Copies: the document's strings are slices of its whole text, which
	// a record kept until the end of the build would keep in memory, so
	// that a build's memory grew with its corpus.
	own := strings.Clone
	rec.Title, rec.Date, rec.Source, rec.Speaker = own(doc.Title), own(doc.Date), own(doc.Source), own(doc.Speaker)
	rec.Effective, rec.Issuer, rec.Number, rec.Type = own(doc.Effective), own(doc.Issuer), own(doc.Number), own(doc.Type)
	rec.Region, rec.Force, rec.Status = own(doc.Region), own(doc.Force), own(doc.Status)
	rec.Encoding, rec.FileFormat = string(doc.Encoding), string(doc.Format)
	rec.Paragraphs = len(doc.Paragraphs)
	res.parts = splitParagraphs(doc.Paragraphs, maxParagraphBytes)
	for _, pt := range res.parts {
		if pt.i > 1 {
			rec.Parts = append(rec.Parts, partID(rec.Key, pt.p.N, pt.i))
		}
	}
	res.record = rec
	return res
}
