package main

import (
	"fmt"
	"strings"

	"github.com/zhsearch/zhsearch/query"
)

// maxRepeatsShown bounds the repeats listed under a hit in the terminal;
// --json lists them all.
const maxRepeatsShown = 8

// repeats lists the hits collapsed under h: "也见于 N 篇文档", then one line
// each, the most alike first as the search ranked them.
func (p *printer) repeats(h query.Hit) {
	if len(h.Repeats) == 0 {
		return
	}
	docs := map[string]bool{}
	same := 0
	for _, r := range h.Repeats {
		if r.Doc == h.Doc {
			same++
		} else {
			docs[r.Doc] = true
		}
	}
	var head []string
	if len(docs) > 0 {
		head = append(head, fmt.Sprintf("也见于 %d 篇文档", len(docs)))
	}
	if same > 0 {
		head = append(head, fmt.Sprintf("本文另有 %d 段", same))
	}
	fmt.Fprintf(p.w, "  %s\n", p.style(strings.Join(head, "，")+"：", styleDim))
	for i, r := range h.Repeats {
		if i == maxRepeatsShown {
			fmt.Fprintf(p.w, "    %s\n", p.style(fmt.Sprintf("… %d more (--no-collapse shows each as a hit)", len(h.Repeats)-i), styleDim))
			break
		}
		title := r.Title
		if r.Date != "" {
			title += " (" + r.Date + ")"
		}
		fmt.Fprintf(p.w, "    %s %s  %s  %s\n", p.text(title, "", false), p.style(fmt.Sprintf("¶%d", r.Paragraph), stylePara),
			similarityLabel(r.Similarity), p.style(p.path(r.Doc), styleDim))
	}
}

// similarityLabel shows a similarity as people read it: 相同 for the same
// text, else a percentage that does not round up to 100.
func similarityLabel(s float64) string {
	if s >= 1 {
		return "相同"
	}
	pct := int(s * 100)
	return fmt.Sprintf("%d%% 相似", min(pct, 99))
}

// collapsedSummary is the summary line of a page of collapsed hits.
func collapsedSummary(res *query.Result, offset int) string {
	groups := plural(res.Groups, "result")
	what := fmt.Sprintf("(%s; repeated text grouped, --no-collapse shows every hit) in %s", plural(res.Total, "hit"), plural(res.Documents, "document"))
	switch {
	case len(res.Hits) == 0:
		return fmt.Sprintf("%s %s, none past %d", groups, what, offset)
	case len(res.Hits) < res.Groups:
		return fmt.Sprintf("%d–%d of %s %s", offset+1, offset+len(res.Hits), groups, what)
	}
	return groups + " " + what
}
