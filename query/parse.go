// Query syntax, as Parse reads it. Columns count runes from 1.
//
//	query   = and
//	and     = or { or }                    side by side: all must match
//	or      = unary { "OR" unary }         any must match; binds tighter than and
//	unary   = [ "-" ] primary              "-" excludes what it touches
//	                                       (or's terms are near's: see near.go)
//	primary = filter | { field } ( word | phrase | "(" and ")" )
//	field   = ( "title" | "section" | "doc" ) ( ":" | "：" )
//	filter  = name ( ":" | "：" ) ( word | phrase )
//	name    = "issuer" | "no" | "kind" | "region" | "force" | "status" | "date" | "effective"
//	phrase  = `"` text `"` | "“" text "”" | "「" text "」"
//	word    = [ "=" ] runes up to white space or an ASCII parenthesis
//	                                       "=": exact, without synonyms
//
// So `非煤矿山 安全生产 OR 应急 -煤矿` is 非煤矿山 AND (安全生产 OR 应急) AND NOT
// 煤矿, as in Google. Any Unicode white space separates terms, including the
// ideographic space U+3000. Only a whole, upper-case word OR is the operator;
// "or", "|" and "ORa" are keywords. A "-" excludes only at the start of a
// term and must touch what it excludes, so COVID-19 is one keyword. A quote
// opens a phrase only at the start of a term (elsewhere it is text), and a
// phrase ends at the closing quote of its own kind. Full-width parentheses
// are text, since policy text numbers items （一）（二）. A field prefix
// applies to every keyword of its group, which cannot name another field; a
// prefix that is not one of the three lower-case names (http:, 12:30) is
// text. Keywords are kept as typed: folding width and case is a later
// stage's job.
//
// Every OR alternative and every excluded group must search for something,
// and so must the whole query: exclusions only narrow a search. Invalid
// UTF-8 and control characters other than tab and line breaks are errors.
//
// A filter (kind:通知, date:2020..2024) restricts the whole query to the
// documents whose metadata it matches, so it stands only at the top level,
// beside the keywords: not inside parentheses, a field prefix or OR. It may
// be excluded (-kind:通知). Filters of the same name match any of their
// values (a document has one kind, so kind:通知 kind:意见 means either);
// filters of different names must all match. A query of filters alone
// lists the matching documents (see Search).

package query

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Field restricts a keyword to one part of a paragraph.
type Field string

// The fields a keyword can be restricted to.
const (
	FieldText    Field = ""        // the paragraph text (default)
	FieldTitle   Field = "title"   // the document title
	FieldSection Field = "section" // the heading path
	FieldDoc     Field = "doc"     // the document's file path/name
)

// prefixFields are the fields a query can name, in the order they are tried.
var prefixFields = [...]Field{FieldTitle, FieldSection, FieldDoc}

// Node is a parsed query: *Keyword, *Filter, *And, *Or, *Not or *Near.
//
// String renders the canonical form of a query: for a Node that Parse
// returned, Parse reads it back to an equal Node, apart from columns. It can
// be longer than the query typed, since a field prefix on a group is written
// out on each keyword.
type Node interface {
	String() string
	node()
}

// Keyword is a word or phrase to search for.
type Keyword struct {
	Text   string // as typed, without quotes (for a quoted phrase: the inside of the quotes, may contain spaces)
	Quoted bool
	// Exact: typed with a leading "=" (not part of Text), the keyword is
	// searched as it is, without its synonyms. A quoted phrase is too.
	Exact bool
	Field Field
	// Column is the 1-based rune column where the keyword starts in the
	// query: its first rune (the "=" of an exact one), or the opening
	// quote of a phrase. A field
	// prefix is not part of the keyword.
	Column int
}

// And matches when all its Nodes match. Parse never returns an And with fewer
// than two Nodes or one directly inside another.
type And struct{ Nodes []Node }

// Or matches when any of its Nodes matches. Parse never returns an Or with
// fewer than two Nodes or one directly inside another.
type Or struct{ Nodes []Node }

// Not excludes paragraphs that Node matches. Column is the 1-based rune
// column of its "-".
type Not struct {
	Node   Node
	Column int
}

func (*Keyword) node() {}
func (*Filter) node()  {}
func (*And) node()     {}
func (*Or) node()      {}
func (*Not) node()     {}

func (k *Keyword) String() string { return canonical(k) }
func (f *Filter) String() string  { return canonical(f) }
func (a *And) String() string     { return canonical(a) }
func (o *Or) String() string      { return canonical(o) }
func (n *Not) String() string     { return canonical(n) }

// Errors that callers may need to tell apart.
var (
	// ErrSyntax: the query is malformed. It comes as a *SyntaxError.
	ErrSyntax = errors.New("query syntax error")
	// ErrEmptyQuery: there is nothing to search for (an empty query, only
	// white space, or only exclusions).
	ErrEmptyQuery = errors.New("empty query")
	// ErrTooComplex: the query is over its Limits.
	ErrTooComplex = errors.New("query too complex")
)

// SyntaxError is a query syntax error at a rune column.
type SyntaxError struct {
	Query  string // the whole query
	Column int    // 1-based rune column of the problem
	Msg    string // what is wrong there
}

// Error renders the error on one line: the query, quoted with Go escapes, the
// column and the message.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("query %q: column %d: %s", e.Query, e.Column, e.Msg)
}

// Unwrap returns ErrSyntax, so that errors.Is(err, ErrSyntax) holds.
func (e *SyntaxError) Unwrap() error { return ErrSyntax }

// Limits bound the cost of a query. A field that is zero or negative takes
// its value from DefaultLimits.
type Limits struct {
	MaxRunes    int // longest query, in runes
	MaxKeywords int // most keywords and phrases
	MaxDepth    int // deepest nesting of parentheses
}

// DefaultLimits are the limits Parse applies. They are generous for people
// and cap what a script can make a search cost.
func DefaultLimits() Limits {
	return Limits{MaxRunes: 1000, MaxKeywords: 64, MaxDepth: 16}
}

// Parse parses a query with DefaultLimits.
func Parse(q string) (Node, error) { return ParseWithLimits(q, DefaultLimits()) }

// ParseWithLimits parses a query. Its errors wrap ErrSyntax (as a
// *SyntaxError), ErrEmptyQuery or ErrTooComplex. It takes time linear in
// the length of the query (times MaxDepth, at worst).
func ParseWithLimits(q string, l Limits) (Node, error) {
	def := DefaultLimits()
	if l.MaxRunes <= 0 {
		l.MaxRunes = def.MaxRunes
	}
	if l.MaxKeywords <= 0 {
		l.MaxKeywords = def.MaxKeywords
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = def.MaxDepth
	}
	// A rune is at most UTFMax bytes: a long string is rejected unread.
	if len(q)/utf8.UTFMax > l.MaxRunes || utf8.RuneCountInString(q) > l.MaxRunes {
		return nil, fmt.Errorf("%w: longer than %d characters", ErrTooComplex, l.MaxRunes)
	}
	p := &parser{query: q, limits: l}
	if err := p.decode(); err != nil {
		return nil, err
	}
	n, searches, err := p.and(FieldText)
	if err != nil {
		return nil, err
	}
	if p.i < len(p.rs) { // and stops only at the end or at ')'
		return nil, p.errAt(p.i, "unmatched closing parenthesis (to search for one, put the keyword in quotes)")
	}
	if n == nil {
		return nil, ErrEmptyQuery
	}
	if !searches && !hasFilter(n) {
		return nil, fmt.Errorf("%w: nothing to search for: the query only excludes", ErrEmptyQuery)
	}
	return n, nil
}

// hasFilter reports whether a top-level node is or holds a filter that is
// not excluded: a query of such filters lists documents.
func hasFilter(n Node) bool {
	switch n := n.(type) {
	case *Filter:
		return true
	case *And:
		for _, c := range n.Nodes {
			if _, ok := c.(*Filter); ok {
				return true
			}
		}
	}
	return false
}

// filterOf returns n as a filter, or the filter n excludes, or nil.
func filterOf(n Node) *Filter {
	if not, ok := n.(*Not); ok {
		n = not.Node
	}
	f, _ := n.(*Filter)
	return f
}

// parser is a recursive-descent parser over the runes of a query. Each parse
// method returns its node and whether that node searches for something, that
// is, whether it matches anything without help from the rest of the query (a
// Not, or an And of Nots, does not).
type parser struct {
	query    string
	limits   Limits
	rs       []rune
	i        int // index into rs of the next rune
	keywords int
	depth    int
}

func (p *parser) errAt(i int, msg string) error {
	return &SyntaxError{Query: p.query, Column: i + 1, Msg: msg}
}

// decode fills p.rs, rejecting invalid UTF-8 and control characters.
func (p *parser) decode() error {
	p.rs = make([]rune, 0, len(p.query))
	for i := 0; i < len(p.query); {
		r, size := utf8.DecodeRuneInString(p.query[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return p.errAt(len(p.rs), "invalid UTF-8")
		case isControl(r):
			return p.errAt(len(p.rs), fmt.Sprintf("control character %U", r))
		}
		p.rs = append(p.rs, r)
		i += size
	}
	return nil
}

// isControl reports a C0 or C1 control character other than the tab and
// line breaks that people paste into a search box.
func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || 0x7F <= r && r <= 0x9F
}

func (p *parser) skipSpace() {
	for p.i < len(p.rs) && unicode.IsSpace(p.rs[p.i]) {
		p.i++
	}
}

// and parses terms up to the end of the query or a ')'. It returns a nil Node
// if there are none.
func (p *parser) and(field Field) (Node, bool, error) {
	var nodes []Node
	searches := false
	for {
		p.skipSpace()
		if p.i == len(p.rs) || p.rs[p.i] == ')' {
			break
		}
		n, s, err := p.or(field)
		if err != nil {
			return nil, false, err
		}
		searches = searches || s
		if a, ok := n.(*And); ok {
			nodes = append(nodes, a.Nodes...)
		} else {
			nodes = append(nodes, n)
		}
	}
	switch len(nodes) {
	case 0:
		return nil, false, nil
	case 1:
		return nodes[0], searches, nil
	}
	return &And{Nodes: nodes}, searches, nil
}

const msgOnlyExcludes = "each side of OR must search for something, not only exclude"

// or parses one term, or several joined by OR.
func (p *parser) or(field Field) (Node, bool, error) {
	if isOR(p.rs, p.i) {
		return nil, false, p.errAt(p.i, "OR needs a keyword before it")
	}
	start := p.i
	first, searches, err := p.near(field)
	if err != nil {
		return nil, false, err
	}
	var alts []Node
	for {
		p.skipSpace()
		if !isOR(p.rs, p.i) {
			break
		}
		orAt := p.i
		if f := filterOf(first); f != nil {
			return nil, false, p.errAt(start, fmt.Sprintf("%s: filters the whole query and cannot be a side of OR (%s:A %s:B matches either)", f.Name, f.Name, f.Name))
		}
		p.i += len("OR")
		p.skipSpace()
		if p.i == len(p.rs) || p.rs[p.i] == ')' {
			return nil, false, p.errAt(orAt, "OR needs a keyword after it")
		}
		if isOR(p.rs, p.i) {
			return nil, false, p.errAt(p.i, "doubled OR")
		}
		if alts == nil {
			if !searches {
				return nil, false, p.errAt(start, msgOnlyExcludes)
			}
			alts = appendOr(alts, first)
		}
		altAt := p.i
		n, s, err := p.near(field)
		if err != nil {
			return nil, false, err
		}
		if f := filterOf(n); f != nil {
			return nil, false, p.errAt(altAt, fmt.Sprintf("%s: filters the whole query and cannot be a side of OR (%s:A %s:B matches either)", f.Name, f.Name, f.Name))
		}
		if !s {
			return nil, false, p.errAt(altAt, msgOnlyExcludes)
		}
		alts = appendOr(alts, n)
	}
	if alts == nil {
		return first, searches, nil
	}
	return &Or{Nodes: alts}, true, nil
}

// appendOr appends n to alternatives, flattening an Or.
func appendOr(alts []Node, n Node) []Node {
	if o, ok := n.(*Or); ok {
		return append(alts, o.Nodes...)
	}
	return append(alts, n)
}

// unary parses a term that may be an exclusion. A term starts at p.i.
func (p *parser) unary(field Field) (Node, bool, error) {
	if p.rs[p.i] != '-' {
		return p.primary(field)
	}
	at := p.i
	p.i++
	if !p.atOperand() {
		return nil, false, p.errAt(at, "- must be followed directly by a keyword, phrase or group")
	}
	n, searches, err := p.primary(field)
	if err != nil {
		return nil, false, err
	}
	if _, ok := n.(*Filter); ok {
		searches = true
	}
	if !searches {
		return nil, false, p.errAt(at, "cannot exclude an exclusion")
	}
	return &Not{Node: n, Column: at + 1}, false, nil
}

// atOperand reports whether a keyword, phrase or group starts at p.i, as
// one must right after "-" or a field prefix.
func (p *parser) atOperand() bool {
	if p.i == len(p.rs) {
		return false
	}
	r := p.rs[p.i]
	return !unicode.IsSpace(r) && r != ')' && r != '-' && !isOR(p.rs, p.i)
}

// primary parses a keyword, phrase or group with its field prefixes. p.i is
// at an operand.
func (p *parser) primary(field Field) (Node, bool, error) {
	for {
		if name, n := filterAt(p.rs, p.i); n > 0 {
			return p.filter(name, n, field)
		}
		f, n := fieldAt(p.rs, p.i)
		if n == 0 {
			break
		}
		if field != FieldText && f != field {
			return nil, false, p.errAt(p.i, fmt.Sprintf("%s: cannot be inside %s:", f, field))
		}
		at := p.i
		p.i += n
		if !p.atOperand() {
			msg := fmt.Sprintf("%s: must be followed directly by a keyword, phrase or group", f)
			if p.i < len(p.rs) && p.rs[p.i] == '-' {
				msg += fmt.Sprintf(" (to exclude, write -%s:…)", f)
			}
			return nil, false, p.errAt(at, msg)
		}
		field = f
	}
	switch r := p.rs[p.i]; {
	case r == '(':
		return p.group(field)
	case closingQuote(r) != 0:
		return p.phrase(field)
	}
	return p.word(field)
}

func (p *parser) group(field Field) (Node, bool, error) {
	at := p.i
	p.depth++
	if p.depth > p.limits.MaxDepth {
		return nil, false, fmt.Errorf("%w: parentheses nested more than %d deep", ErrTooComplex, p.limits.MaxDepth)
	}
	p.i++
	p.skipSpace()
	if p.i < len(p.rs) && p.rs[p.i] == ')' {
		return nil, false, p.errAt(at, "empty parentheses")
	}
	n, searches, err := p.and(field)
	if err != nil {
		return nil, false, err
	}
	if p.i == len(p.rs) {
		return nil, false, p.errAt(at, "unclosed parenthesis (to search for one, put the keyword in quotes)")
	}
	p.i++ // ')'
	p.depth--
	return n, searches, nil
}

func (p *parser) phrase(field Field) (Node, bool, error) {
	at := p.i
	open := p.rs[at]
	end := -1
	for j := at + 1; j < len(p.rs); j++ {
		if p.rs[j] == closingQuote(open) {
			end = j
			break
		}
	}
	if end < 0 {
		msg := "unclosed quote"
		if open != '"' {
			msg += fmt.Sprintf(": %c needs a closing %c", open, closingQuote(open))
		}
		return nil, false, p.errAt(at, msg)
	}
	text := p.rs[at+1 : end]
	if !strings.ContainsFunc(string(text), func(r rune) bool { return !unicode.IsSpace(r) }) {
		return nil, false, p.errAt(at, "empty phrase")
	}
	p.i = end + 1
	return p.keyword(string(text), true, field, at)
}

func (p *parser) word(field Field) (Node, bool, error) {
	at := p.i
	for p.i < len(p.rs) && !endsWord(p.rs[p.i]) {
		p.i++
	}
	text := string(p.rs[at:p.i])
	if exact, ok := strings.CutPrefix(text, "="); ok && exact != "" {
		n, s, err := p.keyword(exact, false, field, at)
		if k, isKeyword := n.(*Keyword); isKeyword {
			k.Exact = true
		}
		return n, s, err
	}
	return p.keyword(text, false, field, at)
}

func (p *parser) keyword(text string, quoted bool, field Field, at int) (Node, bool, error) {
	p.keywords++
	if p.keywords > p.limits.MaxKeywords {
		return nil, false, fmt.Errorf("%w: more than %d keywords", ErrTooComplex, p.limits.MaxKeywords)
	}
	return &Keyword{Text: text, Quoted: quoted, Field: field, Column: at + 1}, true, nil
}

func endsWord(r rune) bool { return r == '(' || r == ')' || unicode.IsSpace(r) }

// closingQuote returns the quote that closes a phrase opened by r, or 0 if r
// opens none.
func closingQuote(r rune) rune {
	switch r {
	case '"':
		return '"'
	case '“':
		return '”'
	case '「':
		return '」'
	}
	return 0
}

// isOR reports whether the operator OR starts at rs[i], at the start of a
// term: it must end there, or run into a group or a phrase.
func isOR(rs []rune, i int) bool {
	if i+2 > len(rs) || rs[i] != 'O' || rs[i+1] != 'R' {
		return false
	}
	return i+2 == len(rs) || endsWord(rs[i+2]) || closingQuote(rs[i+2]) != 0
}

// fieldAt returns the field whose prefix starts at rs[i] and the prefix's
// length in runes, or 0.
func fieldAt(rs []rune, i int) (Field, int) {
	for _, f := range prefixFields {
		n := len(f) // field names are ASCII
		if i+n < len(rs) && hasFieldName(rs[i:], f) && (rs[i+n] == ':' || rs[i+n] == '：') {
			return f, n + 1
		}
	}
	return FieldText, 0
}

// hasFieldName reports whether rs starts with the ASCII string f.
func hasFieldName(rs []rune, f Field) bool {
	for j := range len(f) {
		if rs[j] != rune(f[j]) {
			return false
		}
	}
	return true
}

// canonical renders n in canonical form: single spaces between terms, OR between
// alternatives, parentheses only where needed, the field prefix on each
// keyword, and quotes only on phrases and on text that would not read back
// as one plain word.
func canonical(n Node) string {
	var b strings.Builder
	writeCanonical(&b, n)
	return b.String()
}

func writeCanonical(b *strings.Builder, n Node) {
	switch n := n.(type) {
	case *Keyword:
		if n.Field != FieldText {
			b.WriteString(string(n.Field))
			b.WriteByte(':')
		}
		if n.Exact && !n.Quoted && isWordText(n.Text) {
			b.WriteByte('=')
			b.WriteString(n.Text)
			return
		}
		if !n.Quoted && !n.Exact && isPlainWord(n.Text) {
			b.WriteString(n.Text)
			return
		}
		open, close := quotesFor(n.Text)
		b.WriteRune(open)
		b.WriteString(n.Text)
		b.WriteRune(close)
	case *And:
		for i, c := range n.Nodes {
			if i > 0 {
				b.WriteByte(' ')
			}
			writeGrouped(b, c, isAnd)
		}
		if len(n.Nodes) == 0 {
			b.WriteString("()")
		}
	case *Or:
		for i, c := range n.Nodes {
			if i > 0 {
				b.WriteString(" OR ")
			}
			writeGrouped(b, c, isAndOr)
		}
		if len(n.Nodes) == 0 {
			b.WriteString("()")
		}
	case *Not:
		b.WriteByte('-')
		writeGrouped(b, n.Node, isGroup)
	case *Near:
		writeNear(b, n)
	case *Filter:
		b.WriteString(string(n.Name))
		b.WriteByte(':')
		if isPlainWord(n.Value) {
			b.WriteString(n.Value)
			return
		}
		open, close := quotesFor(n.Value)
		b.WriteRune(open)
		b.WriteString(n.Value)
		b.WriteRune(close)
	default: // nil
		b.WriteString("()")
	}
}

// writeGrouped writes n, in parentheses if grouped says it needs them.
func writeGrouped(b *strings.Builder, n Node, grouped func(Node) bool) {
	if !grouped(n) {
		writeCanonical(b, n)
		return
	}
	b.WriteByte('(')
	writeCanonical(b, n)
	b.WriteByte(')')
}

func isAnd(n Node) bool {
	_, ok := n.(*And)
	return ok
}

func isAndOr(n Node) bool {
	switch n.(type) {
	case *And, *Or:
		return true
	}
	return false
}

// isPlainWord reports whether s, written unquoted, parses back as one
// unquoted keyword with text s.
func isPlainWord(s string) bool {
	rs := []rune(s)
	if len(rs) == 0 || rs[0] == '-' || closingQuote(rs[0]) != 0 || isOR(rs, 0) || rs[0] == '=' && len(rs) > 1 {
		return false
	}
	if _, n := fieldAt(rs, 0); n > 0 {
		return false
	}
	if _, n := filterAt(rs, 0); n > 0 {
		return false
	}
	if _, n := nearOpAt(rs, 0); n > 0 {
		return false
	}
	return isWordText(s)
}

// isWordText reports whether s, after what starts a word, reads back as
// one word: it holds no white space, parenthesis or control character.
func isWordText(s string) bool {
	for _, r := range s {
		if endsWord(r) || isControl(r) {
			return false
		}
	}
	return s != "" && utf8.ValidString(s)
}

// quotesFor returns a pair of quotes whose closing one is not in text. A
// phrase that Parse returned never holds the closing quote of its own kind.
func quotesFor(text string) (open, close rune) {
	switch {
	case !strings.ContainsRune(text, '"'):
		return '"', '"'
	case !strings.ContainsRune(text, '”'):
		return '“', '”'
	}
	return '「', '」'
}
