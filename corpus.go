// Package zhsearch holds the built-in corpus that "zhsearch search" answers
// from when no index is named. The search engine itself lives in the
// packages segment, index and query; the command in cmd/zhsearch.
package zhsearch

import (
	"embed"
	"io/fs"
)

//go:embed testdata/speech.txt
var builtin embed.FS

// BuiltinCorpus returns the built-in corpus: the reference speech, as
// speech.txt.
func BuiltinCorpus() fs.FS {
	sub, err := fs.Sub(builtin, "testdata")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return sub
}
