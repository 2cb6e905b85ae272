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
// Layout, little-endian: "ZHSP", the count of paths n, the length of their
// text t; then the body, n+1 uint32 offsets into the t bytes that follow
// them, path i running from offset i to offset i+1, each path its headings
// joined by SectionSeparator; last the body's block checksums and the
// trailer (see blockTable). A hit's path is checked by blocks as it is
// read, as the place table is.
const (
	sectionsFile   = "sections.bin"
	sectionsMagic  = "ZHSP"
	sectionsHeader = 12
)

// A sectionTable is a generation's path table, mapped, its blocks checked
// as they are read.
type sectionTable struct {
	data   mmap.MMap
	n      uint32
	text   uint64 // where the paths' text starts in data
	end    uint64 // where it ends
	blocks *blockTable
}

// writeSections writes the path table of paths, numbered by their index,
// into the generation in genDir.
func writeSections(genDir string, paths []string) error {
	size := 0
	for _, p := range paths {
		size += len(p)
	}
	text := sectionsHeader + 4*(len(paths)+1) // where the paths' text starts
	if uint64(text)+uint64(size) > math.MaxUint32 {
		return fmt.Errorf("%d heading paths of %d bytes are too many", len(paths), size)
	}
	out := make([]byte, 0, sealedSize(sectionsHeader, uint64(text-sectionsHeader+size)))
	out = append(out, sectionsMagic...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(paths)))
	out = binary.LittleEndian.AppendUint32(out, uint32(size))
	at := uint32(0)
	out = binary.LittleEndian.AppendUint32(out, at)
	for _, p := range paths {
		at += uint32(len(p))
		out = binary.LittleEndian.AppendUint32(out, at)
	}
	for _, p := range paths {
		out = append(out, p...)
	}
	out = sealTable(out, sectionsHeader)
	return os.WriteFile(filepath.Join(genDir, sectionsFile), out, 0o644)
}

// mapSections maps the path table at path of a generation with the build
// record meta and checks its size and its trailer, the checksum of its
// header and block checksums; its blocks are checked as they are read.
func mapSections(path string, meta Meta) (*sectionTable, error) {
	data, err := mapSized(path, meta, sectionsHeader)
	if err != nil {
		return nil, err
	}
	t, err := decodeSections(data)
	if err != nil {
		data.Unmap()
		return nil, err
	}
	t.data = data
	return t, nil
}

// decodeSections checks the layout of a path table and its trailer.
func decodeSections(data []byte) (*sectionTable, error) {
	if len(data) < sectionsHeader || string(data[:4]) != sectionsMagic {
		return nil, errors.New("not a heading path table")
	}
	n := binary.LittleEndian.Uint32(data[4:])
	size := uint64(binary.LittleEndian.Uint32(data[8:]))
	text := sectionsHeader + 4*(uint64(n)+1)
	blocks, err := openBlockTable(data, sectionsHeader, text-sectionsHeader+size)
	if err != nil {
		return nil, fmt.Errorf("%d heading paths of %d bytes: %w", n, size, err)
	}
	return &sectionTable{n: n, text: text, end: text + size, blocks: blocks}, nil
}

// path returns heading path i, its bytes in the mapped table, once the
// blocks it is read from are checked.
func (t *sectionTable) path(i uint32) ([]byte, error) {
	if i >= t.n {
		return nil, fmt.Errorf("heading path %d of %d", i, t.n)
	}
	at := sectionsHeader + 4*int(i)
	if err := t.blocks.check(at, at+8); err != nil {
		return nil, err
	}
	from, to := binary.LittleEndian.Uint32(t.data[at:]), binary.LittleEndian.Uint32(t.data[at+4:])
	if from > to || t.text+uint64(to) > t.end {
		return nil, fmt.Errorf("heading path %d runs from %d to %d", i, from, to)
	}
	start, end := int(t.text)+int(from), int(t.text)+int(to)
	if err := t.blocks.check(start, end); err != nil {
		return nil, err
	}
	return t.data[start:end], nil
}

func (t *sectionTable) close() error {
	if t == nil {
		return nil
	}
	return t.data.Unmap()
}
