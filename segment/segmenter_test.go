package segment

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// testSegmenter is built once: loading the dictionaries takes a fifth of a
// second.
var testSegmenter = sync.OnceValues(func() (*Segmenter, error) { return New(Options{}) })

func segmenter(t testing.TB) *Segmenter {
	t.Helper()
	s, err := testSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func readSpeech(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile("../testdata/speech.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// checkWords asserts the token contract: offsets inside the text, on rune
// boundaries, in order and not overlapping; terms are the folded text.
func checkWords(t *testing.T, text string, words []Token) {
	t.Helper()
	prev := 0
	for _, w := range words {
		if w.Start < prev || w.End <= w.Start || w.End > len(text) {
			t.Fatalf("word %+v out of order or outside the text (previous end %d, len %d)", w, prev, len(text))
		}
		if !utf8.RuneStart(text[w.Start]) || (w.End < len(text) && !utf8.RuneStart(text[w.End])) {
			t.Fatalf("word %+v does not sit on rune boundaries", w)
		}
		if got := FoldString(text[w.Start:w.End]); got != w.Term {
			t.Fatalf("word term %q is not its folded text %q", w.Term, got)
		}
		first, _ := utf8.DecodeRuneInString(text[w.Start:])
		last, _ := utf8.DecodeLastRuneInString(text[:w.End])
		if Ignorable(first) || Ignorable(last) {
			t.Fatalf("word %+v starts or ends with an ignorable character", w)
		}
		prev = w.End
	}
}

func TestWordsOffsetsOnTheSpeech(t *testing.T) {
	text := readSpeech(t)
	words := segmenter(t).Words(text)
	checkWords(t, text, words)
	// Every unit of the text lies inside some word: words lose nothing.
	covered := make([]bool, len(text)+1)
	for _, w := range words {
		for i := w.Start; i < w.End; i++ {
			covered[i] = true
		}
	}
	for u := range Units(text) {
		if !covered[u.Start] {
			t.Fatalf("unit %q at %d is in no word", u.Term, u.Start)
		}
	}
}

func TestPolicyTermsAreWholeWords(t *testing.T) {
	// gse alone cuts 非煤矿山 three different ways in the speech; with the
	// policy dictionary every occurrence is one word.
	text := readSpeech(t)
	want := strings.Count(text, "非煤矿山")
	got := 0
	for _, w := range segmenter(t).Words(text) {
		if w.Term == "非煤矿山" {
			got++
		}
	}
	if got != want {
		t.Errorf("非煤矿山 is a whole word %d times, want all %d occurrences", got, want)
	}
}

func TestWordsFoldAndKeepOffsets(t *testing.T) {
	text := "ＧＤＰ增长５.４％，XX县"
	words := segmenter(t).Words(text)
	checkWords(t, text, words)
	var terms []string
	for _, w := range words {
		terms = append(terms, w.Term)
	}
	if got := strings.Join(terms, "|"); !strings.Contains(got, "gdp") || !strings.Contains(got, "xx") {
		t.Errorf("words %q: want folded gdp and xx", got)
	}
}

// TestWordsIgnorable checks that ignorable characters do not change how a
// text is cut, and that a word spans the characters as written, without the
// ignorable ones around it.
func TestWordsIgnorable(t *testing.T) {
	type word struct{ Text, Term string }
	tests := []struct {
		name, in string
		want     []word
	}{
		{"zero width space inside a word", "安\u200b全生产", []word{{"安\u200b全生产", "安全生产"}}},
		{"soft hyphen and word joiner", "非\u00ad煤矿\u2060山", []word{{"非\u00ad煤矿\u2060山", "非煤矿山"}}},
		{"ignorables around words stay outside them", "\ufeff\u200e安全生产\u200f。", []word{{"安全生产", "安全生产"}}},
		{"ignorables and folding together", "Ｇ\u200bＤＰ增长", []word{{"Ｇ\u200bＤＰ", "gdp"}, {"增长", "增长"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			words := segmenter(t).Words(tt.in)
			checkWords(t, tt.in, words)
			var got []word
			for _, w := range words {
				got = append(got, word{tt.in[w.Start:w.End], w.Term})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Words(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestWordsRepeatedWordOffsets(t *testing.T) {
	// gse's Analyze misplaces repeated words; ours must not.
	text := "道路交通，道路交通，道路交通"
	words := segmenter(t).Words(text)
	checkWords(t, text, words)
	var starts []int
	for _, w := range words {
		if w.Term == "道路交通" {
			starts = append(starts, w.Start)
		}
	}
	if len(starts) != 3 || starts[0] != 0 || starts[1] != 15 || starts[2] != 30 {
		t.Errorf("道路交通 found at %v, want [0 15 30]", starts)
	}
}

func TestUserDictionary(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		content string
		wantErr string
	}{
		{"word, frequency and part of speech", "隐患清零行动 8000 n\n", ""},
		{"word alone takes the default frequency", "# comment\n\n隐患清零行动\n", ""},
		{"a bad frequency names the file and line", "隐患清零行动 8000 n\n安全 lots n\n", "user.txt:2: frequency \"lots\""},
		{"too many fields", "a b c d\n", "user.txt:1: want"},
		{"not UTF-8", "\xff\xfe\x00", "not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "user.txt")
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			id, err := Identity(Options{UserDicts: []string{path}})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrDictionary) {
					t.Fatalf("Identity: err = %v, want one containing %q and wrapping ErrDictionary", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			base, _ := Identity(Options{})
			if id == base {
				t.Errorf("a user dictionary does not change the identity %s", id)
			}
		})
	}
	if _, err := Identity(Options{UserDicts: []string{filepath.Join(dir, "missing.txt")}}); err == nil || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("a missing dictionary: err = %v, want one naming the file", err)
	}
}

func TestUserDictionaryChangesSegmentation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "user.txt")
	if err := os.WriteFile(path, []byte("清零攻坚行动 50000 n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{UserDicts: []string{path}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range s.Words("开展隐患清零攻坚行动。") {
		found = found || w.Term == "清零攻坚行动"
	}
	if !found {
		t.Errorf("the user word 清零攻坚行动 is not cut whole: %v", s.Words("开展隐患清零攻坚行动。"))
	}
	// The embedded dictionary is still there (gse's LoadDict would have
	// replaced it).
	if w := s.Words("道路交通"); len(w) != 1 {
		t.Errorf("道路交通 cut into %v: the embedded dictionary was lost", w)
	}
}

func TestWordsConcurrently(t *testing.T) {
	// Calls to Words share the segmenter's cache of the HMM's cuts; four
	// goroutines on a fresh segmenter must cut as one on another does.
	paragraphs := strings.Split(readSpeech(t), "\n")
	concurrent, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	sequential, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := make([][]Token, len(paragraphs))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(paragraphs); i += 4 {
				got[i] = concurrent.Words(paragraphs[i])
			}
		})
	}
	wg.Wait()
	for i, p := range paragraphs {
		if diff := cmp.Diff(sequential.Words(p), got[i]); diff != "" {
			t.Fatalf("paragraph %d cut differently when cut concurrently (-want +got):\n%s", i, diff)
		}
	}
}

func FuzzWords(f *testing.F) {
	f.Add("非煤矿山关闭退出工作，农村道路交通安全")
	f.Add("ＧＤＰ增长５.４％，XX县(市、区)")
	f.Add("请点击👉 mooonya 👈联系老师")
	f.Add("安\u200b全生\u00ad产，\ufeff非煤矿山")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip()
		}
		words := segmenter(t).Words(s)
		checkWords(t, s, words)
		// Ignorable characters anywhere do not change the words.
		var sb strings.Builder
		for i, r := range s {
			sb.WriteRune(r)
			sb.WriteString(ignorables[i%len(ignorables)])
		}
		with := sb.String()
		withWords := segmenter(t).Words(with)
		checkWords(t, with, withWords)
		terms := func(ws []Token) []string {
			var ts []string
			for _, w := range ws {
				ts = append(ts, w.Term)
			}
			return ts
		}
		if diff := cmp.Diff(terms(words), terms(withWords)); diff != "" {
			t.Fatalf("words of %q change with ignorable characters inside, as %q (-want +got):\n%s", s, with, diff)
		}
	})
}

func BenchmarkWords(b *testing.B) {
	benchmarkWords(b, readSpeech(b))
}

// BenchmarkWordsLongParagraph checks that segmentation stays linear: a 1 MB
// single-line paragraph.
func BenchmarkWordsLongParagraph(b *testing.B) {
	benchmarkWords(b, strings.Repeat(strings.ReplaceAll(readSpeech(b), "\n", ""), 100))
}

// benchmarkWords cuts text with Words, again with the cache of the HMM's cuts
// emptied before every run (as for text never seen before), and with gse as
// Words used to, for comparison.
func benchmarkWords(b *testing.B, text string) {
	b.Run("zhsearch", func(b *testing.B) {
		s := segmenter(b)
		s.Load()
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			s.Words(text)
		}
	})
	b.Run("zhsearch-cold", func(b *testing.B) {
		s := segmenter(b)
		s.Load()
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			s.words.hmmCuts.reset()
			s.Words(text)
		}
	})
	b.Run("gse", func(b *testing.B) {
		seg, s := oracle(b), segmenter(b)
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			oldWords(s, text, func(folded string) []string { return seg.Cut(folded, true) })
		}
	})
}
