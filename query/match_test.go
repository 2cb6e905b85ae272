package query

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/segment"
)

// eagerFind is find as it was before the offset map and unit boundaries
// were made lazily: every text folded rune by rune, every boundary
// computed. The lazy find must give the same matches.
func eagerFind(text string, p pattern) []Match {
	var b strings.Builder
	orig := []int{}
	for i, r := range text {
		if segment.Ignorable(r) {
			continue
		}
		n := b.Len()
		b.WriteRune(segment.Fold(r))
		for range b.Len() - n {
			orig = append(orig, i)
		}
	}
	orig = append(orig, len(text))
	folded := b.String()
	starts, ends := make([]bool, len(folded)+1), make([]bool, len(folded)+1)
	for u := range segment.Units(folded) {
		starts[u.Start], ends[u.End] = true, true
	}
	var matches []Match
	for i := 0; i <= len(folded)-len(p.folded) && p.folded != ""; {
		j := strings.Index(folded[i:], p.folded)
		if j < 0 {
			break
		}
		s, e := i+j, i+j+len(p.folded)
		if (!p.unitStart || starts[s]) && (!p.unitEnd || ends[e]) {
			matches = append(matches, Match{Start: orig[s], End: orig[e]})
			i = e
			continue
		}
		i = s + len(string([]rune(folded[s:])[0]))
	}
	return matches
}

// TestLazyFindEqualsEager checks the highlighter, and the check of
// candidates against the query, on random texts of simplified and
// traditional Han, full-width and half-width letters and digits, joiners
// (5.4, u.s), ignorable characters and punctuation, with keywords cut from
// the texts and from the alphabet.
func TestLazyFindEqualsEager(t *testing.T) {
	pieces := []string{"安全", "生产", "發展", "发展", "國", "国", "经济", "GDP", "gdp", "ＧＤＰ", "5", "５", "4", ".", ",", "'",
		"u", "s", "a1", "COVID", "\u00ad", "\u200b", "\ufeff", "，", "。", " ", "\u3000", "年", "2024", "％", "%", "—", "r"}
	r := rand.New(rand.NewPCG(15, 8))
	for n := range 5000 {
		var text strings.Builder
		for range 1 + r.IntN(30) {
			text.WriteString(pieces[r.IntN(len(pieces))])
		}
		var keyword string
		if runes := []rune(text.String()); n%2 == 0 && len(runes) > 1 {
			i := r.IntN(len(runes) - 1)
			keyword = string(runes[i : i+1+r.IntN(min(4, len(runes)-i))])
		} else {
			keyword = pieces[r.IntN(len(pieces))] + pieces[r.IntN(len(pieces))]
		}
		p := newPattern(keyword)
		want, got := eagerFind(text.String(), p), newFoldedText(text.String()).find(p)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("find %q in %q: (-want +got)\n%s", keyword, text.String(), diff)
		}
		// The check of candidates, which folds only when the text does
		// not hold the keyword unfolded, agrees.
		if lazy := (&lazyText{text: text.String()}).containsAny([]pattern{p}); lazy != (len(want) > 0) {
			t.Fatalf("lazyText says %q in %q is %v, find finds %d", keyword, text.String(), lazy, len(want))
		}
	}
}
