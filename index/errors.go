package index

import "errors"

// Errors that callers may need to tell apart. They are wrapped with detail.
var (
	// ErrNotExist: there is no index at the path.
	ErrNotExist = errors.New("no index here")
	// ErrNotIndex: the path holds something that is not a zhsearch index.
	ErrNotIndex = errors.New("not a zhsearch index")
	// ErrLocked: another process is writing the index.
	ErrLocked = errors.New("index is locked by another process")
	// ErrNeedsRebuild: the index was built by another format or segmenter.
	ErrNeedsRebuild = errors.New("index needs a rebuild")
	// ErrDamaged: files inside the index are missing, cut or changed. The
	// message names the file: "index is damaged: FILE: why".
	ErrDamaged = errors.New("index is damaged")
)
