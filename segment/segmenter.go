package segment

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-ego/gse/hmm"
)

// gseVersion names the gse release whose dictionary (dict/gse) and cutting
// this package reproduces; it is part of [Segmenter.Identity].
const gseVersion = "gse-v0.80.3"

//go:embed dict/policy.txt
var policyDict []byte

// ErrDictionary is returned for a user dictionary that cannot be used.
var ErrDictionary = errors.New("bad dictionary")

// Options configure a [Segmenter].
type Options struct {
	// UserDicts are dictionary files loaded after gse's dictionary and
	// the policy-domain dictionary: one entry a line, "word [frequency [pos]]",
	// blank lines and lines starting with # ignored.
	UserDicts []string
}

// A Segmenter cuts folded text into dictionary words as gse does. It is
// safe for concurrent use. The dictionaries are loaded on the first call to
// Words, so a program that finds it has nothing to segment never pays for
// them.
type Segmenter struct {
	dicts    *dictionaries
	identity string
	load     sync.Once
	words    *dictionary
	cutters  sync.Pool // of *cutter: most calls to Words cut a short paragraph
}

// A Token is a word with its place in the original text.
type Token struct {
	Start, End int    // byte offsets into the original text
	Term       string // the folded word; it may share memory with the text
}

// New reads and checks the policy-domain dictionary and the user
// dictionaries. gse's Chinese dictionary and these are loaded on first use
// (see [Segmenter.Load]).
func New(opts Options) (*Segmenter, error) {
	dicts, err := readDicts(opts)
	if err != nil {
		return nil, err
	}
	return &Segmenter{dicts: dicts, identity: dicts.identity}, nil
}

// Load loads the dictionaries now rather than on the first call to Words.
// It is safe to call more than once.
func (s *Segmenter) Load() {
	s.load.Do(func() {
		hmmModel.Do(func() { hmm.LoadModel() })
		s.words = loadDictionary(s.dicts.entries)
	})
}

// Identity returns the identity that New(opts) would have, without loading
// the dictionaries: cheap enough to check an index against before deciding
// to build one.
func Identity(opts Options) (string, error) {
	dicts, err := readDicts(opts)
	if err != nil {
		return "", err
	}
	return dicts.identity, nil
}

type dictEntry struct {
	word string
	freq float64
	pos  string
}

type dictionaries struct {
	entries  []dictEntry
	identity string
}

// readDicts reads and checks the policy dictionary and the user ones.
func readDicts(opts Options) (*dictionaries, error) {
	type dict struct {
		name string
		data []byte
	}
	dicts := []dict{{"policy dictionary", policyDict}}
	id := sha256.New()
	for _, data := range [...]string{gseSimplified, gseTraditional} {
		id.Write([]byte(data))
		id.Write([]byte{0})
	}
	for _, path := range opts.UserDicts {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("user dictionary: %w", err)
		}
		dicts = append(dicts, dict{path, data})
	}
	out := &dictionaries{}
	for _, d := range dicts {
		id.Write(d.data)
		id.Write([]byte{0})
		err := parseDict(d.name, d.data, func(word string, freq float64, pos string) {
			out.entries = append(out.entries, dictEntry{word, freq, pos})
		})
		if err != nil {
			return nil, err
		}
	}
	out.identity = gseVersion + "+" + hex.EncodeToString(id.Sum(nil))[:16]
	return out, nil
}

// defaultFreq is the frequency of a dictionary word given without one: high
// enough that gse keeps the word whole rather than cutting it into common parts.
const defaultFreq = 5000

// parseDict reads a dictionary: "word [frequency [pos]]" a line.
func parseDict(name string, data []byte, add func(word string, freq float64, pos string)) error {
	if !utf8.Valid(data) {
		return fmt.Errorf("%s: not UTF-8 text: %w", name, ErrDictionary)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) > 3 {
			return fmt.Errorf("%s:%d: want \"word [frequency [pos]]\", got %q: %w", name, line, text, ErrDictionary)
		}
		freq := float64(defaultFreq)
		if len(fields) > 1 {
			f, err := strconv.ParseFloat(fields[1], 64)
			if err != nil || !(f > 0 && f <= 1e12) { // NaN too
				return fmt.Errorf("%s:%d: frequency %q is not a positive number: %w", name, line, fields[1], ErrDictionary)
			}
			freq = f
		}
		pos := ""
		if len(fields) > 2 {
			pos = fields[2]
		}
		if strings.IndexByte(fields[0], 0) >= 0 {
			// gse's trie keeps values under the NUL label.
			return fmt.Errorf("%s:%d: word %q holds a NUL byte: %w", name, line, fields[0], ErrDictionary)
		}
		add(FoldString(fields[0]), freq, pos)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s:%d: %w", name, line+1, err)
	}
	return nil
}

// Identity names the dictionaries this segmenter was built from. Two
// segmenters with the same identity cut every text the same way.
func (s *Segmenter) Identity() string { return s.identity }

// Words cuts text into dictionary words. Only words that hold at least one
// unit are returned (spaces and punctuation are not words); offsets point into
// text, which must be valid UTF-8.
func (s *Segmenter) Words(text string) []Token {
	s.Load()
	// About a word every two Han characters.
	tokens := make([]Token, 0, len(text)/6+1)
	c, _ := s.cutters.Get().(*cutter)
	if c == nil {
		c = new(cutter)
	}
	s.eachSentence(text, func(start int, sentence string) {
		folded := FoldString(sentence)
		if folded == sentence {
			s.words.cut(c, folded)
			prev := 0
			for _, end := range c.ends {
				if w := folded[prev:end]; hasUnit(w) {
					tokens = append(tokens, Token{Start: start + prev, End: start + end, Term: w})
				}
				prev = end
			}
			return
		}
		// Folding changed the text or dropped ignorable characters: cut
		// the folded text and map each word's ends back to the original.
		c.from, c.to = foldMap(c.from[:0], c.to[:0], sentence, len(folded))
		s.words.cut(c, folded)
		prev := 0
		for _, end := range c.ends {
			if w := folded[prev:end]; hasUnit(w) {
				tokens = append(tokens, Token{Start: start + int(c.from[prev]), End: start + int(c.to[end]), Term: w})
			}
			prev = end
		}
	})
	if cap(c.runes) <= maxPooledRunes {
		s.cutters.Put(c)
	}
	return tokens
}

// maxPooledRunes bounds the scratch space kept for later calls to Words.
const maxPooledRunes = 1 << 14

// eachSentence calls fn for the runs of text between sentence-ending
// punctuation. No dictionary word spans such punctuation, so cutting sentence
// by sentence gives gse's answer in time linear in the length of the text.
func (s *Segmenter) eachSentence(text string, fn func(start int, sentence string)) {
	start := 0
	for i, r := range text {
		switch r {
		case '。', '！', '？', '；', '\n', '!', '?', ';':
			end := i + utf8.RuneLen(r)
			fn(start, text[start:end])
			start = end
		}
	}
	if start < len(text) {
		fn(start, text[start:])
	}
}

// foldMap maps the folded form of text (see [FoldString]), n bytes long,
// back to text: for a rune that starts at folded byte k, from[k] is where it
// starts in text; for one that ends there, to[k] is where it ends. Words thus
// span the characters as written, without the ignorable ones around them.
func foldMap(from, to []int32, text string, n int) ([]int32, []int32) {
	from, to = slices.Grow(from, n+1)[:n+1], slices.Grow(to, n+1)[:n+1]
	k := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !Ignorable(r) {
			from[k] = int32(i)
			k += utf8.RuneLen(Fold(r))
			to[k] = int32(i + size)
		}
		i += size
	}
	return from, to
}

func hasUnit(w string) bool {
	for _, r := range w {
		if IsHan(r) || isWordRune(r) {
			return true
		}
	}
	return false
}
