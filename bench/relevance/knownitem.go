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

// knownItems makes n known-item queries with a fixed seed, alternately of
// each kind, each from another paragraph drawn at random from the eligible
// ones: body text of at least minTargetRunes runes whose text occurs once
// in the corpus. Rarity is a word's document frequency: in how many
// paragraphs gse cuts it.
func knownItems(c *corpus, seg *segment.Segmenter, n int, seed uint64) []knownItem {
	words := make([][]word, len(c.paras))
	df := map[string]int{}
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
			df[t.Term]++
			if w := text[t.Start:t.End]; allHan(w) && utf8.RuneCountInString(w) >= 2 && !isNumbering(w) {
				words[i] = append(words[i], word{text: w, term: t.Term, start: t.Start, end: t.End})
			}
		}
	}
	var eligible []int
	for i := range c.paras {
		p := &c.paras[i]
		if p.Kind == extract.KindBody && utf8.RuneCountInString(p.Text) >= minTargetRunes && count[p.Text] == 1 {
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
			q = rareWords(words[i], df, 2+rng.IntN(2))
		case kindFragment:
			q = fragment(c.paras[i].Text, words[i], df, 4+rng.IntN(4), rng)
		}
		if q != "" {
			items = append(items, knownItem{Query: q, Kind: kind, Target: i})
		}
	}
	return items
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

// fragment returns a run of n Han characters of text, as a person who
// remembers a distinctive phrase would type it: chosen at random among the
// runs that hold the rarest whole word any run holds. "" when text has no
// run of n Han characters.
func fragment(text string, words []word, df map[string]int, n int, rng *rand.Rand) string {
	type window struct{ start, end int }
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
	if len(best) == 0 {
		return ""
	}
	w := best[rng.IntN(len(best))]
	return text[w.start:w.end]
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

func allHan(s string) bool {
	for _, r := range s {
		if !segment.IsHan(r) {
			return false
		}
	}
	return s != ""
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
