package query

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/zhsearch/zhsearch/segment"
)

//go:embed synonyms.txt
var builtinSynonyms string

// Synonyms are groups of forms of one name, an abbreviation and its full
// form (安委会 = 安全生产委员会): a keyword that is one form also finds the
// others. Forms are compared folded, as keywords are.
//
// The file format: one group a line, forms separated by "=" (or "＝"),
// "#" starting a comment; blank lines are skipped.
type Synonyms struct {
	groups [][]string       // forms as written
	byFold map[string][]int // folded form -> its groups

	// unread says s is the built-in list left as embedded, not read into
	// groups (see builtinUnread): groups and byFold are empty.
	unread bool
}

// NewSynonyms returns an empty list.
func NewSynonyms() *Synonyms { return &Synonyms{byFold: map[string][]int{}} }

// BuiltinSynonyms returns the built-in list of common abbreviations of
// Chinese policy text (query/synonyms.txt), a copy of its own to add to.
func BuiltinSynonyms() *Synonyms { return builtin().clone() }

// builtin is the built-in list, read once and never changed: searches
// share it. A cold search reads it in every process, so it is read without
// the checks a user's file goes through (TestBuiltinSynonymsValid runs
// them): they cost more than the rest of the reading.
var builtin = sync.OnceValue(func() *Synonyms {
	s := &Synonyms{byFold: make(map[string][]int, strings.Count(builtinSynonyms, "=")*2)}
	for line := range strings.Lines(builtinSynonyms) {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) != "" {
			s.addGroup(strings.FieldsFunc(line, isFormSeparator))
		}
	}
	return s
})

func isFormSeparator(r rune) bool { return r == '=' || r == '＝' }

// builtinUnread is the built-in list for a search that adds no file of its
// own: it asks only for the forms of its keywords. Reading the whole list
// into groups folded every form of it, which touched most of the
// traditional-to-simplified table (two 64 KiB stretches of the program's
// data) and left 27 KB of heap, in every cold search; Forms now folds only
// the lines that hold the keyword.
func builtinUnread() *Synonyms { return &Synonyms{unread: true} }

// builtinLowered is the built-in list with its ASCII letters in lower case,
// for the keywords that have letters.
var builtinLowered = sync.OnceValue(func() string { return lowerASCII(builtinSynonyms) })

// unreadForms is Forms over the built-in list left unread: the lines that
// hold the folded keyword are taken in order, as the groups they would be
// read into. Every form of the list folds to itself with its ASCII letters
// in lower case (TestBuiltinSynonymsFoldToThemselves), so a line that holds
// a form of the folded keyword holds the folded keyword: in the list as it
// is, or with its letters lowered when the keyword has letters. Most
// keywords are in no line, which costs one search of the list (1-5 µs); a
// warm search over the list read into groups looks them up in 0.1-0.4 µs.
func unreadForms(keyword, folded string) []string {
	out := []string{keyword}
	if folded == "" {
		return out
	}
	text := builtinSynonyms
	if strings.ContainsFunc(folded, func(r rune) bool { return 'a' <= r && r <= 'z' }) {
		text = builtinLowered() // the same bytes at the same offsets but for case
	}
	var seen map[string]bool
	for at := 0; ; {
		i := strings.Index(text[at:], folded)
		if i < 0 {
			break
		}
		i += at
		start := strings.LastIndexByte(text[:i], '\n') + 1
		end := len(text)
		if n := strings.IndexByte(text[i:], '\n'); n >= 0 {
			end = i + n
		}
		at = max(end, i+1) // past a keyword that starts with a line end too
		line := builtinSynonyms[start:end]
		if c := strings.IndexByte(line, '#'); c >= 0 {
			line = line[:c]
		}
		group, folds := readGroup(strings.FieldsFunc(line, isFormSeparator))
		if !slices.Contains(folds, folded) {
			continue
		}
		if seen == nil {
			seen = map[string]bool{folded: true}
		}
		for i, f := range group {
			if !seen[folds[i]] {
				seen[folds[i]] = true
				out = append(out, f)
			}
		}
	}
	return out
}

// lowerASCII returns s with its ASCII upper-case letters in lower case
// (s itself when it has none).
func lowerASCII(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return 'A' <= r && r <= 'Z' })
	if i < 0 {
		return s
	}
	b := []byte(s)
	for j := i; j < len(b); j++ {
		if 'A' <= b[j] && b[j] <= 'Z' {
			b[j] += 'a' - 'A'
		}
	}
	return string(b)
}

func (s *Synonyms) clone() *Synonyms {
	c := &Synonyms{groups: slices.Clone(s.groups), byFold: make(map[string][]int, len(s.byFold))}
	for f, gs := range s.byFold {
		c.byFold[f] = slices.Clone(gs)
	}
	return c
}

// Load adds the groups of a file to s.
func (s *Synonyms) Load(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("synonyms: %w", err)
	}
	defer f.Close()
	return s.Read(f, path)
}

// Read adds the groups read from r to s. name names r in errors, which say
// name:line.
func (s *Synonyms) Read(r io.Reader, name string) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		if err := s.add(text); err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s:%d: %w", name, line+1, err)
	}
	return nil
}

// add adds one line's group.
func (s *Synonyms) add(line string) error {
	if !utf8.ValidString(line) {
		return errors.New("not valid UTF-8 (save the file as UTF-8)")
	}
	if !strings.ContainsAny(line, "=＝") {
		return fmt.Errorf("%q: no \"=\": write a group as 安委会 = 安全生产委员会", line)
	}
	forms := strings.FieldsFunc(line, isFormSeparator)
	folds := map[string]bool{}
	for _, f := range forms {
		f = strings.TrimSpace(f)
		if f == "" {
			return fmt.Errorf("%q: an empty form", line)
		}
		if !newPattern(f).searchable {
			return fmt.Errorf("%q has no letters, digits or Chinese characters to search for", f)
		}
		if strings.ContainsFunc(f, isControl) {
			return fmt.Errorf("%q holds a control character", f)
		}
		folds[segment.FoldString(f)] = true
	}
	if strings.Count(line, "=")+strings.Count(line, "＝")+1 != len(forms) {
		return fmt.Errorf("%q: an empty form", line)
	}
	if len(folds) < 2 {
		return fmt.Errorf("%q: a group needs two different forms", line)
	}
	s.addGroup(forms)
	return nil
}

// addGroup adds the group of forms (untrimmed) of a line that is known to
// be valid.
func (s *Synonyms) addGroup(forms []string) {
	group, folds := readGroup(forms)
	s.groups = append(s.groups, group)
	for _, f := range folds {
		s.byFold[f] = append(s.byFold[f], len(s.groups)-1)
	}
}

// readGroup returns the group of forms (untrimmed) of a valid line, each
// form once, as first written, and their folded forms.
func readGroup(forms []string) (group, folds []string) {
	group = make([]string, 0, len(forms))
	folds = make([]string, 0, len(forms)) // a group has a few forms: a slice beats a map
	for _, f := range forms {
		f = strings.TrimSpace(f)
		if folded := segment.FoldString(f); !slices.Contains(folds, folded) {
			folds = append(folds, folded)
			group = append(group, f)
		}
	}
	return group, folds
}

// Len returns the number of groups.
func (s *Synonyms) Len() int {
	if s == nil {
		return 0
	}
	if s.unread {
		s = builtin()
	}
	return len(s.groups)
}

// Groups returns the groups, each a list of forms as written.
func (s *Synonyms) Groups() [][]string {
	if s == nil {
		return nil
	}
	if s.unread {
		s = builtin()
	}
	out := make([][]string, len(s.groups))
	for i, g := range s.groups {
		out[i] = append([]string(nil), g...)
	}
	return out
}

// Forms returns keyword and, after it, the other forms of every group it
// is a form of, each once.
func (s *Synonyms) Forms(keyword string) []string {
	out := []string{keyword}
	if s == nil {
		return out
	}
	folded := segment.FoldString(keyword)
	if s.unread {
		return unreadForms(keyword, folded)
	}
	seen := map[string]bool{folded: true}
	for _, g := range s.byFold[folded] {
		for _, f := range s.groups[g] {
			if ff := segment.FoldString(f); !seen[ff] {
				seen[ff] = true
				out = append(out, f)
			}
		}
	}
	return out
}

// keywordForms returns the forms a keyword is searched as: with s nil, an
// exact or quoted keyword, or a doc: one, only as typed.
func (s *Synonyms) keywordForms(k *Keyword) []string {
	if s == nil || k.Exact || k.Quoted || k.Field == FieldDoc {
		return []string{k.Text}
	}
	return s.Forms(k.Text)
}
