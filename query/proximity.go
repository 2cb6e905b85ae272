package query

import (
	"slices"
	"sort"
	"unicode/utf8"
)

// endsSentence reports whether r ends a sentence for the /s operator: the
// full stops, question and exclamation marks and semicolons of Chinese and
// Latin text, and line breaks — the sentence ends the index counts (see
// sentenceQuery), which must agree.
func endsSentence(r rune) bool {
	switch r {
	case '。', '！', '？', '；', '!', '?', ';', '\n':
		return true
	}
	return false
}

// nearText is a text prepared for proximity checks: its sentence ends, by
// byte offset, found on first use.
type nearText struct {
	text  string
	ft    *foldedText
	stops []int // byte offsets of the runes that end sentences; nil until needed
	split bool
}

func newNearText(text string, ft *foldedText) *nearText {
	if ft == nil {
		ft = newFoldedText(text)
	}
	return &nearText{text: text, ft: ft}
}

// sentence returns the sentence m lies in, numbered from 0, and false when
// m spans a sentence end (one it ends with does not count).
func (t *nearText) sentence(m Match) (int, bool) {
	if !t.split {
		t.split = true
		for i, r := range t.text {
			if endsSentence(r) {
				t.stops = append(t.stops, i)
			}
		}
	}
	s := sort.SearchInts(t.stops, m.Start) // stops before m
	_, size := utf8.DecodeLastRuneInString(t.text[:m.End])
	last := m.End - size
	return s, sort.SearchInts(t.stops, last) == s
}

// related reports whether occurrences a and b, two different ones, satisfy
// op, in either order.
func (t *nearText) related(a, b Match, op Proximity) bool {
	if a == b {
		return false
	}
	if op.Sentence {
		sa, ok := t.sentence(a)
		if !ok {
			return false
		}
		sb, ok := t.sentence(b)
		return ok && sa == sb
	}
	if b.End <= a.Start {
		a, b = b, a
	}
	if a.End >= b.Start { // they touch or overlap: nothing between
		return true
	}
	between := t.text[a.End:b.Start]
	return len(between) <= op.Chars || utf8.RuneCountInString(between) <= op.Chars
}

// occurrences returns the occurrences of any of the patterns, by start.
func (t *nearText) occurrences(patterns []pattern) []Match {
	var out []Match
	for _, p := range patterns {
		out = append(out, t.ft.find(p)...)
	}
	sortMatches(out)
	return slices.Compact(out)
}

// match reports whether n's chain holds in t and returns the occurrences
// that take part in some complete chain, by start. patterns gives the
// patterns of an operand.
func (t *nearText) match(n *Near, patterns func(Node) []pattern) (bool, []Match) {
	occ := make([][]Match, len(n.Nodes))
	for i, c := range n.Nodes {
		occ[i] = t.occurrences(patterns(c))
		if len(occ[i]) == 0 {
			return false, nil
		}
	}
	// reach[i][j]: some chain of operands 0..i ends at occurrence j of i.
	reach := make([][]bool, len(occ))
	reach[0] = make([]bool, len(occ[0]))
	for j := range reach[0] {
		reach[0][j] = true
	}
	for i := 1; i < len(occ); i++ {
		reach[i] = make([]bool, len(occ[i]))
		any := false
		for j, b := range occ[i] {
			for k, a := range occ[i-1] {
				if reach[i-1][k] && t.related(a, b, n.Ops[i-1]) {
					reach[i][j] = true
					any = true
					break
				}
			}
		}
		if !any {
			return false, nil
		}
	}
	// Walk back: keep the occurrences that continue to a complete chain.
	var out []Match
	keep := reach[len(occ)-1]
	for j, ok := range keep {
		if ok {
			out = append(out, occ[len(occ)-1][j])
		}
	}
	for i := len(occ) - 2; i >= 0; i-- {
		next := make([]bool, len(occ[i]))
		for k, a := range occ[i] {
			if !reach[i][k] {
				continue
			}
			for j, b := range occ[i+1] {
				if keep[j] && t.related(a, b, n.Ops[i]) {
					next[k] = true
					out = append(out, a)
					break
				}
			}
		}
		keep = next
	}
	sortMatches(out)
	return true, slices.Compact(out)
}

func sortMatches(ms []Match) {
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].Start != ms[j].Start {
			return ms[i].Start < ms[j].Start
		}
		return ms[i].End < ms[j].End
	})
}
