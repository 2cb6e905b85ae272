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
	Text:     "严守安全发展底线，\"稳\"字当头。\n\t第二行\\",
	Matches:  []query.Match{{Start: 6, End: 12}},
	Metadata: query.Metadata{Issuer: "河北省人民政府", Region: "河北省"},
}

// TestCSVReadsBack: what encoding/csv reads back is each cell as written,
// quotes, line breaks and tabs included, after Excel's byte order mark.
func TestCSVReadsBack(t *testing.T) {
	got := readCSV(t, hit)
	want := [][]string{export.Columns, {hit.Doc, hit.Title, hit.Date, "三、主要工作 > （六）保持社会大局稳定", "55", "", hit.Text, "安全", "",
		"河北省人民政府", "", "", "河北省", "", "", ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestCSVFormulas: a cell a spreadsheet would run as a formula is read
// back with a leading apostrophe, in CSV only; other cells are unchanged.
func TestCSVFormulas(t *testing.T) {
	for _, text := range []string{"=HYPERLINK(\"http://x\",\"点击\")", "+1", "-2", "@SUM(A1)", "\t=1", "一、=1", "'已有撇号"} {
		h := hit
		h.Text = text
		h.Matches = nil
		got := readCSV(t, h)[1][6]
		want := text
		if strings.ContainsRune("=+-@\t\r", rune(text[0])) {
			want = "'" + text
		}
		if got != want {
			t.Errorf("text %q: CSV cell %q, want %q", text, got, want)
		}
		var tsv strings.Builder
		w, _ := export.NewWriter("tsv", &tsv)
		w.Write(h)
		if line := strings.Split(tsv.String(), "\n")[1]; !strings.Contains(line, "\t"+strings.NewReplacer("\t", `\t`, "\r", `\r`).Replace(text)+"\t") {
			t.Errorf("text %q: TSV row %q does not hold it as it is", text, line)
		}
	}
}

// readCSV exports hits as CSV and reads the rows back with encoding/csv,
// after checking Excel's byte order mark.
func readCSV(t *testing.T, hits ...query.Hit) [][]string {
	t.Helper()
	var b strings.Builder
	w, err := export.NewWriter("csv", &b)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if err := w.Write(h); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	body, ok := strings.CutPrefix(b.String(), "\ufeff")
	if !ok {
		t.Fatal("no byte order mark")
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
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
	// doc	title	date	section	paragraph	article	text	matches	expanded	issuer	number	kind	region	force	status	effective
	// reports/河北省.txt	2026年河北省政府工作报告	2026-01-26	三、主要工作 > （六）保持社会大局稳定	55		严守安全发展底线，"稳"字当头。\n\t第二行\\	安全		河北省人民政府			河北省
}
