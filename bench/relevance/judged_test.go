package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPoolAndGradesRoundTrip: a pool file written for graders, with grades
// filled in as a grader does, reads back as those grades; grades.tsv written
// from them reads back the same.
func TestPoolAndGradesRoundTrip(t *testing.T) {
	dir := t.TempDir()
	pool := []poolEntry{
		{Query: "安全生产 责任制", Key: "laws/行政法规/安全生产条例.md#12#0a1b2c3d", Title: "安全生产条例", Section: "第二章 › 第一节", Text: "生产经营单位应当建立健全安全生产责任制。"},
		{Query: "安全生产 责任制", Key: "reports/national/2024.txt#40#deadbeef", Title: "2024年政府工作报告", Text: "落实安全生产责任制，\t遏制重特大事故。"},
		{Query: "新质生产力", Key: "reports/provincial-2026/北京市.txt#46#cba4275c", Title: "2026年北京市政府工作报告", Section: "三、2026年重点工作", Text: "构建有竞争优势的新质生产力发展格局"},
	}
	poolPath := filepath.Join(dir, poolFile)
	if err := writePool(poolPath, pool); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(poolPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 1+len(pool) {
		t.Fatalf("pool file has %d lines, want a header and %d rows:\n%s", len(lines), len(pool), data)
	}
	// The grader fills in two of the three grade cells.
	for i, g := range []string{"3", "", "1"} {
		fields := strings.Split(lines[1+i], "\t")
		if len(fields) != 6 {
			t.Fatalf("pool row %d has %d fields, want 6: %q", i+1, len(fields), lines[1+i])
		}
		fields[2] = g
		lines[1+i] = strings.Join(fields, "\t")
	}
	filled := filepath.Join(dir, "filled.tsv")
	if err := os.WriteFile(filled, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := readGrades(filled)
	if err != nil {
		t.Fatal(err)
	}
	want := []grade{
		{Query: "安全生产 责任制", Key: pool[0].Key, Grade: 3},
		{Query: "新质生产力", Key: pool[2].Key, Grade: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("grades read from the filled pool (-want +got):\n%s", diff)
	}

	book, err := newGradeBook(got)
	if err != nil {
		t.Fatal(err)
	}
	gradesPath := filepath.Join(dir, gradesFile)
	if err := writeGrades(gradesPath, book); err != nil {
		t.Fatal(err)
	}
	again, err := readGrades(gradesPath)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(book.list(), again); diff != "" {
		t.Errorf("grades.tsv read back (-want +got):\n%s", diff)
	}
	if g := book.grade("安全生产 责任制", pool[1].Key); g != ungraded {
		t.Errorf("the entry left empty has grade %d, want ungraded", g)
	}
}

// TestBadJudgedFiles: a mistake in a judged file is reported with the file
// and line at fault.
func TestBadJudgedFiles(t *testing.T) {
	const key = "laws/a.md#3#0a1b2c3d"
	for _, tc := range []struct {
		name, file, content, want string
	}{
		{"grade out of range", gradesFile, "query\tkey\tgrade\n采砂\t" + key + "\t4\n", "grades.tsv:2: grade \"4\" is not one of 0, 1, 2, 3"},
		{"grade not a number", gradesFile, "query\tkey\tgrade\n采砂\t" + key + "\thigh\n", "grades.tsv:2: grade \"high\""},
		{"key without a hash", gradesFile, "query\tkey\tgrade\n采砂\tlaws/a.md#3\t2\n", "grades.tsv:2: key \"laws/a.md#3\""},
		{"paragraph number not a number", gradesFile, "query\tkey\tgrade\n采砂\tlaws/a.md#x#0a1b\t2\n", "paragraph number \"x\""},
		{"no grade column", gradesFile, "query\tkey\n采砂\t" + key + "\n", "grades.tsv:1: the header names no column \"grade\""},
		{"empty file", gradesFile, "# nothing\n", "grades.tsv: no header line"},
		{"query twice", queriesFile, "query\tneed\n采砂\tsand\n\n采砂\tagain\n", "queries.tsv:4: query \"采砂\" is already on line 2"},
		{"need missing", queriesFile, "query\tneed\n采砂\n", "queries.tsv:2: query \"采砂\" says nothing of the need"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			var err error
			if tc.file == queriesFile {
				_, err = readQueries(path)
			} else {
				_, err = readGrades(path)
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestGradeBookRefusesContradictions(t *testing.T) {
	const key = "laws/a.md#3#0a1b2c3d"
	if _, err := newGradeBook([]grade{{"采砂", key, 2}, {"采砂", key, 2}}); err != nil {
		t.Errorf("the same grade twice: %v", err)
	}
	_, err := newGradeBook([]grade{{"采砂", key, 2}, {"采砂", key, 0}})
	if err == nil || !strings.Contains(err.Error(), "graded both 2 and 0") {
		t.Errorf("two grades for one paragraph: got %v", err)
	}
}

// TestCheckedInJudgedFiles: the queries, grades and pool in testdata read
// without error, and every grade and pool entry is for a judged query.
func TestCheckedInJudgedFiles(t *testing.T) {
	queries, err := readQueries(filepath.Join("testdata", queriesFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(queries) < 40 {
		t.Errorf("%d judged queries, want at least 40", len(queries))
	}
	judged := map[string]bool{}
	for _, q := range queries {
		judged[q.Query] = true
	}
	for _, f := range []string{gradesFile, poolFile} {
		err := tsvFile(filepath.Join("testdata", f), []string{"query", "key"}, func(v []string, line int) error {
			if !judged[v[0]] {
				t.Errorf("%s:%d: %s for %q, which is not a judged query", f, line, v[1], v[0])
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := readGrades(filepath.Join("testdata", f)); err != nil {
			t.Error(err)
		}
	}
}
