package extract

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// readLegacy reads a Word 97–2003 .doc or a Kingsoft .wps file (the same
// compound binary format) through the first converter that is installed
// and reads it: antiword, catdoc, or LibreOffice's soffice. Each line of
// their output is a paragraph; Word's PAGE fields ("–– PAGE 4 ––") are
// dropped.
func readLegacy(name string, data []byte) (*reading, error) {
	if !bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return nil, fmt.Errorf("doc: not a Word 97-2003 or WPS file (no compound file header): %w", ErrBadFile)
	}
	dir, err := os.MkdirTemp("", "zhsearch-doc-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "input"+strings.ToLower(filepath.Ext(name)))
	if err := os.WriteFile(file, data, 0o600); err != nil {
		return nil, err
	}
	converters := []struct {
		tool, pkg string
		args      []string
	}{
		{"antiword", "antiword", []string{"-m", "UTF-8.txt", "-w", "0", file}},
		{"catdoc", "catdoc", []string{"-w", "-d", "utf-8", file}},
		{"soffice", "libreoffice-writer", []string{"--headless", "--cat", file}},
	}
	var errs []error
	installed := false
	for _, c := range converters {
		out, err := runTool(c.tool, c.pkg, nil, c.args...)
		var te *ToolError
		if errors.As(err, &te) {
			continue
		}
		installed = true
		if err != nil {
			errs = append(errs, err)
			continue
		}
		r, err := legacyLines(out)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.tool, err))
			continue
		}
		return r, nil
	}
	if !installed {
		return nil, &ToolError{Tool: "antiword, catdoc or soffice", Package: "antiword or catdoc, or LibreOffice"}
	}
	return nil, fmt.Errorf("doc: %w", errors.Join(errs...))
}

func legacyLines(out []byte) (*reading, error) {
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	text := string(out)
	if err := checkGarbled(text); err != nil {
		return nil, err
	}
	r := &reading{encoding: UTF8}
	for _, l := range strings.Split(text, "\n") {
		l = strings.Join(strings.Fields(strings.ReplaceAll(l, "\f", " ")), " ")
		if isPageNumber(strings.ReplaceAll(l, "PAGE", "")) || hasControl(l) {
			continue
		}
		r.add(closeLetterSpacing(l), 0)
	}
	return r, nil
}

// hasControl reports characters a converter let through from the binary:
// controls and private-use characters, and the odd CJK Extension A and
// enclosed characters catdoc makes of field records ("⑇䠀$᐀").
func hasControl(l string) bool {
	for _, r := range l {
		if r < 0x20 && r != '\t' || r >= 0xE000 && r <= 0xF8FF || r == utf8.RuneError ||
			r >= 0x3400 && r <= 0x4DBF || r >= 0x1400 && r <= 0x167F {
			return true
		}
	}
	return false
}
