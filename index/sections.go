package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/blevesearch/mmap-go"
)

// The path table of a generation holds each distinct heading path of its
// paragraphs once; the place table gives each paragraph's by number (see
// places.go). Stored in each paragraph's document, the paths took 0.5 MiB
// of the reports' 39 MiB index, for the 0.1 MiB of the table: the
// paragraphs under one heading share theirs.
//
// Layout, little-endian: "ZHSP", the count of paths n, then n+1 uint32
// offsets into the bytes that follow them, path i running from offset i to
// offset i+1; each path is its headings joined by SectionSeparator. The
// file is verified whole when it is mapped, as the place table is.
const (
	sectionsFile   = "sections.bin"
	sectionsMagic  = "ZHSP"
	sectionsHeader = 8
)

// A sectionTable is a generation's path table, mapped.
type sectionTable struct {
	data mmap.MMap
	n    uint32
}

// writeSections writes the path table of paths, numbered by their index,
// into the generation in genDir.
func writeSections(genDir string, paths []string) error {
	size := 0
	for _, p := range paths {
		size += len(p)
	}
	header := sectionsHeader + 4*(len(paths)+1)
	if uint64(header)+uint64(size) > math.MaxUint32 {
		return fmt.Errorf("%d heading paths of %d bytes are too many", len(paths), size)
	}
	out := make([]byte, 0, header+size)
	out = append(out, sectionsMagic...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(paths)))
	at := uint32(0)
	out = binary.LittleEndian.AppendUint32(out, at)
	for _, p := range paths {
		at += uint32(len(p))
		out = binary.LittleEndian.AppendUint32(out, at)
	}
	for _, p := range paths {
		out = append(out, p...)
	}
	return os.WriteFile(filepath.Join(genDir, sectionsFile), out, 0o644)
}

// mapSections maps and checks the path table at path of a generation with
// the build record meta.
func mapSections(path string, meta Meta) (*sectionTable, error) {
	data, err := mapVerified(path, meta, sectionsHeader)
	if err != nil {
		return nil, err
	}
	n := binary.LittleEndian.Uint32(data[4:])
	switch {
	case string(data[:4]) != sectionsMagic:
		err = errors.New("not a heading path table")
	case uint64(len(data)) < sectionsHeader+4*(uint64(n)+1):
		err = fmt.Errorf("%d bytes for %d heading paths", len(data), n)
	}
	if err != nil {
		data.Unmap()
		return nil, err
	}
	return &sectionTable{data: data, n: n}, nil
}

// path returns heading path i, its bytes in the mapped table.
func (t *sectionTable) path(i uint32) ([]byte, error) {
	if i >= t.n {
		return nil, fmt.Errorf("heading path %d of %d", i, t.n)
	}
	at := sectionsHeader + 4*uint64(i)
	from, to := binary.LittleEndian.Uint32(t.data[at:]), binary.LittleEndian.Uint32(t.data[at+4:])
	text := uint64(sectionsHeader + 4*(uint64(t.n)+1))
	if from > to || text+uint64(to) > uint64(len(t.data)) {
		return nil, fmt.Errorf("heading path %d runs from %d to %d", i, from, to)
	}
	return t.data[text+uint64(from) : text+uint64(to)], nil
}

func (t *sectionTable) close() error {
	if t == nil {
		return nil
	}
	return t.data.Unmap()
}
