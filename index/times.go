package index

import (
	"encoding/json"
	"os"
	"path/filepath"
	"unicode/utf8"
)

// The time cache (TIMES, beside the generations) keeps the modification
// times that files have now when only their times changed since the live
// generation recorded them: touching a folder then writes no generation,
// and the next update does not hash those files again. It is only a cache:
// an entry counts only for the generation it names and only while the
// file's size, time and the recorded content hash all agree, so a missing,
// stale or damaged cache costs a re-hash, never a wrong answer. Searches
// never read it.
const timesFile = "TIMES"

// fileTime is what the time cache knows of a file whose content is the
// live generation's.
type fileTime struct {
	Size    int64  `json:"size"`
	ModTime int64  `json:"mtime"` // Unix nanoseconds
	SHA256  string `json:"sha256"`
}

type timesJSON struct {
	Generation string              `json:"generation"`
	Files      map[string]fileTime `json:"files"` // by absolute path
}

// readTimes returns the time cache of generation gen of the index in dir:
// empty when there is none, or it was written for another generation or
// cannot be read.
func readTimes(dir, gen string) map[string]fileTime {
	var t timesJSON
	raw, err := os.ReadFile(filepath.Join(dir, timesFile))
	if err != nil || gen == "" || json.Unmarshal(raw, &t) != nil || t.Generation != gen || t.Files == nil {
		return map[string]fileTime{}
	}
	return t.Files
}

// writeTimes replaces the time cache with files, for generation gen. It is
// written as CURRENT is, whole or not at all; a failure leaves the old
// cache, which only costs a re-hash.
func writeTimes(dir, gen string, files map[string]fileTime) {
	t := timesJSON{Generation: gen, Files: map[string]fileTime{}}
	for abs, ft := range files {
		// JSON would change bytes that are not UTF-8, and the entry
		// then name another path.
		if utf8.ValidString(abs) {
			t.Files[abs] = ft
		}
	}
	raw, err := json.Marshal(t)
	if err != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, timesFile+".*")
	if err != nil {
		return
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(raw)
	if cerr := tmp.Close(); err != nil || cerr != nil {
		return
	}
	replaceFile(tmp.Name(), filepath.Join(dir, timesFile))
}
