package export_test

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/export"
	"github.com/zhsearch/zhsearch/query"
)

var hit = query.Hit{
	Doc: "reports/河北省.txt", Title: "2026年河北省政府工作报告", Date: "2026-01-26",
	Section: []string{"三、主要工作", "（六）保持社会大局稳定"}, Paragraph: 55,
	Text:    "严守安全发展底线，\"稳\"字当头。\n\t第二行\\",
	Matches: []query.Match{{Start: 6, End: 12}},
}

// TestCSVReadsBack: what encoding/csv reads back is each cell as written,
// quotes, line breaks and tabs included, after Excel's byte order mark.
func TestCSVReadsBack(t *testing.T) {
	var b strings.Builder
	w, err := export.NewWriter("csv", &b)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(hit); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	body, ok := strings.CutPrefix(b.String(), "\ufeff")
	if !ok {
		t.Fatal("no byte order mark")
	}
	got, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{export.Columns, {hit.Doc, hit.Title, hit.Date, "三、主要工作 > （六）保持社会大局稳定", "55", hit.Text, "安全", ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := export.NewWriter("xlsx", &strings.Builder{}); err == nil {
		t.Error("no error for xlsx")
	}
}

// A TSV export escapes tabs, line breaks and backslashes in cells, so that
// every hit is one line.
func ExampleNewWriter() {
	w, _ := export.NewWriter("tsv", os.Stdout)
	w.Write(hit)
	w.Close()
	// Output:
	// doc	title	date	section	paragraph	text	matches	expanded
	// reports/河北省.txt	2026年河北省政府工作报告	2026-01-26	三、主要工作 > （六）保持社会大局稳定	55	严守安全发展底线，"稳"字当头。\n\t第二行\\	安全
}
