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
// numbered from 1, come from increasing lines, hold non-empty text made of
// their lines (trimmed, joined as JoinLines joins them, a Markdown heading
// without its markers), and headings nest no deeper than there are heading
// kinds.
func FuzzParseText(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		text := string(data)
		doc := ParseText("fuzz.txt", text)
		if doc.Title == "" {
			t.Errorf("empty Title")
		}
		for _, d := range []string{doc.Date, doc.Effective} {
			if !validDateString(d) {
				t.Errorf("date %q is not YYYY, YYYY-MM or YYYY-MM-DD", d)
			}
		}
		lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), "\n")
		prevLine, titles := 0, 0
		for i, p := range doc.Paragraphs {
			if p.N != i+1 {
				t.Errorf("paragraph %d has N=%d", i+1, p.N)
			}
			if p.Line <= prevLine || p.EndLine < p.Line || p.EndLine > len(lines) {
				t.Errorf("¶%d is on lines %d-%d after line %d (of %d)", p.N, p.Line, p.EndLine, prevLine, len(lines))
			} else if p.Text == "" || !madeOfLines(p.Text, lines[p.Line-1:p.EndLine]) {
				t.Errorf("¶%d text %q is not made of its lines %d-%d %q", p.N, p.Text, p.Line, p.EndLine, lines[p.Line-1:p.EndLine])
			}
			prevLine = p.EndLine
			switch p.Kind {
			case KindTitle:
				titles++
				if titles > 1 || p.Level != 0 || p.Section != nil {
					t.Errorf("title paragraph %+v", p)
				}
				for _, q := range doc.Paragraphs[:i] {
					if q.Kind != KindMeta {
						t.Errorf("¶%d %s comes before the title ¶%d", q.N, q.Kind, p.N)
					}
				}
			case KindHeading:
				if p.Level != len(p.Section)+1 || p.Level > maxSectionDepth {
					t.Errorf("¶%d heading has level %d under %d headings", p.N, p.Level, len(p.Section))
				}
			case KindBody, KindMeta:
				if p.Level != 0 || len(p.Section) > maxSectionDepth {
					t.Errorf("¶%d %s has level %d under %d headings", p.N, p.Kind, p.Level, len(p.Section))
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

// madeOfLines reports whether text is the first of lines, trimmed (or its
// Markdown heading's text), followed by some of the others, in order, each
// joined as JoinLines joins them.
func madeOfLines(text string, lines []string) bool {
	rest := text
	prev := ""
	for i, l := range lines {
		l = trimSpace(l)
		if _, h, ok := markdownHeading(l); ok && i == 0 {
			l = h
		}
		if l == "" {
			continue
		}
		if after, ok := strings.CutPrefix(rest, joinSeparatorIf(prev, l)+l); ok && (prev != "" || i == 0) {
			rest, prev = after, l
		} else if i == 0 {
			return false
		}
	}
	return rest == ""
}

func joinSeparatorIf(prev, l string) string {
	if prev == "" {
		return ""
	}
	return joinSeparator(prev, l)
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

// FuzzJoinLines checks that JoinLines neither drops nor reorders text: its
// paragraphs are the non-empty trimmed lines, in order, each paragraph a
// run of consecutive ones joined as joinSeparator says.
func FuzzJoinLines(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := strings.Split(string(data), "\n")
		var want []string
		for _, l := range lines {
			if l = trimSpace(l); l != "" {
				want = append(want, l)
			}
		}
		got := JoinLines(lines)
		k := 0
		for _, p := range got {
			if p == "" {
				t.Fatalf("empty paragraph")
			}
			rest, prev := p, ""
			for k < len(want) && rest != "" {
				sep := ""
				if prev != "" {
					sep = joinSeparator(prev, want[k])
				}
				after, ok := strings.CutPrefix(rest, sep+want[k])
				if !ok {
					t.Fatalf("paragraph %q is not made of lines %q…", p, want[k:min(k+3, len(want))])
				}
				rest, prev = after, want[k]
				k++
			}
			if rest != "" {
				t.Fatalf("paragraph %q has %q left over", p, rest)
			}
		}
		if k != len(want) {
			t.Fatalf("%d of %d lines in the paragraphs", k, len(want))
		}
	})
}
