package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

// testIndex is built once from the reference speech, the test corpus and
// the documents below; the tests only read it. testSegmenter built it.
var (
	testIndex     *index.Index
	testSegmenter *segment.Segmenter
)

// Documents the tests add to the corpus: one whose lines are HTML that
// would run script if a page ever treated text as HTML, and one whose
// matches come after characters outside the BMP (two UTF-16 units each in
// JavaScript, four bytes in UTF-8).
const (
	injectedKeyword = "注入测试"
	injectedScript  = `<script>window.xssFired = 1; alert("注入测试")</script>`
	injectedImg     = `<img src=x onerror="window.xssFired = 2; alert('注入测试')">`
	emojiKeyword    = "表情测试"
	emojiLine       = "😀𠮷表情测试，🇨🇳表情测试。"
)

var extraDocs = map[string]string{
	"injected.txt": "注入测试文档\n" + injectedScript + "\n" + injectedImg + "\n<b>注入测试</b>的第三段。\n",
	"emoji.txt":    "表情测试文档\n" + emojiLine + "\n",
}

func TestMain(m *testing.M) {
	os.Exit(func() int {
		dir, err := os.MkdirTemp("", "zhsearch-web-test")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		defer os.RemoveAll(dir)
		extra := filepath.Join(dir, "extra")
		if err := os.Mkdir(extra, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		for name, text := range extraDocs {
			if err := os.WriteFile(filepath.Join(extra, name), []byte(text), 0o644); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 2
			}
		}
		seg, err := segment.New(segment.Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, "segmenter:", err)
			return 2
		}
		testSegmenter = seg
		ixDir := filepath.Join(dir, "index")
		paths := []string{"../testdata/speech.txt", "../testdata/corpus", extra}
		if _, err := index.Update(context.Background(), ixDir, seg, paths, index.UpdateOptions{}); err != nil {
			fmt.Fprintln(os.Stderr, "building the test index:", err)
			return 2
		}
		testIndex, err = index.Open(ixDir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "opening the test index:", err)
			return 2
		}
		defer testIndex.Close()
		return m.Run()
	}())
}
