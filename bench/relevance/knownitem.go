package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/zhsearch/zhsearch/index/extract"
	"github.com/zhsearch/zhsearch/segment"
)

// Kinds of known-item query.
const (
	kindWords    = "rare words" // the paragraph's 2-3 rarest words, space-separated
	kindFragment = "fragment"   // 4-7 characters of its text
)

// minTargetRunes is the shortest paragraph that is a known-item target:
// shorter ones are headings and list stubs nobody half-remembers.
const minTargetRunes = 40

// A knownItem is a query and the paragraph it was made from.
type knownItem struct {
	Query  string
	Kind   string
	Target int // index into corpus.paras
}

// A word is a gse word of a paragraph that a person could type: two or more
// Han characters, not a numbering, as written in the text.
type word struct {
	text       string // as in the paragraph
	term       string // folded, as counted
	start, end int    // bytes into the paragraph text
}

// A generator makes known-item queries the way a person who
// half-remembers a paragraph types them, and says how likely a paragraph
// is to have been the one a query was made from.
type generator struct {
	c        *corpus
	words    [][]word       // by paragraph: its words a person could type
	df       map[string]int // by term: in how many paragraphs gse cuts it
	eligible []bool         // by paragraph: it can be a target
}

// newGenerator cuts every paragraph of c into words with seg. Rarity is a
// word's document frequency: in how many paragraphs gse cuts it. Targets
// are body text of at least minTargetRunes runes whose text occurs once in
// the corpus.
func newGenerator(c *corpus, seg *segment.Segmenter) *generator {
	g := &generator{c: c, words: make([][]word, len(c.paras)), df: map[string]int{}, eligible: make([]bool, len(c.paras))}
	count := map[string]int{}
	for i := range c.paras {
		count[c.paras[i].Text]++
	}
	for i := range c.paras {
		text := c.paras[i].Text
		seen := map[string]bool{}
		for _, t := range seg.Words(text) {
			if seen[t.Term] {
				continue
			}
			seen[t.Term] = true
			g.df[t.Term]++
			if w := text[t.Start:t.End]; segment.AllHan(w) && utf8.RuneCountInString(w) >= 2 && !isNumbering(w) {
				g.words[i] = append(g.words[i], word{text: w, term: t.Term, start: t.Start, end: t.End})
			}
		}
	}
	for i := range c.paras {
		p := &c.paras[i]
		g.eligible[i] = p.Kind == extract.KindBody && utf8.RuneCountInString(p.Text) >= minTargetRunes && count[p.Text] == 1
	}
	return g
}

// items makes n known-item queries with a fixed seed, alternately of each
// kind, each from another eligible paragraph drawn at random.
func (g *generator) items(n int, seed uint64) []knownItem {
	var eligible []int
	for i, ok := range g.eligible {
		if ok {
			eligible = append(eligible, i)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	rng.Shuffle(len(eligible), func(i, j int) { eligible[i], eligible[j] = eligible[j], eligible[i] })
	var items []knownItem
	for _, i := range eligible {
		if len(items) == n {
			break
		}
		var q string
		kind := kindWords
		if len(items)%2 == 1 {
			kind = kindFragment
		}
		switch kind {
		case kindWords:
			q = rareWords(g.words[i], g.df, 2+rng.IntN(2))
		case kindFragment:
			windows := fragments(g.c.paras[i].Text, g.words[i], g.df, 4+rng.IntN(4))
			if len(windows) > 0 {
				w := windows[rng.IntN(len(windows))]
				q = g.c.paras[i].Text[w.start:w.end]
			}
		}
		if q != "" {
			items = append(items, knownItem{Query: q, Kind: kind, Target: i})
		}
	}
	return items
}

// likelihood is the probability that the generator, given paragraph p as
// the target and the item's kind, makes the item's query.
func (g *generator) likelihood(it knownItem, p int) float64 {
	if !g.eligible[p] {
		return 0
	}
	switch it.Kind {
	case kindWords:
		n := len(strings.Fields(it.Query))
		if (n == 2 || n == 3) && rareWords(g.words[p], g.df, n) == it.Query {
			return 0.5
		}
	case kindFragment:
		n := utf8.RuneCountInString(it.Query)
		if n < 4 || n > 7 {
			return 0
		}
		windows := fragments(g.c.paras[p].Text, g.words[p], g.df, n)
		same := 0
		for _, w := range windows {
			if g.c.paras[p].Text[w.start:w.end] == it.Query {
				same++
			}
		}
		if same > 0 {
			return 0.25 * float64(same) / float64(len(windows))
		}
	}
	return 0
}

// rareWords returns the n words of lowest document frequency (the first of
// equals), in the order they stand in the text, space-separated; "" when
// the paragraph has fewer than n distinct words.
func rareWords(words []word, df map[string]int, n int) string {
	if len(words) < n {
		return ""
	}
	byRarity := slices.Clone(words)
	slices.SortStableFunc(byRarity, func(a, b word) int { return df[a.term] - df[b.term] })
	picked := byRarity[:n]
	slices.SortFunc(picked, func(a, b word) int { return a.start - b.start })
	texts := make([]string, n)
	for i, w := range picked {
		texts[i] = w.text
	}
	return strings.Join(texts, " ")
}

// A window is a run of characters of a paragraph's text, in bytes.
type window struct{ start, end int }

// fragments returns the runs of n Han characters of text a person who
// remembers a distinctive phrase would type, one of which the generator
// picks at random: those that hold the rarest whole word any run holds.
// None when text has no run of n Han characters.
func fragments(text string, words []word, df map[string]int, n int) []window {
	var best []window
	bestDF := math.MaxInt
	// starts holds the byte offsets of the last n+1 runes of the current
	// run of Han characters.
	var starts []int
	for i, r := range text {
		if !segment.IsHan(r) {
			starts = starts[:0]
			continue
		}
		starts = append(starts, i)
		if len(starts) < n {
			continue
		}
		w := window{starts[len(starts)-n], i + utf8.RuneLen(r)}
		rarest := math.MaxInt - 1 // a window holding no whole word
		for _, wd := range words {
			if wd.start >= w.start && wd.end <= w.end {
				rarest = min(rarest, df[wd.term])
			}
		}
		switch {
		case rarest < bestDF:
			bestDF, best = rarest, append(best[:0], w)
		case rarest == bestDF:
			best = append(best, w)
		}
	}
	return best
}

// isNumbering reports whether w is only Chinese numerals and the words of
// numbering (第三, 百三 cut from 第三百三十八条): nobody types those alone.
func isNumbering(w string) bool {
	for _, r := range w {
		if !strings.ContainsRune("第零〇一二三四五六七八九十百千万亿两条款项章节编", r) {
			return false
		}
	}
	return true
}

// knownItemResult is how each system did on one known-item query.
type knownItemResult struct {
	item            knownItem
	zhRank, cjkRank int // 1-based rank of the first right hit within the top depth, 0 when none
	zhTop, cjkTop   int // the top hit, -1 when none
}

// runKnownItems searches every item on both systems.
func runKnownItems(ctx context.Context, s *systems, items []knownItem) ([]knownItemResult, error) {
	out := make([]knownItemResult, len(items))
	for i, it := range items {
		zh, err := s.zhsearch(ctx, it.Query)
		if err != nil {
			return nil, fmt.Errorf("zhsearch, known-item query %q: %w", it.Query, err)
		}
		cjk, err := s.baseline(it.Query)
		if err != nil {
			return nil, fmt.Errorf("baseline, known-item query %q: %w", it.Query, err)
		}
		out[i] = knownItemResult{item: it, zhRank: s.c.rankOf(it.Target, zh), cjkRank: s.c.rankOf(it.Target, cjk), zhTop: top(zh), cjkTop: top(cjk)}
	}
	return out, nil
}

// rankOf returns the 1-based rank of the first hit that is the target or a
// paragraph of the same text, or 0.
func (c *corpus) rankOf(target int, ranked []int) int {
	for r, i := range ranked {
		if i == target || c.paras[i].same == c.paras[target].same {
			return r + 1
		}
	}
	return 0
}

func top(ranked []int) int {
	if len(ranked) == 0 {
		return -1
	}
	return ranked[0]
}
