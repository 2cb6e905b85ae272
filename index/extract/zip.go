package extract

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxZipMember bounds what one member of a DOCX or OFD file may inflate to,
// so a zip bomb is refused rather than filling memory.
const maxZipMember = 64 << 20

// zipFile is a DOCX or OFD package.
type zipFile struct {
	kind   Format
	byName map[string]*zip.File // by name, and lower-case name
}

func openZip(kind Format, data []byte) (*zipFile, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%s: not a zip file (%v): %w", kind, err, ErrBadFile)
	}
	z := &zipFile{kind: kind, byName: map[string]*zip.File{}}
	for _, f := range zr.File {
		name := strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/")
		z.byName[name] = f
		if _, ok := z.byName[strings.ToLower(name)]; !ok {
			z.byName[strings.ToLower(name)] = f
		}
	}
	return z, nil
}

// errNoMember: the package has no such member.
var errNoMember = errors.New("no such member")

// read returns a member's bytes; name is matched exactly, then ignoring
// case (OFD writers differ in the case of Doc_0/Content.xml).
func (z *zipFile) read(name string) ([]byte, error) {
	name = strings.TrimPrefix(name, "/")
	f, ok := z.byName[name]
	if !ok {
		f, ok = z.byName[strings.ToLower(name)]
	}
	if !ok {
		return nil, fmt.Errorf("%s: %s: %w", z.kind, name, errNoMember)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %v: %w", z.kind, name, err, ErrBadFile)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxZipMember+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %v: %w", z.kind, name, err, ErrBadFile)
	}
	if len(data) > maxZipMember {
		return nil, fmt.Errorf("%s: %s inflates to more than %d MiB: %w", z.kind, name, maxZipMember>>20, ErrBadFile)
	}
	return data, nil
}
