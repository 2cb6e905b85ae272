package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSkipsWithoutCorpus: without the shared corpus the harness says why it
// measures nothing and succeeds, so that "make relevance" does not fail on a
// machine that lacks it.
func TestSkipsWithoutCorpus(t *testing.T) {
	var out, errs bytes.Buffer
	missing := filepath.Join(t.TempDir(), "corpus")
	if code := run([]string{"-corpus", missing}, &out, &errs); code != 0 {
		t.Fatalf("run = %d, want 0; stderr: %s", code, errs.String())
	}
	if !strings.Contains(out.String(), "skipped") || !strings.Contains(out.String(), missing) {
		t.Errorf("output %q does not say that it skipped for want of %s", out.String(), missing)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-known", "-1"}, {"-nosuchflag"}, {"extra"}} {
		var out, errs bytes.Buffer
		if code := run(args, &out, &errs); code != 2 {
			t.Errorf("run(%q) = %d, want 2", args, code)
		}
		if errs.Len() == 0 {
			t.Errorf("run(%q) printed no error", args)
		}
	}
}

// TestEndToEnd runs the harness on a small corpus of its own: it measures
// both systems, writes the pool for graders, takes their grades back, and a
// second run reuses the cached indexes.
func TestEndToEnd(t *testing.T) {
	root := t.TempDir()
	corpusDir := filepath.Join(root, "corpus")
	topics := []string{"大气污染防治", "饮用水水源保护", "安全生产", "电梯安全", "生活垃圾分类", "湿地保护",
		"养犬管理", "消防安全", "物业管理", "食品安全", "学校安全", "河道管理"}
	for i, topic := range topics {
		law := "# 某市" + topic + "条例\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n" +
			"第一条 为了加强" + topic + "工作，保障人民群众生命财产安全，根据有关法律、行政法规，结合本市实际，制定本条例。\n\n" +
			"第二条 本市行政区域内的" + topic + "及其监督管理活动，适用本条例。县级以上人民政府应当将" + topic + "纳入国民经济和社会发展规划。\n\n" +
			"## 第二章 法律责任\n\n" +
			"第三条 违反本条例规定，未落实" + topic + "责任制的，由主管部门责令限期改正，处一万元以上五万元以下罚款；情节严重的，吊销许可证。\n"
		writeTestFile(t, filepath.Join(corpusDir, "laws", "地方性法规", fmt.Sprintf("law%02d.md", i)), law)
	}
	writeTestFile(t, filepath.Join(corpusDir, "reports", "national", "2024.txt"),
		"2024年政府工作报告\n一、过去一年的工作\n全面落实安全生产责任制，深入开展安全生产治本攻坚行动，重特大事故得到有效遏制，人民群众安全感进一步增强。\n"+
			"持续深入打好蓝天、碧水、净土保卫战，大气污染防治取得新进展，地级及以上城市细颗粒物平均浓度继续下降。\n")
	writeTestFile(t, filepath.Join(corpusDir, "reports", "national", "2025.txt"),
		"2025年政府工作报告\n二、今年的主要任务\n加强饮用水水源保护，推进湿地保护修复，统筹山水林田湖草沙一体化保护和系统治理，筑牢生态安全屏障。\n"+
			"完善物业管理和养老服务，推动生活垃圾分类取得实效，让城乡居民生活更加舒心、安心、放心。\n")
	testdata := filepath.Join(root, "testdata")
	writeTestFile(t, filepath.Join(testdata, queriesFile), "query\tneed\n安全生产 责任制\twho is responsible for production safety\n湿地保护\thow wetlands are protected\n")
	writeTestFile(t, filepath.Join(testdata, gradesFile), "query\tkey\tgrade\n")
	args := []string{"-corpus", corpusDir, "-cache", filepath.Join(root, "cache"), "-testdata", testdata, "-laws", "6", "-known", "10"}

	out := runOK(t, append(args, "-pool"))
	for _, want := range []string{"8 files (every report, 6 laws)", "| known-item MRR@10 (10 queries, seed 1) |",
		"| known-item MRR@10, rare words (5) |", "| known-item MRR@10 bound:", "UNGRADED", "| judged P@5 (2 queries, no grades yet) |"} {
		if !strings.Contains(out, want) {
			t.Errorf("the first run's output lacks %q:\n%s", want, out)
		}
	}
	pool, err := os.ReadFile(filepath.Join(testdata, poolFile))
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSuffix(string(pool), "\n"), "\n")[1:]
	if len(rows) == 0 {
		t.Fatalf("the pool is empty:\n%s", out)
	}
	// A grader grades every pooled paragraph that holds 责任制 or 湿地保护 3,
	// the others 0.
	var filled strings.Builder
	filled.WriteString("query\tkey\tgrade\ttitle\tsection\ttext\n")
	for _, row := range rows {
		f := strings.Split(row, "\t")
		f[2] = "0"
		if strings.Contains(f[5], "责任制") || strings.Contains(f[5], "湿地保护") {
			f[2] = "3"
		}
		filled.WriteString(strings.Join(f, "\t") + "\n")
	}
	filledPath := filepath.Join(root, "filled.tsv")
	writeTestFile(t, filledPath, filled.String())

	out = runOK(t, append(args, "-add-grades", filledPath))
	for _, want := range []string{"using the cached index", fmt.Sprintf("%d graded, 0 UNGRADED", len(rows)),
		"| judged nDCG@10 (2 of 2 queries) |", "| judged P@5 (2 queries) |"} {
		if !strings.Contains(out, want) {
			t.Errorf("the graded run's output lacks %q:\n%s", want, out)
		}
	}
	grades, err := readGrades(filepath.Join(testdata, gradesFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(grades) != len(rows) {
		t.Errorf("grades.tsv holds %d grades, want the %d of the pool", len(grades), len(rows))
	}
}

func runOK(t *testing.T, args []string) string {
	t.Helper()
	var out, errs bytes.Buffer
	if code := run(args, &out, &errs); code != 0 {
		t.Fatalf("run(%q) = %d; stderr:\n%s\nstdout:\n%s", args, code, errs.String(), out.String())
	}
	return out.String()
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
