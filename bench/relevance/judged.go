package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// The judged files, in the testdata folder. Each is tab-separated text whose
// first line names its columns; blank lines and lines starting with # are
// skipped.
const (
	queriesFile = "queries.tsv" // query, need
	gradesFile  = "grades.tsv"  // query, key, grade
	poolFile    = "pool.tsv"    // query, key, grade (empty), title, section, text
)

// A judgedQuery is a query a policy researcher would type and the
// information need behind it, which graders judge against.
type judgedQuery struct {
	Query, Need string
}

// A grade says how well a paragraph meets a query's need: 0 (not about it)
// to 3 (answers it directly); see testdata/GRADING.md.
type grade struct {
	Query, Key string
	Grade      int
}

// A poolEntry is a paragraph one of the systems returned for a query, as
// graders see it.
type poolEntry struct {
	Query, Key           string
	Title, Section, Text string
}

// tsvFile reads a tab-separated file with a header line naming at least the
// columns want, and calls row with each record's values of those columns
// (missing trailing values are empty) and its line number.
func tsvFile(path string, want []string, row func(values []string, line int) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	var cols []int // index in a record of each wanted column
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		if cols == nil {
			for _, w := range want {
				i := slices.Index(fields, w)
				if i < 0 {
					return fmt.Errorf("%s:%d: the header names no column %q (want %s)", path, line, w, strings.Join(want, ", "))
				}
				cols = append(cols, i)
			}
			continue
		}
		values := make([]string, len(want))
		for j, i := range cols {
			if i < len(fields) {
				values[j] = strings.TrimSpace(fields[i])
			}
		}
		if err := row(values, line); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if cols == nil {
		return fmt.Errorf("%s: no header line", path)
	}
	return nil
}

// readQueries reads the judged queries.
func readQueries(path string) ([]judgedQuery, error) {
	var qs []judgedQuery
	seen := map[string]int{}
	err := tsvFile(path, []string{"query", "need"}, func(v []string, line int) error {
		switch {
		case v[0] == "":
			return errors.New("empty query")
		case v[1] == "":
			return fmt.Errorf("query %q says nothing of the need behind it", v[0])
		case seen[v[0]] > 0:
			return fmt.Errorf("query %q is already on line %d", v[0], seen[v[0]])
		}
		seen[v[0]] = line
		qs = append(qs, judgedQuery{Query: v[0], Need: v[1]})
		return nil
	})
	return qs, err
}

// readGrades reads grades from path: grades.tsv, or a pool file some of whose
// grade cells a grader filled in (rows left empty are skipped).
func readGrades(path string) ([]grade, error) {
	var gs []grade
	err := tsvFile(path, []string{"query", "key", "grade"}, func(v []string, line int) error {
		if v[2] == "" {
			return nil
		}
		g, err := strconv.Atoi(v[2])
		if err != nil || g < 0 || g > 3 {
			return fmt.Errorf("grade %q is not one of 0, 1, 2, 3", v[2])
		}
		if v[0] == "" {
			return errors.New("empty query")
		}
		if _, _, err := parseKey(v[1]); err != nil {
			return err
		}
		gs = append(gs, grade{Query: v[0], Key: v[1], Grade: g})
		return nil
	})
	return gs, err
}

// parseKey splits a paragraph key "doc#n#hash" into the paragraph's ID and
// its text hash.
func parseKey(key string) (id, hash string, err error) {
	i := strings.LastIndexByte(key, '#')
	if i < 0 {
		return "", "", fmt.Errorf("key %q is not document#paragraph#hash", key)
	}
	id, hash = key[:i], key[i+1:]
	j := strings.LastIndexByte(id, '#')
	if j <= 0 || hash == "" {
		return "", "", fmt.Errorf("key %q is not document#paragraph#hash", key)
	}
	if n, err := strconv.Atoi(id[j+1:]); err != nil || n < 1 {
		return "", "", fmt.Errorf("key %q: paragraph number %q is not a number from 1", key, id[j+1:])
	}
	return id, hash, nil
}

// gradeBook holds the grades of the judged queries, by query and paragraph.
type gradeBook map[string]map[string]int // query -> key -> grade

// newGradeBook checks grades for contradictions: one paragraph graded twice
// for a query with different grades.
func newGradeBook(grades []grade) (gradeBook, error) {
	b := gradeBook{}
	for _, g := range grades {
		if b[g.Query] == nil {
			b[g.Query] = map[string]int{}
		}
		if old, ok := b[g.Query][g.Key]; ok && old != g.Grade {
			return nil, fmt.Errorf("query %q, paragraph %s: graded both %d and %d", g.Query, g.Key, old, g.Grade)
		}
		b[g.Query][g.Key] = g.Grade
	}
	return b, nil
}

// grade returns the grade of key for query, or ungraded.
func (b gradeBook) grade(query, key string) int {
	if g, ok := b[query][key]; ok {
		return g
	}
	return ungraded
}

// list returns the grades sorted by query and key.
func (b gradeBook) list() []grade {
	var gs []grade
	for q, keys := range b {
		for k, g := range keys {
			gs = append(gs, grade{Query: q, Key: k, Grade: g})
		}
	}
	slices.SortFunc(gs, func(a, b grade) int {
		if c := strings.Compare(a.Query, b.Query); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	return gs
}

// writeGrades writes grades.tsv.
func writeGrades(path string, b gradeBook) error {
	var sb strings.Builder
	sb.WriteString("# Grades of the judged queries: 0-3 as testdata/GRADING.md says. Keys are document#paragraph#hash.\n")
	sb.WriteString("query\tkey\tgrade\n")
	for _, g := range b.list() {
		fmt.Fprintf(&sb, "%s\t%s\t%d\n", g.Query, g.Key, g.Grade)
	}
	return writeFile(path, sb.String())
}

// writePool writes the entries for graders, in the order given, with an
// empty grade column to fill in.
func writePool(path string, entries []poolEntry) error {
	var sb strings.Builder
	sb.WriteString("query\tkey\tgrade\ttitle\tsection\ttext\n")
	for _, e := range entries {
		fmt.Fprintf(&sb, "%s\t%s\t\t%s\t%s\t%s\n", e.Query, e.Key, cell(e.Title), cell(e.Section), cell(e.Text))
	}
	return writeFile(path, sb.String())
}

// cell makes text fit in one TSV cell.
func cell(text string) string {
	return strings.NewReplacer("\t", " ", "\r", " ", "\n", " ").Replace(text)
}

// writeFile replaces path whole, so that a reader never sees half of it.
func writeFile(path, content string) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// judgedResult is how each system did on one judged query.
type judgedResult struct {
	query    judgedQuery
	zh, cjk  []int // grades of each system's top hits, ungraded where none
	known    []int // every grade known for the query, for the ideal ranking
	pool     []poolEntry
	ungraded []poolEntry // pool entries without a grade
}

// runJudged searches every query on both systems and looks their hits up in
// the grade book. A grade belongs to a paragraph by its key; a paragraph
// whose number changed (a line before it became a paragraph of its own)
// keeps its grade while its document and text are the same, since the grade
// is about the text. Grades of paragraphs no longer in the corpus, or whose
// text changed, are not known.
func runJudged(ctx context.Context, s *systems, queries []judgedQuery, book gradeBook) ([]judgedResult, error) {
	keys := map[string]int{}  // key -> paragraph
	loose := map[string]int{} // document#hash -> paragraph
	for i := range s.c.paras {
		k := s.c.paras[i].Key()
		keys[k] = i
		if dh, ok := docAndHash(k); ok {
			loose[dh] = i
		}
	}
	out := make([]judgedResult, len(queries))
	for qi, q := range queries {
		zh, err := s.zhsearch(ctx, q.Query)
		if err != nil {
			return nil, fmt.Errorf("zhsearch, judged query %q: %w", q.Query, err)
		}
		cjk, err := s.baseline(q.Query)
		if err != nil {
			return nil, fmt.Errorf("baseline, judged query %q: %w", q.Query, err)
		}
		// The query's grades by paragraph: exact keys first, then those
		// found by document and text.
		graded := map[int]int{}
		for pass := 0; pass < 2; pass++ {
			for k, g := range book[q.Query] {
				p, ok := keys[k]
				if pass == 1 {
					dh, okKey := docAndHash(k)
					p, ok = loose[dh]
					ok = ok && okKey
				}
				if _, done := graded[p]; ok && !done {
					graded[p] = g
				}
			}
		}
		gradeOf := func(p int) int {
			if g, ok := graded[p]; ok {
				return g
			}
			return ungraded
		}
		r := judgedResult{query: q}
		gradesOf := func(ranked []int) []int {
			gs := make([]int, len(ranked))
			for i, p := range ranked {
				gs[i] = gradeOf(p)
			}
			return gs
		}
		r.zh, r.cjk = gradesOf(zh), gradesOf(cjk)
		for _, g := range graded {
			r.known = append(r.known, g)
		}
		pooled := slices.Concat(zh, cjk)
		slices.SortFunc(pooled, func(a, b int) int { return strings.Compare(s.c.paras[a].Key(), s.c.paras[b].Key()) })
		pooled = slices.Compact(pooled)
		for _, p := range pooled {
			e := poolEntry{Query: q.Query, Key: s.c.paras[p].Key(), Title: s.c.paras[p].Title, Section: s.c.section(p), Text: s.c.paras[p].Text}
			r.pool = append(r.pool, e)
			if gradeOf(p) == ungraded {
				r.ungraded = append(r.ungraded, e)
			}
		}
		out[qi] = r
	}
	return out, nil
}

// docAndHash returns "document#hash" of a paragraph key: what identifies a
// paragraph's text within its document whatever its number.
func docAndHash(key string) (string, bool) {
	id, hash, err := parseKey(key)
	if err != nil {
		return "", false
	}
	return id[:strings.LastIndexByte(id, '#')] + "#" + hash, true
}

// judgedFigures are the means over the judged queries.
type judgedFigures struct {
	zhNDCG, cjkNDCG float64
	ndcgQueries     int // queries with a known relevant paragraph, which have an nDCG
	zhP5, cjkP5     float64
}

func summarize(results []judgedResult) judgedFigures {
	var zhN, cjkN, zhP, cjkP []float64
	for _, r := range results {
		if v, ok := ndcg(r.zh, r.known, depth); ok {
			w, _ := ndcg(r.cjk, r.known, depth)
			zhN, cjkN = append(zhN, v), append(cjkN, w)
		}
		zhP, cjkP = append(zhP, precision(r.zh, 5)), append(cjkP, precision(r.cjk, 5))
	}
	return judgedFigures{zhNDCG: mean(zhN), cjkNDCG: mean(cjkN), ndcgQueries: len(zhN), zhP5: mean(zhP), cjkP5: mean(cjkP)}
}

// printUngraded says how many pool entries lack a grade and lists them: all
// of them when few or when verbose, else how many per query.
func printUngraded(w io.Writer, results []judgedResult, verbose bool, poolPath string) {
	total, missing := 0, 0
	for _, r := range results {
		total += len(r.pool)
		missing += len(r.ungraded)
	}
	fmt.Fprintf(w, "\njudged pool: %d queries, %d entries, %d graded, %d UNGRADED", len(results), total, total-missing, missing)
	if missing == 0 {
		fmt.Fprintln(w)
		return
	}
	fmt.Fprintf(w, " (an ungraded paragraph scores 0 in a run and is left out of the ideal ranking; -pool writes them to %s)\n", poolPath)
	for _, r := range results {
		if len(r.ungraded) == 0 {
			continue
		}
		if !verbose && missing > 30 {
			fmt.Fprintf(w, "  %s: %d ungraded\n", r.query.Query, len(r.ungraded))
			continue
		}
		for _, e := range r.ungraded {
			fmt.Fprintf(w, "  %s\t%s\t%s\n", e.Query, e.Key, clip(e.Text, 40))
		}
	}
}
