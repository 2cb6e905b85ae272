package segment

import (
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
	"github.com/go-ego/gse/hmm"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// This file holds the proof that this package cuts as gse does: the oracle
// is a real gse.Segmenter loaded as this package loaded it before it cut
// text itself (LoadDictEmbed("zh"), then our dictionaries with ReAddToken),
// cutting with Cut(folded, true) sentence by sentence.

// sharedCorpus is the project's large corpus, there when the project sits
// next to it.
const sharedCorpus = "../../shared/corpus"

// newOracle loads gse as this package used to.
func newOracle(opts Options) (*gse.Segmenter, error) {
	dicts, err := readDicts(opts)
	if err != nil {
		return nil, err
	}
	seg := new(gse.Segmenter)
	if err := seg.LoadDictEmbed("zh"); err != nil {
		return nil, err
	}
	for _, e := range dicts.entries {
		if seg.ReAddToken(e.word, e.freq, e.pos) != nil {
			if err := seg.AddToken(e.word, e.freq, e.pos); err != nil {
				return nil, err
			}
		}
	}
	return seg, nil
}

// testOracle is built once: loading gse takes seconds.
var testOracle = sync.OnceValues(func() (*gse.Segmenter, error) { return newOracle(Options{}) })

func oracle(t testing.TB) *gse.Segmenter {
	t.Helper()
	seg, err := testOracle()
	if err != nil {
		t.Fatal(err)
	}
	return seg
}

// oldWords is Words as it was when gse cut the text: it cuts each folded
// sentence with cut and places the pieces by counting runes.
func oldWords(s *Segmenter, text string, cut func(folded string) []string) []Token {
	var tokens []Token
	s.eachSentence(text, func(start int, sentence string) {
		folded := FoldString(sentence)
		orig := start
		rest := folded
		for _, w := range cut(folded) {
			if !strings.HasPrefix(rest, w) {
				return
			}
			rest = rest[len(w):]
			n := orig
			for range w {
				_, size := utf8.DecodeRuneInString(text[n:])
				n += size
			}
			if hasUnit(w) {
				tokens = append(tokens, Token{Start: orig, End: n, Term: w})
			}
			orig = n
		}
	})
	return tokens
}

// pieces returns what our cut makes of folded, as gse's Cut returns it.
func pieces(s *Segmenter, folded string) []string {
	s.Load()
	var c cutter
	s.words.cut(&c, folded)
	out := make([]string, 0, len(c.ends))
	prev := 0
	for _, end := range c.ends {
		out = append(out, folded[prev:end])
		prev = end
	}
	return out
}

// matchGse checks that s cuts text as seg does: every sentence into the
// same pieces, and Words token for token.
func matchGse(t *testing.T, name string, seg *gse.Segmenter, s *Segmenter, text string) {
	t.Helper()
	bad := 0
	want := oldWords(s, text, func(folded string) []string {
		want := seg.Cut(folded, true)
		if got := pieces(s, folded); !slices.Equal(want, got) && bad < 3 {
			bad++
			t.Errorf("%s: sentence %q cut differently (-gse +ours):\n%s", name, folded, cmp.Diff(want, got))
		}
		return want
	})
	got := s.Words(text)
	if len(got) == len(want) && slices.Equal(got, want) {
		return
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	lo := max(i-2, 0)
	t.Errorf("%s: %d words, gse's %d; first difference at word %d (-gse +ours):\n%s",
		name, len(got), len(want), i, cmp.Diff(want[lo:min(i+3, len(want))], got[lo:min(i+3, len(got))]))
}

// readText reads a corpus file as the indexer would: UTF-8, or else GB18030.
func readText(t testing.TB, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(data) {
		if data, err = simplifiedchinese.GB18030.NewDecoder().Bytes(data); err != nil {
			t.Fatalf("%s: neither UTF-8 nor GB18030: %v", path, err)
		}
	}
	return string(data)
}

func corpusFiles(t testing.TB, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// trickyTexts are the corners of gse's cutting.
var trickyTexts = []string{
	"",
	"。",
	"非煤矿山关闭退出工作，农村道路交通安全",
	"ＧＤＰ增长５.４％，XX县(市、区)",
	"请点击👉 mooonya 👈联系老师",
	// 4S店 and 4s店 are both in gse's dictionary: the first one wins.
	"4S店和4s店、b超、B超、AT&T、C++、c#",
	// 乾 and b start words but are not words: log(0) in gse's route.
	"乾",
	"乾乾乾坤",
	"b",
	"a b c",
	// A NUL after a word that longer words extend is a word in gse.
	"中国\x00人民",
	"\x00中国",
	"中\x00",
	"中国人\x00",
	"a\x00b",
	"\x00",
	// Runs that no word covers go to the HMM.
	"龘靐齉爩麤龗灪龖厵",
	"的的的的的的的的的的的的的的的的的的的的",
	"ΑΒΓ αβγ Ωmega ǅ ǈ",
	"カタカナとひらがな、한국어 텍스트",
	"x\u0301y\u0308z e\u0301",
	"5.4%、27,203人、U.S.、3.14159、2024年1月",
	"\t \r\n\u00a0\u2003\u3000",
	"𠀀𠀁𪚥𫗴𧮪",
	strings.Repeat("一二三四五六七八九十", 30),
}

func TestWordsMatchGse(t *testing.T) {
	skipUnderRace(t)
	seg, s := oracle(t), segmenter(t)
	for i, text := range trickyTexts {
		matchGse(t, fmt.Sprintf("tricky text %d", i), seg, s, text)
	}
	matchGse(t, "speech", seg, s, readSpeech(t))
	for _, path := range corpusFiles(t, "../testdata/corpus") {
		matchGse(t, path, seg, s, readText(t, path))
	}
}

func TestWordsMatchGseOnSharedCorpus(t *testing.T) {
	skipUnderRace(t)
	if _, err := os.Stat(sharedCorpus); err != nil {
		t.Skipf("%s is not here", sharedCorpus)
	}
	seg, s := oracle(t), segmenter(t)
	files := corpusFiles(t, sharedCorpus)
	// Every k-th file: about 200 of them, from every folder.
	sample := 200
	if testing.Short() {
		sample = 20
	}
	k := max(len(files)/sample, 1)
	size := 0
	for i := 0; i < len(files); i += k {
		text := readText(t, files[i])
		size += len(text)
		matchGse(t, files[i], seg, s, text)
	}
	t.Logf("%d files, %d bytes", (len(files)+k-1)/k, size)
}

func TestUserDictionaryMatchesGse(t *testing.T) {
	skipUnderRace(t)
	// The entries gse handles in different ways: a word gse has (its
	// frequency replaced), new words, words that gse has only as the
	// prefix of longer ones (ReAddToken then drops those longer ones), a
	// word listed twice (the last one counts), single runes; 严 and 峻 so
	// frequent that the route cuts the word 严峻 into them, which gse then
	// leaves as they are rather than giving them to the HMM.
	user := strings.Join([]string{
		"安全 3 n",
		"清零攻坚行动 50000 n",
		"严峻形 100",
		"乾 1000",
		"交通安 20 n",
		"ＸＸ县 9000",
		"清零攻坚行动 10 n",
		"的 1",
		"专项整治三年行动",
		"严 100000000",
		"峻 100000000",
	}, "\n")
	path := filepath.Join(t.TempDir(), "user.txt")
	if err := os.WriteFile(path, []byte(user), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := Options{UserDicts: []string{path}}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	seg, err := newOracle(opts)
	if err != nil {
		t.Fatal(err)
	}
	texts := append(slices.Clone(trickyTexts),
		"形势严峻形势，严峻形，交通安全交通安，乾坤乾隆，开展隐患清零攻坚行动，XX县专项整治三年行动的的",
		"形势严峻形势")
	for i, text := range texts {
		matchGse(t, fmt.Sprintf("text %d", i), seg, s, text)
	}
	matchGse(t, "speech", seg, s, readSpeech(t))
}

// TestDictionaryMatchesGse compares our dictionary with gse's for every word
// of gse's dictionary and for its prefix one rune shorter: the frequency and
// whether gse knows it, and totalFreq.
func TestDictionaryMatchesGse(t *testing.T) {
	skipUnderRace(t)
	seg, s := oracle(t), segmenter(t)
	s.Load()
	if want := math.Log(seg.Dict.TotalFreq()); want != s.words.logTotal {
		t.Errorf("log totalFreq = %v, gse's is %v", s.words.logTotal, want)
	}
	bad := 0
	check := func(word string) {
		freq, _, wantOK := seg.Find(word)
		lf, ok := s.words.find([]rune(word))
		if ok != wantOK || ok && math.Log(freq) != lf {
			if bad++; bad <= 10 {
				t.Errorf("find %q = %v, %v; gse's Find = %v (log %v), %v", word, lf, ok, freq, math.Log(freq), wantOK)
			}
		}
	}
	for _, data := range []string{gseSimplified, gseTraditional} {
		for line := range strings.SplitSeq(data, "\n") {
			word, _, _ := strings.Cut(line, " ")
			if word == "" {
				continue // Cut never asks for ""
			}
			word = strings.ToLower(word)
			check(word)
			if _, size := utf8.DecodeLastRuneInString(word); size < len(word) {
				check(word[:len(word)-size])
			}
		}
	}
}

// TestGseDictionaryIsGses checks dict/gse against the gse module it was
// copied from, when the module cache has it.
func TestGseDictionaryIsGses(t *testing.T) {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Skipf("go env GOMODCACHE: %v", err)
	}
	mod := filepath.Join(strings.TrimSpace(string(out)), "github.com/go-ego/gse@"+strings.TrimPrefix(gseVersion, "gse-"))
	if _, err := os.Stat(mod); err != nil {
		t.Skipf("gse %s is not in the module cache", gseVersion)
	}
	for _, f := range []struct{ ours, gses string }{
		{"dict/gse/s_1.txt", "data/dict/zh/s_1.txt"},
		{"dict/gse/t_1.txt", "data/dict/zh/t_1.txt"},
		{"dict/gse/LICENSE", "LICENSE"},
	} {
		ours, err := os.ReadFile(f.ours)
		if err != nil {
			t.Fatal(err)
		}
		gses, err := os.ReadFile(filepath.Join(mod, f.gses))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ours, gses) {
			t.Errorf("%s differs from gse's %s", f.ours, f.gses)
		}
	}
}

// TestGseDictionaryShape checks what loading the dictionary relies on.
func TestGseDictionaryShape(t *testing.T) {
	if !strings.HasSuffix(gseSimplified, "\n") {
		t.Error("s_1.txt does not end in a newline: gse would join its last line with t_1.txt's first")
	}
	for name, data := range map[string]string{"s_1.txt": gseSimplified, "t_1.txt": gseTraditional} {
		// A trie of runes finds what cedar's trie of bytes finds only
		// for words of valid UTF-8; NUL is cedar's value label.
		if !utf8.ValidString(data) || strings.IndexByte(data, 0) >= 0 {
			t.Errorf("%s is not UTF-8 text without NUL", name)
		}
	}
}

// TestFoldedTextIsLowerCase checks that gse's strings.ToLower of its input,
// which our cut leaves out, changes nothing in folded text.
func TestFoldedTextIsLowerCase(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if f := Fold(r); unicode.ToLower(f) != f {
			t.Fatalf("Fold(%U) = %U is not lower case: strings.ToLower makes it %U", r, f, unicode.ToLower(f))
		}
	}
}

func FuzzWordsMatchGse(f *testing.F) {
	skipUnderRace(f)
	for _, text := range trickyTexts {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			t.Skip()
		}
		matchGse(t, "fuzz", oracle(t), segmenter(t), text)
	})
}

// BenchmarkLoad loads the dictionaries, and gse's for comparison, reporting
// the heap each keeps.
func BenchmarkLoad(b *testing.B) {
	heap := func(b *testing.B, load func() any) {
		var kept any
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for b.Loop() {
			kept = nil
			kept = load()
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "MB-heap")
		runtime.KeepAlive(kept)
	}
	b.Run("zhsearch", func(b *testing.B) {
		heap(b, func() any {
			s, err := New(Options{})
			if err != nil {
				b.Fatal(err)
			}
			s.Load()
			return s
		})
	})
	b.Run("gse", func(b *testing.B) {
		heap(b, func() any {
			seg, err := newOracle(Options{})
			if err != nil {
				b.Fatal(err)
			}
			return seg
		})
	})
}

// TestHMMCutMatchesGse checks hmmCut, our linear-time cut of the runs of
// text no dictionary word covers, against gse's hmm.Cut on runs of Latin
// text, numbers, Han and symbols, and on every line of the speech.
func TestHMMCutMatchesGse(t *testing.T) {
	skipUnderRace(t)
	segmenter(t).Load() // gse's HMM model
	runs := append([]string{
		"abc def 12.34.56 x1.5y 3. .4 a_b",
		"12a.3 007 1.2.3 ..9 gdp增长5.4%左右",
		"中华人民共和国 qwe 𠀀𠀁 ½ 〇〇 ㊀",
		strings.Repeat("xyz 12.5 ", 200),
	}, trickyTexts...)
	runs = append(runs, strings.Split(readSpeech(t), "\n")...)
	for _, run := range runs {
		checkHMMCut(t, run)
	}
}

func FuzzHMMCut(f *testing.F) {
	for _, s := range []string{"abc def 12.34.56", "中华人民共和国 qwe 5.4%", "12a.3 ..9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip()
		}
		segmenter(t).Load()
		checkHMMCut(t, s)
	})
}

// checkHMMCut compares hmmCut with gse's hmm.Cut on run, unless run holds
// a run of Han longer than hmmCut gives gse's HMM at once.
func checkHMMCut(t *testing.T, run string) {
	t.Helper()
	n := 0
	for _, r := range run {
		if n = n + 1; !unicode.Is(unicode.Han, r) {
			n = 0
		}
		if n > maxHMMRunes {
			return
		}
	}
	if diff := cmp.Diff(hmm.Cut(run), hmmCut(run, nil), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("hmmCut(%q) (-gse +ours):\n%s", run, diff)
	}
}
