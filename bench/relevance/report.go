package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// knownItemTarget is the target for known-item MRR@10.
const knownItemTarget = 0.90

// addKnownItemRows adds the known-item figures: overall, per kind of query
// and per part of the corpus.
func addKnownItemRows(t *table, c *corpus, results []knownItemResult, seed uint64) {
	type group struct {
		name string
		keep func(knownItemResult) bool
	}
	groups := []group{
		{"", func(knownItemResult) bool { return true }},
		{kindWords, func(r knownItemResult) bool { return r.item.Kind == kindWords }},
		{kindFragment, func(r knownItemResult) bool { return r.item.Kind == kindFragment }},
		{"laws", func(r knownItemResult) bool { return strings.HasPrefix(c.paras[r.item.Target].Doc, "laws/") }},
		{"reports", func(r knownItemResult) bool { return strings.HasPrefix(c.paras[r.item.Target].Doc, "reports/") }},
	}
	for _, g := range groups {
		var zhRR, cjkRR, zh1, cjk1, zh10, cjk10 []float64
		for _, r := range results {
			if !g.keep(r) {
				continue
			}
			zhRR = append(zhRR, rr(r.zhRank))
			cjkRR = append(cjkRR, rr(r.cjkRank))
			zh1 = append(zh1, success(r.zhRank, 1))
			cjk1 = append(cjk1, success(r.cjkRank, 1))
			zh10 = append(zh10, success(r.zhRank, depth))
			cjk10 = append(cjk10, success(r.cjkRank, depth))
		}
		if g.name == "" {
			name := fmt.Sprintf("known-item MRR@10 (%d queries, seed %d)", len(zhRR), seed)
			t.add(name, mean(zhRR), mean(cjkRR), fmt.Sprintf("≥ %.2f: %s", knownItemTarget, met(mean(zhRR) >= knownItemTarget)))
			t.add("known-item success@1", mean(zh1), mean(cjk1), "")
			t.add("known-item success@10", mean(zh10), mean(cjk10), "")
			continue
		}
		t.add(fmt.Sprintf("known-item MRR@10, %s (%d)", g.name, len(zhRR)), mean(zhRR), mean(cjkRR), "")
	}
}

func rr(rank int) float64 {
	if rank == 0 {
		return 0
	}
	return 1 / float64(rank)
}

func success(rank, k int) float64 {
	if rank >= 1 && rank <= k {
		return 1
	}
	return 0
}

// printKnownItems lists every known-item query whose target zhsearch does
// not rank first, those it ranks worse than the baseline first.
func printKnownItems(w io.Writer, c *corpus, results []knownItemResult) {
	var lost []knownItemResult
	for _, r := range results {
		if r.zhRank != 1 {
			lost = append(lost, r)
		}
	}
	// worse: how much lower zhsearch's reciprocal rank is than the baseline's.
	worse := func(r knownItemResult) float64 { return rr(r.cjkRank) - rr(r.zhRank) }
	sort.SliceStable(lost, func(i, j int) bool { return worse(lost[i]) > worse(lost[j]) })
	fmt.Fprintf(w, "\nknown-item queries zhsearch does not rank first (%d of %d), those it loses to the baseline first:\n", len(lost), len(results))
	fmt.Fprintln(w, "zh rank | cjk rank | kind | query | target | zhsearch's top hit")
	for _, r := range lost {
		topHit := "(none)"
		if r.zhTop >= 0 {
			topHit = c.paras[r.zhTop].ID() + " " + clip(c.paras[r.zhTop].Text, 40)
		}
		fmt.Fprintf(w, "%s | %s | %s | %s | %s %s | %s\n", rankString(r.zhRank), rankString(r.cjkRank), r.item.Kind, r.item.Query,
			c.paras[r.item.Target].ID(), clip(c.paras[r.item.Target].Text, 40), topHit)
	}
}

func rankString(r int) string {
	if r == 0 {
		return ">10"
	}
	return fmt.Sprint(r)
}

// clip shortens text to n runes.
func clip(text string, n int) string {
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	return string(r[:n]) + "…"
}
