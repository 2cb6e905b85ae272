package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

const seedBytes = 4 << 10

func addSeeds(f *testing.F) {
	for _, s := range samples() {
		data, err := os.ReadFile(filepath.Join("testdata", s.file))
		if err != nil {
			f.Fatal(err)
		}
		// The head and a bit of the body hold every pattern; whole files
		// only slow down minimising.
		f.Add(data[:min(len(data), seedBytes)])
	}
	for _, s := range []string{
		"",
		"标题\r\n一、总则\r（一）不断创新,监管取得实效。各县…\n1.5亿元\n１．甲；\n①乙",
		"# 法\n2021年6月10日 通过\n<!-- INFO END -->\n## 第一章 总则\n第一条 下列：\n（一）甲；\n",
		"您的位置:\n首页\n>\n要闻\n要闻\n标题\n来源：\n日报\n——二〇二六年一月二十七日在会议上\n省长 王 某\n各位代表：\n相关阅读\n",
		"\ufeff\u3000\u200b\n#\n##\n第一章\n(一)\n（1）\n",
	} {
		f.Add([]byte(s))
	}
}

// FuzzDecode checks that Decode never panics, returns valid UTF-8, keeps
// valid UTF-8 input as it is, and fails only with one of its sentinels.
func FuzzDecode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		text, enc, err := Decode(data)
		if err != nil {
			if !errors.Is(err, ErrBinary) && !errors.Is(err, ErrUnknownEncoding) {
				t.Fatalf("Decode error %v wraps neither ErrBinary nor ErrUnknownEncoding", err)
			}
			return
		}
		if !utf8.ValidString(text) {
			t.Fatalf("Decode returned invalid UTF-8 (%s)", enc)
		}
		if enc == UTF8 && text != string(data) {
			t.Fatalf("Decode changed UTF-8 input")
		}
		if utf8.Valid(data) && !strings.ContainsRune(string(data), 0) && enc != UTF8 && enc != UTF8BOM && enc != UTF16LE && enc != UTF16BE {
			t.Fatalf("Decode took valid UTF-8 for %s", enc)
		}
	})
}

// FuzzParseText checks the invariants every Document keeps: paragraphs are
// numbered from 1, come from increasing lines, hold non-empty text found on
// their line, and headings nest no deeper than there are heading kinds.
func FuzzParseText(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		text := string(data)
		doc := ParseText("fuzz.txt", text)
		if doc.Title == "" {
			t.Errorf("empty Title")
		}
		if !validDateString(doc.Date) {
			t.Errorf("Date %q is not YYYY, YYYY-MM or YYYY-MM-DD", doc.Date)
		}
		lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), "\n")
		prevLine := 0
		for i, p := range doc.Paragraphs {
			if p.N != i+1 {
				t.Errorf("paragraph %d has N=%d", i+1, p.N)
			}
			if p.Text == "" || strings.ContainsAny(p.Text, "\r\n") || !strings.Contains(text, p.Text) {
				t.Errorf("¶%d text %q is empty, spans lines or is not in the input", p.N, p.Text)
			}
			if p.Line <= prevLine || p.Line > len(lines) {
				t.Errorf("¶%d is on line %d after line %d (of %d)", p.N, p.Line, prevLine, len(lines))
			} else if !strings.Contains(lines[p.Line-1], p.Text) {
				t.Errorf("¶%d text %q is not on its line %d %q", p.N, p.Text, p.Line, lines[p.Line-1])
			}
			prevLine = p.Line
			switch p.Kind {
			case KindTitle:
				if p.N != 1 || p.Text != doc.Title || p.Level != 0 || p.Section != nil {
					t.Errorf("title paragraph %+v", p)
				}
			case KindHeading:
				if p.Level != len(p.Section)+1 || p.Level > maxSectionDepth {
					t.Errorf("¶%d heading has level %d under %d headings", p.N, p.Level, len(p.Section))
				}
			case KindBody:
				if p.Level != 0 || len(p.Section) > maxSectionDepth {
					t.Errorf("¶%d body has level %d under %d headings", p.N, p.Level, len(p.Section))
				}
			default:
				t.Errorf("¶%d has kind %v", p.N, p.Kind)
			}
			for _, s := range p.Section {
				if s == "" {
					t.Errorf("¶%d has an empty heading in its section %q", p.N, p.Section)
				}
			}
		}
	})
}

func validDateString(d string) bool {
	if d == "" {
		return true
	}
	for i, r := range d {
		dash := i == 4 || i == 7
		if dash != (r == '-') || !dash && (r < '0' || r > '9') {
			return false
		}
	}
	return len(d) == 4 || len(d) == 7 || len(d) == 10
}
