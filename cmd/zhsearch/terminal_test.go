package main

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/pflag"
)

func TestSafe(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"Chinese text is as it is", "关于安全生产的通知（一）", "关于安全生产的通知（一）"},
		{"an OSC sequence that retitles the window", "关于\x1b]0;pwned\a通知", `关于\x1b]0;pwned\a通知`},
		{"a screen clear", "总体\x1b[2J要求", `总体\x1b[2J要求`},
		{"DEL and backspace", "删除\x7f退格\b", `删除\x7f退格\b`},
		{"C1 CSI, U+009B", "a\u009b31m", `a\u009b31m`},
		{"bidi override and isolate", "x\u202eabc\u2066y\u2069", `x\u202eabc\u2066y\u2069`},
		{"tab and newline in a one-line field", "a\tb\nc", `a\tb\nc`},
		{"a byte that is not UTF-8", "bad\xff.txt", `bad\xff.txt`},
		{"U+FFFD itself is printable", "a\uFFFDb", "a\uFFFDb"},
		{"a zero-width space is not a control", "安\u200b全", "安\u200b全"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := safe(tt.in); got != tt.want {
				t.Errorf("safe(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestEscapeRunsKeepsLines(t *testing.T) {
	var got []string
	escapeRuns("一\t二\n三\x1b[0m", true, func(run string, esc bool) {
		if esc {
			run = "<" + run + ">"
		}
		got = append(got, run)
	})
	if diff := cmp.Diff([]string{"一\t二\n三", `<\x1b>`, "[0m"}, got); diff != "" {
		t.Errorf("runs (-want +got):\n%s", diff)
	}
}

// The wants are what GNU ls 9.1 prints with --quoting-style=shell-escape
// (its default on a terminal), but for braces (see shellQuote).
func TestShellQuote(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX quoting; Windows names are put in double quotes")
	}
	tests := []struct{ in, want string }{
		{"plain-name_1.txt", "plain-name_1.txt"},
		{"dir/2024年报告.txt", "dir/2024年报告.txt"},
		{"a b.txt", "'a b.txt'"},
		{"安全 生产.txt", "'安全 生产.txt'"},
		{"it's.txt", `"it's.txt"`},
		{"it's $x", `'it'\''s $x'`},
		{"a\nb.txt", `'a'$'\n''b.txt'`},
		{"a\x1bb.txt", `'a'$'\033''b.txt'`},
		{"\abell", `''$'\a''bell'`},
		{"tab\there", `'tab'$'\t''here'`},
		{"bad\xff.txt", `'bad'$'\377''.txt'`},
		{"a\n", `'a'$'\n'`},
		{"x\u202eabc", `'x'$'\342\200\256''abc'`},
		{"a$b", "'a$b'"},
		{"a*b", "'a*b'"},
		{"[x]", "'[x]'"},
		{"a!b", "'a!b'"},
		{"a=b", "'a=b'"},
		{"~home", "'~home'"},
		{"a~b", "a~b"},
		{"#x", "'#x'"},
		{"a#b", "a#b"},
		{"a%b,c+d:e@f]g", "a%b,c+d:e@f]g"},
		{"x{a,b}", "'x{a,b}'"},
		{"", "''"},
	}
	for _, tt := range tests {
		if got := shellQuote(tt.in); got != tt.want {
			t.Errorf("shellQuote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestShellQuoteInBash pastes quoted names into a real shell.
func TestShellQuoteInBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil || runtime.GOOS == "windows" {
		t.Skip("no bash")
	}
	for _, name := range []string{"a b.txt", "it's $x", "a\nb.txt", "a\x1b]0;x\a.txt", "bad\xff\xfe.txt", "x\u202e\u2066y", "'", "\"$`\\!", "x{a,b}", "~", "#", "*"} {
		out, err := exec.Command(bash, "-c", "printf %s "+shellQuote(name)).Output()
		if err != nil || string(out) != name {
			t.Errorf("bash reads %s as %q (%v), want %q", shellQuote(name), out, err, name)
		}
	}
}

// FuzzShellQuote checks that whatever a file name holds, its quoted form is
// valid UTF-8 with nothing a terminal acts on, and reads back as the name.
func FuzzShellQuote(f *testing.F) {
	for _, s := range []string{"a b", "it's", "a\nb", "\xff", "\x1b[2J", "\u202e", "安全", "x{a}", "''"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		q := shellQuote(name)
		if !utf8.ValidString(q) || !isSafe(q) {
			t.Fatalf("shellQuote(%q) = %q: not safe for a terminal", name, q)
		}
		if runtime.GOOS == "windows" {
			return
		}
		if got, ok := shellUnquote(q); !ok || got != name {
			t.Fatalf("shellQuote(%q) = %s reads back as %q (ok %v)", name, q, got, ok)
		}
	})
}

// shellUnquote reads a word as a POSIX shell (bash, for $'...') would, for
// the forms shellQuote writes.
func shellUnquote(s string) (string, bool) {
	var b strings.Builder
	first := true
	for ; s != ""; first = false {
		switch {
		case strings.HasPrefix(s, "$'"):
			end := strings.IndexByte(s[2:], '\'')
			if end < 0 {
				return "", false
			}
			body := s[2 : 2+end]
			s = s[3+end:]
			for body != "" {
				if body[0] != '\\' || len(body) < 2 {
					b.WriteByte(body[0])
					body = body[1:]
					continue
				}
				if c, ok := map[byte]byte{'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v'}[body[1]]; ok {
					b.WriteByte(c)
					body = body[2:]
					continue
				}
				if len(body) < 4 {
					return "", false
				}
				n, err := strconv.ParseUint(body[1:4], 8, 8)
				if err != nil {
					return "", false
				}
				b.WriteByte(byte(n))
				body = body[4:]
			}
		case s[0] == '\'':
			end := strings.IndexByte(s[1:], '\'')
			if end < 0 {
				return "", false
			}
			b.WriteString(s[1 : 1+end])
			s = s[2+end:]
		case s[0] == '"':
			end := strings.IndexByte(s[1:], '"')
			if end < 0 || strings.ContainsAny(s[1:1+end], "$`\\!") {
				return "", false
			}
			b.WriteString(s[1 : 1+end])
			s = s[2+end:]
		case s[0] == '\\' && len(s) > 1:
			b.WriteByte(s[1])
			s = s[2:]
		default:
			if strings.ContainsRune(" \t\n$`\"!*?[{}()<>|&;=", rune(s[0])) || first && strings.ContainsRune("~#", rune(s[0])) {
				return "", false // would be special unquoted
			}
			b.WriteByte(s[0])
			s = s[1:]
		}
	}
	return b.String(), true
}

func TestJSONWriterEscapesWhatJSONLeaves(t *testing.T) {
	in := struct {
		Text string `json:"text"`
	}{"安全\x1b[2J\x7f\u009b\u202e生产\u2028"}
	var out bytes.Buffer
	if err := newJSONWriter(&out).Encode(in); err != nil {
		t.Fatal(err)
	}
	want := `{"text":"安全\u001b[2J\u007f\u009b\u202e生产\u2028"}` + "\n"
	if out.String() != want {
		t.Errorf("got  %s\nwant %s", out.String(), want)
	}
	var back struct {
		Text string `json:"text"`
	}
	if err := json.Unmarshal(out.Bytes(), &back); err != nil || back != in {
		t.Errorf("reads back as %q (%v), want %q", back.Text, err, in.Text)
	}
}

func TestTruncateWidth(t *testing.T) {
	tests := []struct {
		in   string
		cols int
		want string
	}{
		{"short", 10, "short"},
		{"merging the index into one segment", 20, "merging the index i…"},
		{"非煤矿山关闭退出", 9, "非煤矿山…"}, // 4 wide characters and the ellipsis
		{"非煤矿山", 8, "非煤矿山"},
		{"█░ 5/10 files", 6, "█░ 5/…"},
	}
	for _, tt := range tests {
		got := truncateWidth(tt.in, tt.cols)
		if got != tt.want || stringWidth(got) > tt.cols {
			t.Errorf("truncateWidth(%q, %d) = %q (%d columns), want %q", tt.in, tt.cols, got, stringWidth(got), tt.want)
		}
	}
}

func TestMoveTerms(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    []string
		wantErr string
	}{
		{"an exclusion of a Chinese word is a term", []string{"生产", "-安全"}, []string{"--", "生产", "-安全"}, ""},
		{"flags before and after keep their values", []string{"--limit", "3", "生产", "-安全", "-n", "5", "--json"}, []string{"--limit", "3", "-n", "5", "--json", "--", "生产", "-安全"}, ""},
		{"an excluded phrase and group", []string{`-"农村道路"`, "-(a OR b)", "-（一）"}, []string{"--", `-"农村道路"`, "-(a OR b)", "-（一）"}, ""},
		{"an excluded field", []string{"-title:河北", "-section：安全"}, []string{"--", "-title:河北", "-section：安全"}, ""},
		{"an excluded number", []string{"报告", "-1955年", "-5"}, []string{"--", "报告", "-1955年", "-5"}, ""},
		{"a flag's value that starts with -", []string{"--index", "-安全", "x"}, []string{"--index", "-安全", "--", "x"}, ""},
		{"after --, everything is a term", []string{"--", "-n", "x"}, []string{"--", "-n", "x"}, ""},
		{"a shorthand with its value attached", []string{"-n5", "x"}, []string{"-n5", "--", "x"}, ""},
		{"no terms: flags only", []string{"--json"}, []string{"--json"}, ""},
		{"an unknown shorthand", []string{"-x", "安全"}, nil, "unknown shorthand flag: 'x' in -x"},
		{"a known shorthand then a Chinese character", []string{"-q安全"}, nil, "unknown shorthand flag: '安' in -q安全"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := pflag.NewFlagSet("search", pflag.ContinueOnError)
			fs.String("index", "", "")
			fs.IntP("limit", "n", 10, "")
			fs.Bool("json", false, "")
			fs.BoolP("quiet", "q", false, "")
			got, err := moveTerms(fs, tt.args)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzMoveTerms checks that the arguments come out as pflag would see
// them, none lost, none added, terms in their order.
func FuzzMoveTerms(f *testing.F) {
	f.Add("生产\x00-安全\x00--limit\x003")
	f.Add("-n5\x00--\x00-x")
	f.Add("--json\x00-title:x\x00-(a)")
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\x00")
		fs := pflag.NewFlagSet("search", pflag.ContinueOnError)
		fs.IntP("limit", "n", 10, "")
		fs.Bool("json", false, "")
		out, err := moveTerms(fs, args)
		if err != nil {
			return
		}
		in := append([]string(nil), args...)
		got := append([]string(nil), out...)
		// Apart from one "--" (the input's first, which it may drop, or
		// one it adds), the arguments are the same, as a multiset.
		count := map[string]int{}
		for _, a := range in {
			count[a]++
		}
		for _, a := range got {
			count[a]--
		}
		if n := count["--"]; n < -1 || n > 1 {
			t.Fatalf("%q → %q: a \"--\" too many or lost", in, got)
		}
		delete(count, "--")
		for a, n := range count {
			if n != 0 {
				t.Fatalf("%q → %q: %q appears %d times more in the input", in, got, a, n)
			}
		}
	})
}
