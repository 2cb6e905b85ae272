package segment

import "unicode/utf8"

// SearchWords cuts text as [Segmenter.Words] does and adds, for every word
// of three or more characters, the words of its own best cut without the
// word itself, recursively: the fine-grained cut that search engines index
// (gse's CutSearch, IK's max-word mode), so that 安全生产 counts as a word
// inside 安全生产责任制 (安全生产|责任制), while 华人 does not inside
// 中华人民共和国 (中华|人民|共和国). Tokens come by start, a word before
// the words inside it.
func (s *Segmenter) SearchWords(text string) []Token {
	words := s.Words(text)
	// The words inside longer words are about a third as many again.
	out := make([]Token, 0, len(words)+len(words)/3+1)
	var runes []rune
	var offs, termOffs []int
	for _, w := range words {
		out = append(out, w)
		if utf8.RuneCountInString(w.Term) < 3 {
			continue
		}
		// Folding keeps runes one for one: map rune k of the folded term to
		// its offset in the original text, and in the term, whose slices
		// are the inner words' terms.
		runes, offs, termOffs = runes[:0], offs[:0], termOffs[:0]
		for i, r := range w.Term {
			runes = append(runes, r)
			termOffs = append(termOffs, i)
		}
		termOffs = append(termOffs, len(w.Term))
		for i := range text[w.Start:w.End] {
			offs = append(offs, w.Start+i)
		}
		offs = append(offs, w.End)
		if len(offs) != len(runes)+1 {
			continue
		}
		s.words.cutInside(runes, 0, len(runes), func(a, b int) {
			out = append(out, Token{Start: offs[a], End: offs[b], Term: w.Term[termOffs[a]:termOffs[b]]})
		})
	}
	return out
}

// cutInside cuts runes[a:b], a word of three or more runes, by the
// dictionary's most probable route that does not take the whole word, and
// calls fn with each piece of two or more runes, and the pieces inside
// those, recursively.
func (d *dictionary) cutInside(runes []rune, a, b int, fn func(a, b int)) {
	n := b - a
	if n < 3 {
		return
	}
	type step struct {
		logProb float64
		last    int
	}
	route := make([]step, n+1)
	for k := n - 1; k >= 0; k-- {
		best := step{logProb: logOne - d.logTotal + route[k+1].logProb, last: k}
		t, node := d.trie(runes[a+k]), int32(0)
		for i := k; i < n; i++ {
			next, ok := t.next(node, runes[a+i])
			if !ok {
				break
			}
			if lf := t.freq(next); lf > noWord && !(k == 0 && i == n-1) {
				r := step{logProb: lf - d.logTotal + route[i+1].logProb, last: i}
				if best.logProb < r.logProb || best.logProb == r.logProb && best.last < r.last {
					best = r
				}
			}
			if next < 0 || !t.inner[next] {
				break
			}
			node = next
		}
		route[k] = best
	}
	for k := 0; k < n; {
		next := route[k].last + 1
		if next-k > 1 {
			fn(a+k, a+next)
			d.cutInside(runes, a+k, a+next, fn)
		}
		k = next
	}
}
