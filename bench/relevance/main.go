package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/zhsearch/zhsearch/segment"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

type options struct {
	corpus   string
	cache    string
	testdata string
	seed     uint64
	known    int
	laws     int
	verbose  bool
	pool     bool
	rebuild  bool
	add      string
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("relevance", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var o options
	repo := moduleRoot(".")
	cacheRoot, _ := os.UserCacheDir()
	if cacheRoot != "" {
		cacheRoot = filepath.Join(cacheRoot, "zhsearch-relevance")
	}
	testdata := "testdata"
	if repo != "" {
		testdata = filepath.Join(repo, "bench", "relevance", "testdata")
	}
	fl.StringVar(&o.corpus, "corpus", defaultCorpus(repo), "the shared corpus folder (reports/ and laws/)")
	fl.StringVar(&o.cache, "cache", cacheRoot, "where built indexes are kept for later runs; empty to build afresh into a temporary folder")
	fl.StringVar(&o.testdata, "testdata", testdata, "the folder of queries.tsv, grades.tsv and pool.tsv")
	fl.Uint64Var(&o.seed, "seed", 1, "seed of the known-item queries")
	fl.IntVar(&o.known, "known", 800, "how many known-item queries")
	fl.IntVar(&o.laws, "laws", defaultLaws, "how many laws the corpus takes (the targets are set on 300)")
	fl.BoolVar(&o.verbose, "v", false, "print per-query figures")
	fl.BoolVar(&o.verbose, "explain", false, "the same as -v")
	fl.BoolVar(&o.pool, "pool", false, "write the pool entries that have no grade yet to pool.tsv")
	fl.BoolVar(&o.rebuild, "rebuild", false, "build the indexes afresh, ignoring the cache")
	fl.StringVar(&o.add, "add-grades", "", "add the grades filled in a copy of pool.tsv to grades.tsv, then measure")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "relevance: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if o.known < 0 {
		fmt.Fprintln(stderr, "relevance: -known must not be negative")
		return 2
	}
	if o.laws < 1 {
		fmt.Fprintln(stderr, "relevance: -laws must be at least 1")
		return 2
	}
	if o.rebuild {
		o.cache = ""
	}
	err := measure(context.Background(), o, repo, stdout)
	if errors.Is(err, errNoCorpus) {
		fmt.Fprintf(stdout, "relevance: skipped: %v (the shared corpus is needed; -corpus names it)\n", err)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "relevance: %v\n", err)
		return 2
	}
	return 0
}

// defaultCorpus is ../shared/corpus beside the module's folder.
func defaultCorpus(repo string) string {
	if repo == "" {
		return filepath.Join("..", "shared", "corpus")
	}
	return filepath.Join(filepath.Dir(repo), "shared", "corpus")
}

func measure(ctx context.Context, o options, repo string, out io.Writer) error {
	start := time.Now()
	c, err := loadCorpus(o.corpus, o.laws)
	if err != nil {
		return err
	}
	seg, err := segment.New(segment.Options{})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "corpus: %s, %d files (every report, %d laws), %d paragraphs\n", c.root, len(c.files), c.laws, len(c.paras))
	s, cleanup, err := openSystems(ctx, c, seg, o.cache, repo, out)
	defer cleanup()
	if err != nil {
		return err
	}
	defer s.Close()

	queries, book, err := readJudged(o)
	if err != nil {
		return err
	}

	gen := newGenerator(c, seg)
	items := gen.items(o.known, o.seed)
	known, err := runKnownItems(ctx, s, items)
	if err != nil {
		return err
	}
	if o.verbose {
		printKnownItems(out, c, known)
	}
	bounds, err := knownItemBounds(ctx, s, gen, items)
	if err != nil {
		return err
	}
	if o.verbose {
		if err := printMisses(ctx, out, s, gen, known); err != nil {
			return err
		}
	}

	judged, err := runJudged(ctx, s, queries, book)
	if err != nil {
		return err
	}
	if o.verbose {
		printJudged(out, judged)
	}
	poolPath := filepath.Join(o.testdata, poolFile)
	printUngraded(out, judged, o.verbose, poolPath)
	if o.pool {
		var entries []poolEntry
		for _, r := range judged {
			entries = append(entries, r.ungraded...)
		}
		if err := writePool(poolPath, entries); err != nil {
			return err
		}
		fmt.Fprintf(out, "wrote %d entries to grade to %s\n", len(entries), poolPath)
	}

	t := &table{}
	addKnownItemRows(t, c, known, o.seed)
	var boundRR []float64
	for _, b := range bounds {
		boundRR = append(boundRR, b.rr)
	}
	t.rows = append(t.rows, []string{"known-item MRR@10 bound: the generator's likelihood ranking", fmt.Sprintf("%.3f", mean(boundRR)), "–", "–", "no ranking does better on average"})
	addJudgedRows(t, judged)
	fmt.Fprintln(out)
	t.print(out)
	fmt.Fprintf(out, "\n%.1f s\n", time.Since(start).Seconds())
	return nil
}

// A table of figures, printed as Markdown.
type table struct{ rows [][]string }

// add adds a row: a figure of both systems, their ratio and the target.
func (t *table) add(metric string, zh, cjk float64, target string) {
	ratio := "–"
	if cjk > 0 {
		ratio = fmt.Sprintf("%.2fx", zh/cjk)
	}
	t.rows = append(t.rows, []string{metric, fmt.Sprintf("%.3f", zh), fmt.Sprintf("%.3f", cjk), ratio, target})
}

func (t *table) print(w io.Writer) {
	fmt.Fprintln(w, "| metric | zhsearch | cjk baseline | ratio | target |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- |")
	for _, r := range t.rows {
		fmt.Fprintf(w, "| %s |\n", strings.Join(r, " | "))
	}
}

// met says whether a target is met, for the target column.
func met(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}

// readJudged reads the judged queries and their grades, first adding the
// grades of o.add to grades.tsv when asked to.
func readJudged(o options) ([]judgedQuery, gradeBook, error) {
	queries, err := readQueries(filepath.Join(o.testdata, queriesFile))
	if err != nil {
		return nil, nil, err
	}
	gradesPath := filepath.Join(o.testdata, gradesFile)
	grades, err := readGrades(gradesPath)
	if err != nil {
		return nil, nil, err
	}
	if o.add != "" {
		more, err := readGrades(o.add)
		if err != nil {
			return nil, nil, err
		}
		book, err := newGradeBook(slices.Concat(grades, more))
		if err != nil {
			return nil, nil, fmt.Errorf("adding %s to %s: %w", o.add, gradesPath, err)
		}
		if err := writeGrades(gradesPath, book); err != nil {
			return nil, nil, err
		}
		grades = book.list()
	}
	book, err := newGradeBook(grades)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", gradesPath, err)
	}
	return queries, book, nil
}
