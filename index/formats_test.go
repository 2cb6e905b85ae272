package index_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/index/extract"
)

// TestFormatsWithoutConverters builds an index from a folder of a web page,
// a PDF, a DOC and a broken DOCX on a machine without pdftotext or antiword:
// the page is indexed, and every other file is named with its reason —
// the package to install, or what is wrong with it — without stopping the
// build.
func TestFormatsWithoutConverters(t *testing.T) {
	src := t.TempDir()
	files := map[string]string{
		"通知.html":  `<html><head><meta charset="utf-8"><title>关于开展检查的通知</title></head><body><div id="zoom"><p>各单位：</p><p>现开展安全生产检查。</p></div></body></html>`,
		"附件.pdf":   "%PDF-1.4\n%%EOF\n",
		"旧文件.doc":  "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + string(make([]byte, 504)),
		"坏文件.docx": "not a zip",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(src, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	seg(t) // loads the dictionary before PATH is emptied
	t.Setenv("PATH", t.TempDir())
	dir := t.TempDir()
	rep := update(t, dir, []string{src}, index.UpdateOptions{})
	if rep.Added != 1 {
		t.Errorf("added %d documents, want the web page only", rep.Added)
	}
	reasons := map[string]error{}
	for _, s := range rep.Skipped {
		reasons[filepath.Base(s.Path)] = s.Err
	}
	var te *extract.ToolError
	if err := reasons["附件.pdf"]; !errors.As(err, &te) || te.Package != "poppler-utils" {
		t.Errorf("附件.pdf: %v; want pdftotext missing, naming poppler-utils", err)
	}
	if err := reasons["旧文件.doc"]; !errors.As(err, &te) {
		t.Errorf("旧文件.doc: %v; want the converters missing", err)
	}
	if err := reasons["坏文件.docx"]; !errors.Is(err, extract.ErrBadFile) {
		t.Errorf("坏文件.docx: %v; want ErrBadFile", err)
	}
	if rep.Paragraphs != 2 {
		t.Errorf("%d paragraphs written, want the web page's 2", rep.Paragraphs)
	}
}
