package index

import (
	"encoding/json"
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
// bleve.OpenUsing would, refusing an index that is not scorch's.
func openScorch(genDir string, config map[string]interface{}) (*scorchIndex, error) {
	raw, err := os.ReadFile(filepath.Join(genDir, indexMetaFile))
	if err != nil {
		return nil, err
	}
	var meta indexMeta
	if err := json.Unmarshal(raw, &meta); err != nil {
		return nil, fmt.Errorf("%s: %w", indexMetaFile, err)
	}
	if meta.Storage != scorch.Name || meta.IndexType != scorch.Name {
		return nil, fmt.Errorf("%s: storage %q, index type %q: not a scorch index", indexMetaFile, meta.Storage, meta.IndexType)
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
	if ix.Index, err = scorch.NewScorch(scorch.Name, storeConfig, ix.queue); err == nil {
		err = ix.Index.Open()
	}
	if err != nil {
		ix.closeQueue()
		return nil, err
	}
	return ix, nil
}

// Close closes the index, then its analysis queue.
func (ix *scorchIndex) Close() error {
	err := ix.Index.Close()
	ix.closeQueue()
	return err
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
