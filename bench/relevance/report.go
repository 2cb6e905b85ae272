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
	zhOnly, cjkOnly := 0, 0
	for _, r := range results {
		switch {
		case r.zhRank == 1 && r.cjkRank != 1:
			zhOnly++
		case r.cjkRank == 1 && r.zhRank != 1:
			cjkOnly++
		}
	}
	fmt.Fprintf(w, "\nknown-item queries whose target zhsearch alone ranks first: %d; the baseline alone: %d\n", zhOnly, cjkOnly)
	fmt.Fprintf(w, "known-item queries zhsearch does not rank first (%d of %d), those it loses to the baseline first:\n", len(lost), len(results))
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

// Targets of the judged queries.
const (
	ndcgTarget      = 1.15 // times the baseline's nDCG@10
	precisionTarget = 0.70 // P@5
)

// addJudgedRows adds the judged figures.
func addJudgedRows(t *table, results []judgedResult) {
	f := summarize(results)
	if f.ndcgQueries == 0 {
		t.rows = append(t.rows, []string{"judged nDCG@10 (no query has a relevant grade yet)", "–", "–", "–", fmt.Sprintf("≥ %.2fx baseline", ndcgTarget)})
		t.rows = append(t.rows, []string{fmt.Sprintf("judged P@5 (%d queries, no grades yet)", len(results)), "–", "–", "–", fmt.Sprintf("≥ %.2f", precisionTarget)})
		return
	}
	t.add(fmt.Sprintf("judged nDCG@10 (%d of %d queries)", f.ndcgQueries, len(results)), f.zhNDCG, f.cjkNDCG,
		fmt.Sprintf("≥ %.2fx baseline: %s", ndcgTarget, met(f.zhNDCG >= ndcgTarget*f.cjkNDCG)))
	t.add(fmt.Sprintf("judged P@5 (%d queries)", len(results)), f.zhP5, f.cjkP5,
		fmt.Sprintf("≥ %.2f: %s", precisionTarget, met(f.zhP5 >= precisionTarget)))
}

// printJudged lists the figures of every judged query, those where zhsearch
// does worse than the baseline first.
func printJudged(w io.Writer, results []judgedResult) {
	type row struct {
		r                       judgedResult
		zhN, cjkN               float64
		hasN                    bool
		zhP, cjkP               float64
		zhUngraded, cjkUngraded int
	}
	rows := make([]row, len(results))
	for i, r := range results {
		x := row{r: r, zhP: precision(r.zh, 5), cjkP: precision(r.cjk, 5)}
		x.zhN, x.hasN = ndcg(r.zh, r.known, depth)
		x.cjkN, _ = ndcg(r.cjk, r.known, depth)
		for _, g := range r.zh {
			if g == ungraded {
				x.zhUngraded++
			}
		}
		for _, g := range r.cjk {
			if g == ungraded {
				x.cjkUngraded++
			}
		}
		rows[i] = x
	}
	sort.SliceStable(rows, func(i, j int) bool {
		return rows[i].zhN-rows[i].cjkN+rows[i].zhP-rows[i].cjkP < rows[j].zhN-rows[j].cjkN+rows[j].zhP-rows[j].cjkP
	})
	fmt.Fprintln(w, "\njudged queries, those zhsearch does worse on first (nDCG@10 and P@5 of zhsearch / the baseline; ungraded hits in each top 10):")
	fmt.Fprintln(w, "nDCG@10 zh | cjk | P@5 zh | cjk | ungraded zh | cjk | hits zh | cjk | query")
	for _, x := range rows {
		n := func(v float64) string {
			if !x.hasN {
				return "–"
			}
			return fmt.Sprintf("%.3f", v)
		}
		fmt.Fprintf(w, "%s | %s | %.1f | %.1f | %d | %d | %d | %d | %s\n", n(x.zhN), n(x.cjkN), x.zhP, x.cjkP,
			x.zhUngraded, x.cjkUngraded, len(x.r.zh), len(x.r.cjk), x.r.query.Query)
	}
}
