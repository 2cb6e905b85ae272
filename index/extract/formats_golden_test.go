package extract

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFormatsGolden reads every file of ../shared/corpus/formats and
// compares what zhsearch reads from it — metadata, paragraph count, the
// first and last paragraphs — or the reason it is not indexed, with
// testdata/formats/<dir>/<file>.golden. The golden files were reviewed
// against the originals (the page in a browser, the document in Word,
// the PDF in a viewer, the OFD in an OFD reader); rewrite them with
// go test -update and review the diff.
func TestFormatsGolden(t *testing.T) {
	skipUnderRace(t)
	root := filepath.Join(sharedCorpus, "formats")
	files, _ := filepath.Glob(filepath.Join(root, "*", "*"))
	if len(files) == 0 {
		t.Skip("../shared/corpus/formats is not here")
	}
	for _, file := range files {
		rel, _ := filepath.Rel(root, file)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Parse(filepath.Base(file), data)
			var te *ToolError
			if errors.As(err, &te) {
				t.Skipf("%v", err)
			}
			got := renderFormat(doc, err)
			golden := filepath.Join("testdata", "formats", rel+".golden")
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s differs from %s (-want +got):\n%s", rel, golden, diff)
			}
		})
	}
}

// renderFormat writes a document's metadata, its paragraph count and its
// first and last five paragraphs (text cut to 60 runes), or the error.
func renderFormat(doc *Document, err error) string {
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "format: %s (%s)\ntitle: %s\ndate: %s\nsource: %s\nspeaker: %s\n",
		doc.Format, doc.Encoding, doc.Title, doc.Date, doc.Source, doc.Speaker)
	fmt.Fprintf(&b, "official: issuer=%s number=%s type=%s region=%s effective=%s force=%s status=%s\n",
		doc.Issuer, doc.Number, doc.Type, doc.Region, doc.Effective, doc.Force, doc.Status)
	for _, f := range doc.Fields {
		fmt.Fprintf(&b, "field %s: %s\n", f.Name, cutRunes(f.Value, 60))
	}
	fmt.Fprintf(&b, "paragraphs: %d\n", len(doc.Paragraphs))
	for i, p := range doc.Paragraphs {
		if i == 5 && len(doc.Paragraphs) > 10 {
			b.WriteString("…\n")
		}
		if i >= 5 && i < len(doc.Paragraphs)-5 {
			continue
		}
		fmt.Fprintf(&b, "¶%d [%s/%d] %s | %s\n", p.N, p.Kind, p.Level, strings.Join(p.Section, " › "), cutRunes(p.Text, 60))
	}
	return b.String()
}

func cutRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// BenchmarkParseFormats reads every file of each folder of
// ../shared/corpus/formats and reports MB/s of source files: what each
// reader costs before indexing (pdftotext, antiword included).
func BenchmarkParseFormats(b *testing.B) {
	for _, format := range []string{"html", "docx", "pdf", "ofd", "doc"} {
		files, _ := filepath.Glob(filepath.Join(sharedCorpus, "formats", format, "*"))
		if len(files) == 0 {
			continue
		}
		var data [][]byte
		var size int64
		for _, f := range files {
			d, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			data = append(data, d)
			size += int64(len(d))
		}
		b.Run(format, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for i, d := range data {
					Parse(filepath.Base(files[i]), d)
				}
			}
		})
	}
}
