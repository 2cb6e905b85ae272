package query

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhsearch/zhsearch/index"
)

func filterAtCol(name FilterName, value string, col int) *Filter {
	return &Filter{Name: name, Value: value, Column: col}
}

func dateAt(name FilterName, value, from, to string, col int) *Filter {
	return &Filter{Name: name, Value: value, From: from, To: to, Column: col}
}

// filterParseTests are queries with filters that parse. canon is what
// String() renders.
var filterParseTests = []parsedQuery{
	{"a kind beside a keyword", "kind:通知 监管",
		andOf(filterAtCol(FilterKind, "通知", 1), wordAt("监管", 9)), "kind:通知 监管"},
	{"every name, full-width colon too", "issuer:国务院 no：国发〔2024〕5号 region:河南 force:地方性法规 status:现行有效 安全",
		andOf(filterAtCol(FilterIssuer, "国务院", 1), filterAtCol(FilterNumber, "国发〔2024〕5号", 12), filterAtCol(FilterRegion, "河南", 26),
			filterAtCol(FilterForce, "地方性法规", 36), filterAtCol(FilterStatus, "现行有效", 48), wordAt("安全", 60)),
		"issuer:国务院 no:国发〔2024〕5号 region:河南 force:地方性法规 status:现行有效 安全"},
	{"a quoted value keeps its spaces", `issuer:"国务院 办公厅" a`,
		andOf(filterAtCol(FilterIssuer, "国务院 办公厅", 1), wordAt("a", 18)), `issuer:"国务院 办公厅" a`},
	{"a closed date range", "date:2020..2024 a",
		andOf(dateAt(FilterDate, "2020..2024", "2020", "2024", 1), wordAt("a", 17)), "date:2020..2024 a"},
	{"a range open at its end, to the month", "date:2023-6.. a",
		andOf(dateAt(FilterDate, "2023-6..", "2023-06", "", 1), wordAt("a", 15)), "date:2023-6.. a"},
	{"a range open at its start", "date:..2019 a",
		andOf(dateAt(FilterDate, "..2019", "", "2019", 1), wordAt("a", 13)), "date:..2019 a"},
	{"one year is a range of itself", "effective:2024 a",
		andOf(dateAt(FilterEffective, "2024", "2024", "2024", 1), wordAt("a", 16)), "effective:2024 a"},
	{"a day, with slashes", "date:2024/03/05 a",
		andOf(dateAt(FilterDate, "2024/03/05", "2024-03-05", "2024-03-05", 1), wordAt("a", 17)), "date:2024/03/05 a"},
	{"a range within one year's months", "date:2024-03..2024 a",
		andOf(dateAt(FilterDate, "2024-03..2024", "2024-03", "2024", 1), wordAt("a", 20)), "date:2024-03..2024 a"},
	{"an excluded filter", "-kind:报告 安全",
		andOf(notAt(1, filterAtCol(FilterKind, "报告", 2)), wordAt("安全", 10)), "-kind:报告 安全"},
	{"filters alone list documents", "kind:条例 date:2020..",
		andOf(filterAtCol(FilterKind, "条例", 1), dateAt(FilterDate, "2020..", "2020", "", 9)), "kind:条例 date:2020.."},
	{"one filter alone", "kind:法", filterAtCol(FilterKind, "法", 1), "kind:法"},
	{"beside an OR of keywords", "kind:法 a OR b",
		andOf(filterAtCol(FilterKind, "法", 1), orOf(wordAt("a", 8), wordAt("b", 13))), "kind:法 a OR b"},
	{"a filter name inside a word is text", "akind:x 12kind:法",
		andOf(wordAt("akind:x", 1), wordAt("12kind:法", 9)), `akind:x 12kind:法`},
	{"a keyword that reads as a filter is quoted", `"kind:法"`, phraseAt("kind:法", 1), `"kind:法"`},
	{"upper case is text", "Kind:法", wordAt("Kind:法", 1), "Kind:法"},
}

func TestParseFilters(t *testing.T) { testParsed(t, filterParseTests) }

func TestParseFilterErrors(t *testing.T) {
	tests := []struct {
		name  string
		query string
		col   int
		msg   string
	}{
		{"no value", "kind: a", 1, "kind: must be followed directly by a value, as kind:通知"},
		{"at the end", "a date:", 3, "date: must be followed directly by a value, as date:2020..2024"},
		{"a value of punctuation", "kind:、 a", 6, "kind: needs a value with letters or digits, as kind:通知"},
		{"a month out of range", "a date:2024-13", 8, `date:2024-13: "2024-13" is not a date: want 2024, 2024-06 or 2024-06-01`},
		{"a two-digit year", "date:24..25 a", 6, `date:24..25: "24" is not a date: want 2024, 2024-06 or 2024-06-01`},
		{"a range backwards", "date:2025..2020 a", 6, "date:2025..2020: the range ends (2020) before it starts (2025)"},
		{"only dots", "date:.. a", 6, "date:..: want a year or a range, as 2020..2024, 2023-06.. or ..2019"},
		{"three dots", "date:2020...2024 a", 6, `date:2020...2024: ".2024" is not a date: want 2024, 2024-06 or 2024-06-01`},
		{"inside parentheses", "a (kind:法 b)", 4, "kind: filters the whole query and cannot be inside parentheses"},
		{"inside a field group", "title:(kind:法)", 8, "kind: filters the whole query and cannot be inside title:"},
		{"after a field prefix", "title:kind:法", 7, "kind: filters the whole query and cannot be inside title:"},
		{"a side of OR", "kind:通知 OR kind:意见", 1, "kind: filters the whole query and cannot be a side of OR (kind:A kind:B matches either)"},
		{"the second side of OR", "a OR -kind:通知", 6, "kind: filters the whole query and cannot be a side of OR (kind:A kind:B matches either)"},
		{"an unclosed quoted value", `issuer:"国务院 a`, 8, "unclosed quote"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.query)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) = %v, %v; want a *SyntaxError", tc.query, got, err)
			}
			want := &SyntaxError{Query: tc.query, Column: tc.col, Msg: tc.msg}
			if diff := cmp.Diff(want, se); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if _, err := Parse("-kind:通知"); !errors.Is(err, ErrEmptyQuery) {
		t.Errorf(`Parse("-kind:通知") = %v, want ErrEmptyQuery: an excluded filter alone lists nothing`, err)
	}
}

func TestDocumentFilters(t *testing.T) {
	docs := []index.DocTitle{
		{Path: "a", Date: "2019-01-27", Issuer: "国务院", Number: "国发〔2019〕5号", Type: "意见", Region: "全国"},
		{Path: "b", Date: "2021-06-10", Effective: "2021-09-01", Issuer: "全国人民代表大会常务委员会", Type: "法", Region: "全国", Force: "法律", Status: "现行有效"},
		{Path: "c", Date: "2024", Issuer: "河南省人民代表大会常务委员会", Type: "条例", Region: "河南省洛阳市", Force: "地方性法规"},
		{Path: "d", Date: "2024-03-05", Issuer: "国务院办公厅", Number: "国办发[2024]12号", Type: "通知", Region: "全国"},
		{Path: "e"},
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"kind:通知", []string{"d"}},
		{"kind:通", nil}, // kinds are exact
		{"kind:通知 kind:意见", []string{"a", "d"}},
		{"issuer:国务院", []string{"a", "d"}},
		{"issuer:国务院 -issuer:办公厅", []string{"a"}},
		{"issuer:ＮＰＣ", nil},
		{"region:河南", []string{"c"}},
		{"region:洛阳", []string{"c"}},
		{"no:国发[2019]5号", []string{"a"}},
		{"no:国发（2019）5号", []string{"a"}},
		{"no:国办发〔2024〕12号", []string{"d"}},
		{"no:国发〔2019〕", nil}, // numbers are whole
		{"force:地方性法规", []string{"c"}},
		{"force:法律 status:现行有效", []string{"b"}},
		{"date:2020..2024", []string{"b", "c", "d"}},
		{"date:2024-03..", []string{"d"}}, // "2024" says no month
		{"date:..2019", []string{"a"}},
		{"date:2024", []string{"c", "d"}},
		{"date:2021-06-10", []string{"b"}},
		{"effective:2021", []string{"b"}},
		{"-kind:法 region:全国", []string{"a", "d"}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			n, err := Parse(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			_, m := splitFilters(n)
			pass, err := allowedDocs(docSlice(docs), m, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for i, ok := range pass {
				if ok {
					got = append(got, docs[i].Path)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// docSlice is a list of documents made in a test.
type docSlice []index.DocTitle

func (s docSlice) Len() int                { return len(s) }
func (s docSlice) At(i int) index.DocTitle { return s[i] }
