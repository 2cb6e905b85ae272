package index

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/zhsearch/zhsearch/index/extract"
)

func underAny(abs string, roots []string) bool {
	for _, r := range roots {
		if abs == r || strings.HasPrefix(abs, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// isDocumentFile reports whether a file found in a folder is indexed: text
// and Markdown, and every format extract reads.
func isDocumentFile(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".txt" || ext == ".md" || extract.FormatOf(name) != extract.FormatText
}

// collect lists the files under paths. Folders are walked without following
// symbolic links to folders (so link loops cannot trap it); files named
// directly are taken whatever their extension. It returns the files and the
// absolute roots that were readable.
func (u *updater) collect(paths []string) ([]sourceFile, []string) {
	var files []sourceFile
	var roots []string
	seen := map[string]bool{}
	add := func(path string, info fs.FileInfo) {
		abs, err := filepath.Abs(path)
		if err != nil {
			u.skip(path, err)
			return
		}
		if seen[abs] {
			return
		}
		seen[abs] = true
		if u.opts.RelativeTo != "" {
			if rel, err := filepath.Rel(u.opts.RelativeTo, path); err == nil {
				path = rel
			}
		}
		files = append(files, sourceFile{path: DocPath(path), abs: abs, info: info})
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			u.skip(root, unwrapPathError(err))
			continue
		}
		abs, err := filepath.Abs(root)
		if err != nil {
			u.skip(root, err)
			continue
		}
		roots = append(roots, abs)
		if !info.IsDir() {
			if info.Mode().IsRegular() {
				add(root, info)
			} else {
				u.skip(root, errNotRegular)
			}
			continue
		}
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				u.skip(path, unwrapPathError(err))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			link := d.Type()&fs.ModeSymlink != 0
			switch {
			case d.IsDir():
				return nil
			case !link && !d.Type().IsRegular():
				// A FIFO, socket or device: never opened (opening a
				// FIFO waits for a writer), whatever its name.
				u.skip(path, errNotRegular)
				return nil
			case !link && !isDocumentFile(d.Name()):
				return nil
			}
			info, err := os.Stat(path) // follows a link, without opening it
			if err != nil {
				if isDocumentFile(d.Name()) {
					u.skip(path, unwrapPathError(err))
				}
				return nil
			}
			switch {
			case info.IsDir():
				// Links to folders are not followed: no loops.
			case !info.Mode().IsRegular():
				u.skip(path, errNotRegular)
			case isDocumentFile(d.Name()):
				add(path, info)
			}
			return nil
		})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	return files, roots
}

// DocPath is a document's path as the index stores and matches it: with
// forward slashes on every system, as git writes paths, so that an index
// built on Linux (a CI job) answers on Windows, and so that on Windows a
// path typed with either separator names the same document. (On other
// systems a backslash is a character of a file name and is kept.)
func DocPath(path string) string { return filepath.ToSlash(path) }

// errNotRegular is why a FIFO, socket or device is skipped.
var errNotRegular = errors.New("not a regular file")

// unwrapPathError drops the path from an *fs.PathError, which Skip names
// already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (u *updater) skip(path string, err error) {
	u.report.Skipped = append(u.report.Skipped, Skip{Path: path, Err: err})
}
