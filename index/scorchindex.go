package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// scorchIndex is the bleve index of a generation (index_meta.json and
// store/), opened through scorch itself rather than bleve's top-level
// package. That package links and registers every analyzer, index type and
// store bleve has, and their initialisation is a sixth of a search's time
// when zhsearch runs once per search (see the README's Performance
// section); the package needs none of them. Nor does it read the mapping
// back from the index, as bleve.Open does: the mapping is the package's own
// (newMapping) and says nothing but the scoring model.
type scorchIndex struct {
	bleveindex.Index
	// queue runs the analysis of a writable index's batches: scorch hands
	// each document of a batch to it. A read-only index has none.
	queue *bleveindex.AnalysisQueue
}

// indexMetaFile is bleve's record of a bleve index's type.
const indexMetaFile = "index_meta.json"

// indexMeta is what index_meta.json says, as bleve writes and reads it.
type indexMeta struct {
	Storage   string                 `json:"storage"`
	IndexType string                 `json:"index_type"`
	Config    map[string]interface{} `json:"config,omitempty"`
}

// openScorch opens the bleve index of the generation in genDir with the
// runtime config given (scorch's settings: read_only, bolt_timeout, …), as
// bleve.OpenUsing would, refusing an index that is not scorch's. Its
// errors are damage: the caller has found the generation complete.
func openScorch(genDir string, config map[string]interface{}) (_ *scorchIndex, err error) {
	metaPath := filepath.Join(genDir, indexMetaFile)
	raw, err := os.ReadFile(metaPath)
	if err != nil {
		return nil, damaged(metaPath, readError(err))
	}
	meta, err := decodeIndexMeta(raw)
	if err != nil {
		return nil, damaged(metaPath, err)
	}
	if meta.IndexType != scorch.Name {
		return nil, damaged(metaPath, fmt.Sprintf("index type %q, not %s", meta.IndexType, scorch.Name))
	}
	// Scorch creates a missing root.bolt, even when told not to: an
	// update would then write into an empty index.
	root := filepath.Join(genDir, "store", "root.bolt")
	if _, err := os.Stat(root); err != nil {
		return nil, damaged(root, readError(err))
	}
	storeConfig := make(map[string]interface{}, len(meta.Config)+len(config)+3)
	for k, v := range meta.Config {
		storeConfig[k] = v
	}
	storeConfig["path"] = filepath.Join(genDir, "store")
	storeConfig["create_if_missing"] = false
	storeConfig["error_if_exists"] = false
	for k, v := range config {
		storeConfig[k] = v
	}
	ix := &scorchIndex{}
	if readOnly, _ := storeConfig["read_only"].(bool); !readOnly {
		ix.queue = bleveindex.NewAnalysisQueue(runtime.GOMAXPROCS(0))
	}
	opened := false
	defer func() {
		if !opened { // an error, or a panic the caller contains
			ix.closeQueue()
		}
	}()
	if ix.Index, err = scorch.NewScorch(meta.Storage, storeConfig, ix.queue); err != nil {
		return nil, err
	}
	if err := ix.Index.Open(); err != nil {
		return nil, err
	}
	opened = true
	return ix, nil
}

// Close closes the index, then its analysis queue, even when scorch
// panics (a full disk), which the caller contains.
func (ix *scorchIndex) Close() error {
	defer ix.closeQueue()
	return ix.Index.Close()
}

func (ix *scorchIndex) closeQueue() {
	if ix.queue != nil {
		ix.queue.Close()
		ix.queue = nil
	}
}

// docCount is the number of documents the index holds.
func (ix *scorchIndex) docCount() (uint64, error) {
	r, err := ix.Reader()
	if err != nil {
		return 0, err
	}
	n, err := r.DocCount()
	return n, errors.Join(err, r.Close())
}
