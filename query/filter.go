package query

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

// FilterName names the document metadata a filter tests.
type FilterName string

// The filters a query can name. Each tests one field of the document a
// paragraph belongs to ([index.DocTitle]).
const (
	FilterIssuer    FilterName = "issuer"    // 发文机关: a substring of the issuer, folded as keywords are
	FilterNumber    FilterName = "no"        // 发文字号: equal, with 〔〕[]() and full/half width forms alike
	FilterKind      FilterName = "kind"      // 文种: exactly the kind (通知, 条例, 报告…)
	FilterRegion    FilterName = "region"    // 地区: a substring of the region (河南 matches 河南省洛阳市)
	FilterForce     FilterName = "force"     // 效力级别: exactly the legal force (法律, 地方性法规…)
	FilterStatus    FilterName = "status"    // 时效性: exactly the status (现行有效, 已修改, 已废止)
	FilterDate      FilterName = "date"      // the document's date, in a range
	FilterEffective FilterName = "effective" // the date it takes effect, in a range
)

// filterNames are the filters a query can name, in the order they are tried.
var filterNames = [...]FilterName{FilterIssuer, FilterNumber, FilterKind, FilterRegion, FilterForce, FilterStatus, FilterDate, FilterEffective}

// Filter restricts a query to the documents whose metadata match.
type Filter struct {
	Name  FilterName
	Value string // as typed, without quotes
	// From and To bound a date filter, inclusive, each "2020", "2020-06"
	// or "2020-06-01", or empty where the range is open: date:2020..2024
	// is From "2020", To "2024"; date:2024 is both "2024".
	From, To string
	// Column is the 1-based rune column of the filter's name.
	Column int
}

// filterAt returns the filter whose name and colon start at rs[i] and
// their length in runes, or 0.
func filterAt(rs []rune, i int) (FilterName, int) {
	for _, f := range filterNames {
		n := len(f)
		if i+n < len(rs) && hasFieldName(rs[i:], Field(f)) && (rs[i+n] == ':' || rs[i+n] == '：') {
			return f, n + 1
		}
	}
	return "", 0
}

// filter parses a filter whose name and colon, n runes, start at p.i.
func (p *parser) filter(name FilterName, n int, field Field) (Node, bool, error) {
	at := p.i
	switch {
	case field != FieldText:
		return nil, false, p.errAt(at, fmt.Sprintf("%s: filters the whole query and cannot be inside %s:", name, field))
	case p.depth > 0:
		return nil, false, p.errAt(at, fmt.Sprintf("%s: filters the whole query and cannot be inside parentheses", name))
	}
	p.i += n
	if !p.atOperand() || p.rs[p.i] == '(' {
		return nil, false, p.errAt(at, fmt.Sprintf("%s: must be followed directly by a value, as %s", name, filterExample(name)))
	}
	valueAt := p.i
	var value string
	if closingQuote(p.rs[p.i]) != 0 {
		node, _, err := p.phrase(FieldText)
		if err != nil {
			return nil, false, err
		}
		p.keywords-- // a filter is not a keyword
		value = strings.TrimSpace(node.(*Keyword).Text)
	} else {
		for p.i < len(p.rs) && !endsWord(p.rs[p.i]) {
			p.i++
		}
		value = string(p.rs[valueAt:p.i])
	}
	f := &Filter{Name: name, Value: value, Column: at + 1}
	if name == FilterDate || name == FilterEffective {
		from, to, msg := parseDateRange(value)
		if msg != "" {
			return nil, false, p.errAt(valueAt, fmt.Sprintf("%s:%s: %s", name, value, msg))
		}
		f.From, f.To = from, to
	} else if !strings.ContainsFunc(value, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return nil, false, p.errAt(valueAt, fmt.Sprintf("%s: needs a value with letters or digits, as %s", name, filterExample(name)))
	}
	return f, false, nil
}

func filterExample(name FilterName) string {
	switch name {
	case FilterIssuer:
		return "issuer:国务院"
	case FilterNumber:
		return "no:国发〔2024〕5号"
	case FilterKind:
		return "kind:通知"
	case FilterRegion:
		return "region:河南"
	case FilterForce:
		return "force:地方性法规"
	case FilterStatus:
		return "status:现行有效"
	}
	return string(name) + ":2020..2024"
}

// parseDateRange reads "A..B", "A..", "..B" or "A", where A and B are
// 2024, 2024-06 or 2024-06-01 (or with / between). It returns the bounds
// normalised, or what is wrong.
func parseDateRange(s string) (from, to, msg string) {
	lo, hi, isRange := strings.Cut(s, "..")
	if !isRange {
		hi = lo
	}
	if lo == "" && hi == "" {
		return "", "", "want a year or a range, as 2020..2024, 2023-06.. or ..2019"
	}
	var ok bool
	if lo != "" {
		if from, ok = normalDate(lo); !ok {
			return "", "", fmt.Sprintf("%q is not a date: want 2024, 2024-06 or 2024-06-01", lo)
		}
	}
	if hi != "" {
		if to, ok = normalDate(hi); !ok {
			return "", "", fmt.Sprintf("%q is not a date: want 2024, 2024-06 or 2024-06-01", hi)
		}
	}
	if from != "" && to != "" && from > to && !strings.HasPrefix(from, to) {
		return "", "", fmt.Sprintf("the range ends (%s) before it starts (%s)", to, from)
	}
	return from, to, ""
}

// normalDate reads a year, year-month or year-month-day, and writes it as
// index dates are written: "2024", "2024-06", "2024-06-01".
func normalDate(s string) (string, bool) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' })
	if len(parts) == 0 || len(parts) > 3 || strings.Count(s, "-")+strings.Count(s, "/") != len(parts)-1 {
		return "", false
	}
	limits := [...]int{9999, 12, 31}
	out := make([]string, len(parts))
	for i, part := range parts {
		n, err := strconv.Atoi(part)
		if err != nil || part[0] == '+' || n < 1 || n > limits[i] || i == 0 && len(part) != 4 || i > 0 && len(part) > 2 {
			return "", false
		}
		out[i] = fmt.Sprintf("%02d", n)
	}
	return strings.Join(out, "-"), true
}

// inRange reports whether date lies between the bounds of a date filter.
// A date less precise than a bound (2024 against 2024-06..) does not.
func (f *Filter) inRange(date string) bool {
	if date == "" {
		return false
	}
	if f.From != "" && date < f.From {
		return false
	}
	if f.To != "" && date[:min(len(date), len(f.To))] > f.To {
		return false
	}
	return true
}

// docMatcher tests documents against a query's filters.
type docMatcher struct {
	include [][]*Filter // by name: the document must match one filter of each
	exclude []*Filter   // the document must match none
}

// splitFilters takes the filters out of a parsed query. It returns the
// query without them (nil when the query is filters alone) and a matcher,
// nil when there are none.
func splitFilters(root Node) (Node, *docMatcher) {
	nodes := []Node{root}
	if a, ok := root.(*And); ok {
		nodes = a.Nodes
	}
	m := &docMatcher{}
	byName := map[FilterName]int{}
	var rest []Node
	for _, n := range nodes {
		switch n := n.(type) {
		case *Filter:
			i, ok := byName[n.Name]
			if !ok {
				i = len(m.include)
				byName[n.Name] = i
				m.include = append(m.include, nil)
			}
			m.include[i] = append(m.include[i], n)
			continue
		case *Not:
			if f, ok := n.Node.(*Filter); ok {
				m.exclude = append(m.exclude, f)
				continue
			}
		}
		rest = append(rest, n)
	}
	if len(m.include) == 0 && len(m.exclude) == 0 {
		return root, nil
	}
	switch len(rest) {
	case 0:
		return nil, m
	case 1:
		return rest[0], m
	}
	return &And{Nodes: rest}, m
}

// docList is what filters read of the documents: an index's or a set's
// [index.TitleList].
type docList interface {
	Len() int
	At(i int) index.DocTitle
}

// documents returns, for each document in titles, whether it passes.
func (m *docMatcher) documents(titles docList) []bool {
	tests := make([][]func(index.DocTitle) bool, len(m.include))
	for i, group := range m.include {
		for _, f := range group {
			tests[i] = append(tests[i], f.test())
		}
	}
	var excluded []func(index.DocTitle) bool
	for _, f := range m.exclude {
		excluded = append(excluded, f.test())
	}
	pass := make([]bool, titles.Len())
next:
	for i := range pass {
		d := titles.At(i)
		for _, group := range tests {
			any := false
			for _, t := range group {
				if t(d) {
					any = true
					break
				}
			}
			if !any {
				continue next
			}
		}
		for _, t := range excluded {
			if t(d) {
				continue next
			}
		}
		pass[i] = true
	}
	return pass
}

// test returns the test of a document against f.
func (f *Filter) test() func(index.DocTitle) bool {
	folded := segment.FoldString(f.Value)
	switch f.Name {
	case FilterIssuer:
		return func(d index.DocTitle) bool {
			return d.Issuer != "" && strings.Contains(segment.FoldString(d.Issuer), folded)
		}
	case FilterRegion:
		return func(d index.DocTitle) bool {
			return d.Region != "" && strings.Contains(segment.FoldString(d.Region), folded)
		}
	case FilterNumber:
		want := NormalNumber(f.Value)
		return func(d index.DocTitle) bool { return d.Number != "" && NormalNumber(d.Number) == want }
	case FilterKind:
		return func(d index.DocTitle) bool { return d.Type == f.Value }
	case FilterForce:
		return func(d index.DocTitle) bool { return d.Force == f.Value }
	case FilterStatus:
		return func(d index.DocTitle) bool { return d.Status == f.Value }
	case FilterEffective:
		return func(d index.DocTitle) bool { return f.inRange(d.Effective) }
	}
	return func(d index.DocTitle) bool { return f.inRange(d.Date) }
}

// numberBrackets maps the brackets a document number's year is written in
// to one form: 国发〔2024〕5号, 国发[2024]5号, 国发(2024)5号 and 国发【2024】5号
// name the same document.
var numberBrackets = strings.NewReplacer("〔", "[", "〕", "]", "(", "[", ")", "]", "【", "[", "】", "]", "［", "[", "］", "]", "（", "[", "）", "]", "﹝", "[", "﹞", "]", "[", "[", "]", "]")

// NormalNumber is a document number (发文字号) in the form filters compare:
// width and case folded, brackets alike, spaces removed.
func NormalNumber(s string) string {
	s = numberBrackets.Replace(segment.FoldString(s))
	return strings.Join(strings.Fields(s), "")
}

// allowedDocs returns which documents in titles pass the query's filters
// and those of Options, or nil when there are none.
func allowedDocs(titles docList, m *docMatcher, extra []Filter) ([]bool, error) {
	if len(extra) > 0 {
		if m == nil {
			m = &docMatcher{}
		}
		byName := map[FilterName][]*Filter{}
		var names []FilterName
		for i := range extra {
			f := &extra[i]
			if !slices.Contains(filterNames[:], f.Name) {
				return nil, fmt.Errorf("%w: no filter %q", ErrSyntax, f.Name)
			}
			if f.Name == FilterDate || f.Name == FilterEffective {
				from, to, msg := parseDateRange(f.Value)
				if msg != "" {
					return nil, fmt.Errorf("%w: %s=%s: %s", ErrSyntax, f.Name, f.Value, msg)
				}
				f = &Filter{Name: f.Name, Value: f.Value, From: from, To: to}
			}
			if _, ok := byName[f.Name]; !ok {
				names = append(names, f.Name)
			}
			byName[f.Name] = append(byName[f.Name], f)
		}
		// The query's filters and these must both pass: a group each.
		for _, n := range names {
			m.include = append(m.include, byName[n])
		}
	}
	if m == nil {
		return nil, nil
	}
	return m.documents(titles), nil
}

// bothAllow returns the documents both a and b allow; nil allows all.
func bothAllow(a, b []bool) []bool {
	if a == nil {
		return b
	}
	out := make([]bool, len(a))
	for i := range a {
		out[i] = a[i] && i < len(b) && b[i]
	}
	return out
}
