package extract

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// A sample is a real document copied into testdata under an ASCII name;
// name is what it was called in the corpus, which Parse sees.
type sample struct {
	file   string // in testdata
	name   string // as Parse sees it
	shared string // the UTF-8 original under /work/shared/corpus, for re-encoded samples
}

func samples() []sample {
	return []sample{
		{file: "speech.txt", name: "speech.txt"},
		{file: "law-gongyi.md", name: "公益事业捐赠法(1999-06-28).md"},
		{file: "national-1958.txt", name: "1958_1958年中华人民共和国国务院政府工作报告.txt"},
		{file: "provincial-hebei.txt", name: "河北省.txt"},
		{file: "gb18030-shanxi.txt", name: "山西省.txt", shared: "reports/provincial-2026/山西省.txt"},
		// A national and a provincial report whose lines break inside 《…》.
		{file: "national-2004.txt", name: "reports/national/2004_2004年中华人民共和国国务院政府工作报告.txt"},
		{file: "provincial-yunnan.txt", name: "reports/provincial-2026/云南省.txt"},
		// A 国务院 opinion as gov.cn shows it: its label block, 发文字号 and 落款
		// (the text of formats/html/govcn_content_5365945_fragment.html).
		{file: "notice-guofa-2019-5.txt", name: "国务院关于在市场监管领域全面推行部门联合双随机一公开监管的意见.txt"},
	}
}

// sharedCorpus is where the project's shared corpus lives in the workspace;
// tests that need it skip in a plain clone.
const sharedCorpus = "../../../shared/corpus"

func readSample(t testing.TB, s sample) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", s.file))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestGolden parses each sample and compares a readable rendering of the
// result with testdata/<file>.golden. The golden files are the spec: review
// them by eye after go test -update.
func TestGolden(t *testing.T) {
	for _, s := range samples() {
		t.Run(s.file, func(t *testing.T) {
			doc, err := Parse(s.name, readSample(t, s))
			if err != nil {
				t.Fatal(err)
			}
			got := render(s, doc)
			golden := filepath.Join("testdata", strings.TrimSuffix(s.file, filepath.Ext(s.file))+".golden")
			if *update {
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
				t.Errorf("Parse(%q) differs from %s (-want +got):\n%s", s.name, golden, diff)
			}
		})
	}
}

// render writes the metadata, then one line per paragraph:
// "¶N L<line> [kind/level] section › path | text", text cut to 40 runes.
func render(s sample, doc *Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "file: %s\nname: %s\n", s.file, s.name)
	fmt.Fprintf(&b, "encoding: %s\ntitle: %s\ndate: %s\neffective: %s\nsource: %s\nspeaker: %s\n",
		doc.Encoding, doc.Title, doc.Date, doc.Effective, doc.Source, doc.Speaker)
	fmt.Fprintf(&b, "issuer: %s\nnumber: %s\ntype: %s\nregion: %s\nforce: %s\nstatus: %s\nparagraphs: %d\n\n",
		doc.Issuer, doc.Number, doc.Type, doc.Region, doc.Force, doc.Status, len(doc.Paragraphs))
	for _, p := range doc.Paragraphs {
		kind := p.Kind.String()
		if p.Kind == KindHeading {
			kind = fmt.Sprintf("%s/%d", kind, p.Level)
		}
		lines := fmt.Sprintf("L%d", p.Line)
		if p.EndLine != p.Line {
			lines = fmt.Sprintf("L%d-%d", p.Line, p.EndLine)
		}
		fmt.Fprintf(&b, "¶%d %s [%s]", p.N, lines, kind)
		if len(p.Section) > 0 {
			fmt.Fprintf(&b, " %s", strings.Join(p.Section, " › "))
		}
		fmt.Fprintf(&b, " | %s\n", cut(p.Text, 40))
	}
	return b.String()
}

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return prefixRunes(s, n) + "…"
}

// TestGB18030MatchesOriginal checks that a GB18030 file parses to the same
// document as the UTF-8 file it was re-encoded from.
func TestGB18030MatchesOriginal(t *testing.T) {
	for _, s := range samples() {
		if s.shared == "" {
			continue
		}
		t.Run(s.file, func(t *testing.T) {
			original, err := os.ReadFile(filepath.Join(sharedCorpus, s.shared))
			if os.IsNotExist(err) {
				t.Skipf("%s is not here (it is outside the repository)", s.shared)
			}
			if err != nil {
				t.Fatal(err)
			}
			want, err := Parse(s.name, original)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(s.name, readSample(t, s))
			if err != nil {
				t.Fatal(err)
			}
			if want.Encoding != UTF8 || got.Encoding != GB18030 {
				t.Errorf("encodings: original %s, re-encoded %s; want %s and %s", want.Encoding, got.Encoding, UTF8, GB18030)
			}
			got.Encoding = want.Encoding
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("GB18030 %s parses differently from its UTF-8 original (-want +got):\n%s", s.file, diff)
			}
		})
	}
}

// readTestdata returns a file of testdata as text.
func readTestdata(file string) (string, error) {
	data, err := os.ReadFile(filepath.Join("testdata", file))
	return string(data), err
}
