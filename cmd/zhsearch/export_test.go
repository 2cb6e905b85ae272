package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/export"
	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// hitIDs returns the doc ¶paragraph of each JSON Lines hit.
func hitIDs(t *testing.T, jsonl string) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(jsonl), "\n") {
		var h struct {
			Doc       string `json:"doc"`
			Paragraph int    `json:"paragraph"`
		}
		if err := json.Unmarshal([]byte(line), &h); err != nil {
			t.Fatalf("%v: %q", err, line)
		}
		out = append(out, h.Doc+" ¶"+strconv.Itoa(h.Paragraph))
	}
	return out
}

// columnOf returns a function giving the place of a column of an export.
func columnOf(t *testing.T) func(name string) int {
	return func(name string) int {
		i := slices.Index(export.Columns, name)
		if i < 0 {
			t.Fatalf("no column %q in %q", name, export.Columns)
		}
		return i
	}
}

// TestExportCSV: read back with encoding/csv, the CSV has the BOM, the
// header and every hit of --limit 0, in the order of the JSON output, more
// than one export page of them.
func TestExportCSV(t *testing.T) {
	want := hitIDs(t, runCLI(t, "search", "--index", testIndex, "--json", "--limit", "0", "发展").stdout)
	r := runCLI(t, "search", "--index", testIndex, "--format", "csv", "--limit", "0", "发展")
	if r.code != exitHits {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	body, ok := strings.CutPrefix(r.stdout, "\ufeff")
	if !ok {
		t.Fatalf("no UTF-8 byte order mark: %q", r.stdout[:min(20, len(r.stdout))])
	}
	records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(export.Columns, records[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	col := columnOf(t)
	var got []string
	for _, rec := range records[1:] {
		got = append(got, rec[col("doc")]+" ¶"+rec[col("paragraph")])
		if !strings.Contains(rec[col("text")], "发展") || !strings.Contains(rec[col("matches")], "发展") {
			t.Errorf("row without the keyword in text and matches: %q", rec)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestExportTSVAndJSONL(t *testing.T) {
	want := hitIDs(t, runCLI(t, "search", "--index", testIndex, "--json", "--limit", "0", "安全生产 /s 责任制").stdout)
	jl := runCLI(t, "search", "--index", testIndex, "--format", "jsonl", "--limit", "0", "安全生产 /s 责任制")
	if diff := cmp.Diff(want, hitIDs(t, jl.stdout)); diff != "" {
		t.Errorf("jsonl (-want +got):\n%s", diff)
	}
	tsv := runCLI(t, "search", "--index", testIndex, "--format", "tsv", "--limit", "0", "安全生产 /s 责任制")
	lines := strings.Split(strings.TrimSuffix(tsv.stdout, "\n"), "\n")
	if diff := cmp.Diff(strings.Join(export.Columns, "\t"), lines[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	col := columnOf(t)
	var got []string
	for _, l := range lines[1:] {
		cells := strings.Split(l, "\t")
		if len(cells) != len(export.Columns) {
			t.Fatalf("%d cells: %q", len(cells), l)
		}
		got = append(got, cells[col("doc")]+" ¶"+cells[col("paragraph")])
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tsv (-want +got):\n%s", diff)
	}
	if bad := runCLI(t, "search", "--index", testIndex, "--format", "xls", "安全"); bad.code != exitFailure ||
		!strings.Contains(bad.stderr, `--format must be text, json, jsonl, csv or tsv, not "xls"`) {
		t.Errorf("--format xls: exit %d, %q", bad.code, bad.stderr)
	}
}

// TestEachHitPages: paging through hits gives each hit once, in order.
func TestEachHitPages(t *testing.T) {
	want := hitIDs(t, runCLI(t, "search", "--index", testIndex, "--json", "--limit", "0", "发展").stdout)
	set, err := index.OpenSet([]string{testIndex}, index.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	for _, limit := range []int{0, 30} {
		var got []string
		_, err := eachHitPaged(context.Background(), set, "发展", query.Options{}, limit, 7, func(h query.Hit) error {
			got = append(got, h.Doc+" ¶"+strconv.Itoa(h.Paragraph))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		w := want
		if limit > 0 {
			w = want[:limit]
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("limit %d, pages of 7 (-want +got):\n%s", limit, diff)
		}
	}
}

func TestSynonymsFlag(t *testing.T) {
	file := filepath.Join(t.TempDir(), "syn.txt")
	if err := os.WriteFile(file, []byte("# mine\n非煤矿山 = 危险化学品\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	plain := hitIDs(t, runCLI(t, "search", "--index", testIndex, "--json", "-n", "0", "非煤矿山").stdout)
	either := hitIDs(t, runCLI(t, "search", "--index", testIndex, "--json", "-n", "0", "非煤矿山 OR =危险化学品").stdout)
	with := hitIDs(t, runCLI(t, "search", "--index", testIndex, "--json", "-n", "0", "--synonyms", file, "非煤矿山").stdout)
	if len(with) != len(either) || len(with) <= len(plain) {
		t.Errorf("with --synonyms %d hits, 非煤矿山 %d, 非煤矿山 OR 危险化学品 %d", len(with), len(plain), len(either))
	}
	exact := hitIDs(t, runCLI(t, "search", "--index", testIndex, "--json", "-n", "0", "--synonyms", file, "--exact", "非煤矿山").stdout)
	if diff := cmp.Diff(plain, exact); diff != "" {
		t.Errorf("--exact (-want +got):\n%s", diff)
	}
	if err := os.WriteFile(file, []byte("非煤矿山 = 危险化学品\n\n非煤矿山\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := runCLI(t, "search", "--index", testIndex, "--synonyms", file, "安全")
	if bad.code != exitFailure || !strings.Contains(bad.stderr, file+":3: ") {
		t.Errorf("a bad line: exit %d, %q; want the error to name %s:3", bad.code, bad.stderr, file)
	}
}

// TestKWIC: one line per occurrence, the keyword in one column whatever
// the context's width; TSV and JSON hold the same lines.
func TestKWIC(t *testing.T) {
	r := runCLI(t, "kwic", "--index", testIndex, "--color", "never", "-w", "8", "非煤矿山")
	if r.code != exitHits {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	col := -1
	for _, l := range lines {
		i := strings.Index(l, "非煤矿山")
		if i < 0 {
			t.Fatalf("no keyword in %q", l)
		}
		if c := stringWidth(l[:i]); col < 0 {
			col = c
		} else if c != col {
			t.Errorf("keyword at column %d, not %d: %q", c, col, l)
		}
	}
	tsv := runCLI(t, "kwic", "--index", testIndex, "--format", "tsv", "-w", "8", "非煤矿山")
	tl := strings.Split(strings.TrimSuffix(tsv.stdout, "\n"), "\n")
	if len(tl) != len(lines)+1 || tl[0] != "doc\tparagraph\tleft\tkeyword\tright" {
		t.Fatalf("tsv: %d lines for %d occurrences, header %q", len(tl), len(lines), tl[0])
	}
	js := runCLI(t, "kwic", "--index", testIndex, "--json", "-w", "8", "--sort", "left", "--limit", "3", "非煤矿山")
	var prev string
	for i, l := range strings.Split(strings.TrimSpace(js.stdout), "\n") {
		var k kwicLine
		if err := json.Unmarshal([]byte(l), &k); err != nil {
			t.Fatal(err)
		}
		if k.Keyword != "非煤矿山" || len([]rune(k.Left)) > 8 || len([]rune(k.Right)) > 8 {
			t.Errorf("line %d: %+v", i, k)
		}
		if key := reverse(k.Left); key < prev {
			t.Errorf("--sort left: %q after %q", k.Left, reverse(prev))
		} else {
			prev = key
		}
		if i >= 3 {
			t.Errorf("--limit 3: line %d", i+1)
		}
	}
}

// TestExportMetadata: a law's hits carry its article and what the law says
// of itself in their own columns.
func TestExportMetadata(t *testing.T) {
	r := runCLI(t, "search", "--index", testIndex, "--format", "csv", "-n", "0", "吊销 kind:法")
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.stdout, "\ufeff"))).ReadAll()
	if err != nil || len(records) < 2 {
		t.Fatalf("%d rows, %v: %s", len(records), err, r.stderr)
	}
	col := columnOf(t)
	for _, rec := range records[1:] {
		art := rec[col("article")]
		if !strings.HasPrefix(art, "第") || !strings.HasSuffix(art, "条") || !strings.Contains(rec[col("text")], "吊销") {
			t.Errorf("%s ¶%s: article %q", rec[col("doc")], rec[col("paragraph")], art)
		}
		if rec[col("kind")] != "法" || rec[col("issuer")] == "" || rec[col("force")] != "法律" {
			t.Errorf("%s ¶%s: kind %q, issuer %q, force %q", rec[col("doc")], rec[col("paragraph")], rec[col("kind")], rec[col("issuer")], rec[col("force")])
		}
	}
}
