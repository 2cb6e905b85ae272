// Proximity operators, as Parse reads them (terms and connectors, as in
// Westlaw):
//
//	near      = unary { proximity unary }    binds tighter than OR
//	proximity = "/s" | "/" digits            "／" may stand for "/"
//
// `A /s B` matches a paragraph where an occurrence of A and one of B stand in
// one sentence (sentences end at 。！？；!?; and at line ends); `A /10 B`, where
// at most 10 characters stand between them, in either order. A chain
// `A /s B /5 C` needs occurrences of A, B and C, each pair of neighbours
// related by the operator between them. An operand is a keyword, a phrase, or
// a group of alternatives `(A OR B)`, all in one field; an exclusion, a group
// of keywords side by side and doc: cannot be one. An operator is a whole
// word at the start of a term: `a/s` is one keyword, and a quoted "/s" is
// text.

package query

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxNearChars is the largest N of a /N operator.
const MaxNearChars = 1000

// Near matches a paragraph where occurrences of its Nodes, in order of
// the chain, are related by the Ops between them (in either order in the
// text). Parse never returns a Near with fewer than two Nodes; each is a
// *Keyword or an *Or of *Keywords, all of one field.
type Near struct {
	Nodes []Node
	Ops   []Proximity // Ops[i] relates Nodes[i] and Nodes[i+1]
}

// Proximity is one proximity operator.
type Proximity struct {
	Sentence bool // /s: in one sentence
	Chars    int  // /N, when not Sentence: at most N characters between
	Column   int  // 1-based rune column of its "/"
}

func (*Near) node()            {}
func (n *Near) String() string { return canonical(n) }

func (o Proximity) String() string {
	if o.Sentence {
		return "/s"
	}
	return "/" + strconv.Itoa(o.Chars)
}

// nearOpAt returns the proximity operator that starts at rs[i] and its
// length in runes, or 0. Like OR, it must be a whole word.
func nearOpAt(rs []rune, i int) (Proximity, int) {
	if i >= len(rs) || rs[i] != '/' && rs[i] != '／' {
		return Proximity{}, 0
	}
	j := i + 1
	op := Proximity{Column: i + 1}
	switch {
	case j < len(rs) && (rs[j] == 's' || rs[j] == 'S'):
		op.Sentence = true
		j++
	default:
		for j < len(rs) && '0' <= rs[j] && rs[j] <= '9' {
			if op.Chars <= MaxNearChars { // beyond, only "too large" matters
				op.Chars = op.Chars*10 + int(rs[j]-'0')
			}
			j++
		}
		if j == i+1 {
			return Proximity{}, 0
		}
	}
	if j < len(rs) && !endsWord(rs[j]) && closingQuote(rs[j]) == 0 {
		return Proximity{}, 0
	}
	return op, j - i
}

// near parses one term, or several joined by proximity operators.
func (p *parser) near(field Field) (Node, bool, error) {
	if _, n := nearOpAt(p.rs, p.i); n > 0 {
		return nil, false, p.errAt(p.i, fmt.Sprintf("%s needs a keyword before it", string(p.rs[p.i:p.i+n])))
	}
	start := p.i
	first, searches, err := p.unary(field)
	if err != nil {
		return nil, false, err
	}
	p.skipSpace()
	if _, n := nearOpAt(p.rs, p.i); n == 0 {
		return first, searches, nil
	}
	nr := &Near{}
	if err := p.nearOperand(nr, first, start); err != nil {
		return nil, false, err
	}
	for {
		op, n := nearOpAt(p.rs, p.i)
		if n == 0 {
			break
		}
		name := string(p.rs[p.i : p.i+n])
		if !op.Sentence && op.Chars > MaxNearChars {
			return nil, false, p.errAt(p.i, fmt.Sprintf("%s: at most /%d characters", name, MaxNearChars))
		}
		opAt := p.i
		p.i += n
		p.skipSpace()
		if p.i == len(p.rs) || p.rs[p.i] == ')' || isOR(p.rs, p.i) {
			return nil, false, p.errAt(opAt, fmt.Sprintf("%s needs a keyword after it", name))
		}
		if _, m := nearOpAt(p.rs, p.i); m > 0 {
			return nil, false, p.errAt(p.i, "two proximity operators in a row")
		}
		at := p.i
		n2, _, err := p.unary(field)
		if err != nil {
			return nil, false, err
		}
		nr.Ops = append(nr.Ops, op)
		if err := p.nearOperand(nr, n2, at); err != nil {
			return nil, false, err
		}
		p.skipSpace()
	}
	return nr, true, nil
}

// nearOperand checks an operand of a proximity operator, parsed from
// column at+1, and appends it to nr.
func (p *parser) nearOperand(nr *Near, n Node, at int) error {
	const hint = "an operand of a proximity operator is a keyword, a phrase or alternatives (A OR B)"
	var keywords []*Keyword
	switch n := n.(type) {
	case *Keyword:
		keywords = []*Keyword{n}
	case *Or:
		for _, c := range n.Nodes {
			k, ok := c.(*Keyword)
			if !ok {
				return p.errAt(at, hint)
			}
			keywords = append(keywords, k)
		}
	case *Not:
		return p.errAt(at, "an exclusion cannot be an operand of a proximity operator (to exclude both together, write -(A /s B))")
	case *Near:
		return p.errAt(at, "a proximity group cannot be an operand of another: chain them instead, A /s B /5 C")
	default:
		return p.errAt(at, hint+", not keywords side by side")
	}
	for _, k := range keywords {
		if k.Field == FieldDoc {
			return p.errAt(at, "doc: names files: it cannot be an operand of a proximity operator")
		}
		if len(nr.Nodes) > 0 && k.Field != nearField(nr) {
			return p.errAt(at, "all operands of a proximity operator must be in the same field")
		}
	}
	nr.Nodes = append(nr.Nodes, n)
	return nil
}

// nearField returns the field of a Near's keywords.
func nearField(n *Near) Field {
	return nearKeywords(n.Nodes[0])[0].Field
}

// nearKeywords returns the keywords of an operand of a Near.
func nearKeywords(n Node) []*Keyword {
	switch n := n.(type) {
	case *Keyword:
		return []*Keyword{n}
	case *Or:
		out := make([]*Keyword, 0, len(n.Nodes))
		for _, c := range n.Nodes {
			if k, ok := c.(*Keyword); ok {
				out = append(out, k)
			}
		}
		return out
	}
	return nil
}

func writeNear(b *strings.Builder, n *Near) {
	for i, c := range n.Nodes {
		if i > 0 {
			b.WriteByte(' ')
			if i-1 < len(n.Ops) {
				b.WriteString(n.Ops[i-1].String())
			} else {
				b.WriteString("/s")
			}
			b.WriteByte(' ')
		}
		writeGrouped(b, c, isGroup)
	}
}

// isGroup reports whether n needs parentheses as an operand of a unary or
// proximity operator.
func isGroup(n Node) bool {
	switch n.(type) {
	case *And, *Or, *Near:
		return true
	}
	return false
}
