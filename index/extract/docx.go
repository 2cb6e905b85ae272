package extract

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// readDOCX reads a Word document (Office Open XML): its paragraphs in
// order, headings from paragraph styles and outline levels, list numbers as
// Word shows them, tables as rows of cells, footnotes and endnotes after the
// text, tracked changes as the final text (insertions kept, deletions
// dropped), and the core properties (title, creator, created) as fields.
func readDOCX(data []byte) (*reading, error) {
	z, err := openZip(FormatDOCX, data)
	if err != nil {
		return nil, err
	}
	body, err := z.read("word/document.xml")
	if err != nil {
		return nil, fmt.Errorf("%w (%w)", err, ErrBadFile)
	}
	d := docxReader{r: &reading{encoding: UTF8}, counters: map[string][]int{}}
	if styles, err := z.read("word/styles.xml"); err == nil {
		d.styles = parseDOCXStyles(styles)
	}
	if numbering, err := z.read("word/numbering.xml"); err == nil {
		d.numbering = parseDOCXNumbering(numbering)
	}
	if err := d.part(body); err != nil {
		return nil, err
	}
	for _, notes := range []string{"word/footnotes.xml", "word/endnotes.xml"} {
		if part, err := z.read(notes); err == nil {
			if err := d.part(part); err != nil {
				return nil, err
			}
		}
	}
	if core, err := z.read("docProps/core.xml"); err == nil {
		d.core(core)
	}
	return d.r, nil
}

// docxStyle is what a paragraph style says about structure.
type docxStyle struct {
	name    string
	basedOn string
	outline int    // outline level + 1; 0 when none
	numID   string // the list a style numbers its paragraphs in ("第一章" headings)
	ilvl    int
}

func parseDOCXStyles(data []byte) map[string]docxStyle {
	styles := map[string]docxStyle{}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var id string
	var cur docxStyle
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "style":
				id, cur = xmlAttr(t, "styleId"), docxStyle{}
			case "name":
				cur.name = xmlAttr(t, "val")
			case "basedOn":
				cur.basedOn = xmlAttr(t, "val")
			case "outlineLvl":
				if n, err := strconv.Atoi(xmlAttr(t, "val")); err == nil && n < 9 {
					cur.outline = n + 1
				}
			case "numId":
				cur.numID = xmlAttr(t, "val")
			case "ilvl":
				if n, err := strconv.Atoi(xmlAttr(t, "val")); err == nil && n >= 0 && n < 9 {
					cur.ilvl = n
				}
			}
		case xml.EndElement:
			if t.Name.Local == "style" && id != "" {
				styles[id] = cur
			}
		}
	}
	return styles
}

// headingLevel returns the reading's heading level a style gives: 1 for
// Title, 2… for Heading 1…, from its name or outline level, looking through
// the styles it is based on.
func headingLevel(styles map[string]docxStyle, id string) int {
	for range 10 { // basedOn chains are short; a loop in a damaged file ends here
		s, ok := styles[id]
		if !ok {
			return 0
		}
		name := strings.ToLower(strings.TrimSpace(s.name))
		if name == "title" || name == "标题" {
			return 1
		}
		for _, prefix := range []string{"heading ", "标题 "} {
			if rest, ok := strings.CutPrefix(name, prefix); ok {
				if n, err := strconv.Atoi(rest); err == nil && n >= 1 && n <= 9 {
					return n + 1
				}
			}
		}
		if s.outline > 0 {
			return s.outline + 1
		}
		id = s.basedOn
	}
	return 0
}

// docxLevel is one level of a numbering definition.
type docxLevel struct {
	format string // numFmt: decimal, chineseCounting, bullet, …
	text   string // lvlText: "%1.", "（%2）"
	start  int
}

type docxNumbering struct {
	abstract map[string][]docxLevel // abstractNumId → levels by ilvl
	nums     map[string]string      // numId → abstractNumId
}

func parseDOCXNumbering(data []byte) docxNumbering {
	n := docxNumbering{abstract: map[string][]docxLevel{}, nums: map[string]string{}}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var abs, num string
	ilvl := -1
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		t, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch t.Name.Local {
		case "abstractNum":
			abs, num = xmlAttr(t, "abstractNumId"), ""
		case "num":
			num, abs = xmlAttr(t, "numId"), ""
		case "abstractNumId":
			if num != "" {
				n.nums[num] = xmlAttr(t, "val")
			}
		case "lvl":
			ilvl = -1
			if i, err := strconv.Atoi(xmlAttr(t, "ilvl")); err == nil && i >= 0 && i < 9 && abs != "" {
				ilvl = i
				for len(n.abstract[abs]) <= i {
					n.abstract[abs] = append(n.abstract[abs], docxLevel{format: "decimal", start: 1})
				}
			}
		case "start", "numFmt", "lvlText":
			if abs == "" || ilvl < 0 {
				continue
			}
			l := &n.abstract[abs][ilvl]
			v := xmlAttr(t, "val")
			switch t.Name.Local {
			case "start":
				if s, err := strconv.Atoi(v); err == nil {
					l.start = s
				}
			case "numFmt":
				l.format = v
			case "lvlText":
				l.text = v
			}
		}
	}
	return n
}

type docxReader struct {
	r         *reading
	styles    map[string]docxStyle
	numbering docxNumbering
	counters  map[string][]int // numId → the current number at each level
}

// docxPara is a paragraph being read.
type docxPara struct {
	text    strings.Builder
	style   string
	outline int // w:outlineLvl + 1 set on the paragraph itself
	numID   string
	ilvl    int
}

// part reads the paragraphs and tables of document.xml, footnotes.xml or
// endnotes.xml.
func (d *docxReader) part(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var paras []*docxPara // open paragraphs: a text box's paragraphs sit inside another's run
	var rows [][]string   // open table rows (nested tables), each the cells read so far
	var cell []string     // paragraphs of the cells being read, by depth
	skip := 0             // depth inside a deletion or an alternative not taken
	sepNote := false      // inside a separator footnote
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return fmt.Errorf("docx: line %d: %s: %w", se.Line, se.Msg, ErrBadFile)
			}
			return fmt.Errorf("docx: %v: %w", err, ErrBadFile)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			switch t.Name.Local {
			case "del", "moveFrom", "Fallback", "instrText", "delText":
				skip = 1
			case "footnote", "endnote":
				typ := xmlAttr(t, "type")
				sepNote = typ == "separator" || typ == "continuationSeparator" || typ == "continuationNotice"
			case "p":
				paras = append(paras, &docxPara{ilvl: 0})
			case "pStyle":
				if len(paras) > 0 {
					paras[len(paras)-1].style = xmlAttr(t, "val")
				}
			case "outlineLvl":
				if n, err := strconv.Atoi(xmlAttr(t, "val")); err == nil && n < 9 && len(paras) > 0 {
					paras[len(paras)-1].outline = n + 1
				}
			case "numId":
				if len(paras) > 0 {
					paras[len(paras)-1].numID = xmlAttr(t, "val")
				}
			case "ilvl":
				if n, err := strconv.Atoi(xmlAttr(t, "val")); err == nil && n >= 0 && n < 9 && len(paras) > 0 {
					paras[len(paras)-1].ilvl = n
				}
			case "tr":
				rows = append(rows, nil)
			case "tc":
				cell = append(cell, "")
			case "t":
				if len(paras) > 0 {
					var s string
					if err := dec.DecodeElement(&s, &t); err != nil {
						return fmt.Errorf("docx: %v: %w", err, ErrBadFile)
					}
					paras[len(paras)-1].text.WriteString(s)
				}
			case "tab":
				if len(paras) > 0 {
					paras[len(paras)-1].text.WriteByte(' ')
				}
			case "br", "cr":
				// A line break within the paragraph: a space, or nothing
				// between Chinese characters (see joinLines).
				if len(paras) > 0 {
					paras[len(paras)-1].text.WriteByte('\n')
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			switch t.Name.Local {
			case "p":
				if len(paras) == 0 {
					continue
				}
				p := paras[len(paras)-1]
				paras = paras[:len(paras)-1]
				if sepNote {
					continue
				}
				text := d.number(p) + p.text.String()
				if len(cell) > 0 {
					if trimSpace(text) != "" {
						cell[len(cell)-1] = strings.TrimSpace(cell[len(cell)-1] + " " + trimSpace(text))
					}
					continue
				}
				d.r.add(text, d.level(p))
			case "tc":
				if len(cell) == 0 {
					continue
				}
				c := cell[len(cell)-1]
				cell = cell[:len(cell)-1]
				if len(cell) > 0 && len(rows) > 1 {
					// A cell of a nested table: its text joins the outer cell.
					if c != "" {
						rows[len(rows)-1] = append(rows[len(rows)-1], c)
					}
					continue
				}
				if len(rows) > 0 && c != "" {
					rows[len(rows)-1] = append(rows[len(rows)-1], c)
				}
			case "tr":
				if len(rows) == 0 {
					continue
				}
				row := rows[len(rows)-1]
				rows = rows[:len(rows)-1]
				text := strings.Join(row, " | ")
				if len(cell) > 0 { // a nested table's row is part of the outer cell
					cell[len(cell)-1] = strings.TrimSpace(cell[len(cell)-1] + " " + text)
					continue
				}
				d.r.add(text, 0)
			case "footnote", "endnote":
				sepNote = false
			}
		}
	}
	return nil
}

// level is the heading level a paragraph's style or outline level gives it.
func (d *docxReader) level(p *docxPara) int {
	if p.outline > 0 {
		return p.outline + 1
	}
	return headingLevel(d.styles, p.style)
}

// number advances the list counters of a numbered paragraph and returns its
// number as Word shows it ("一、", "（2）", "3."), or "" for a bullet or an
// unnumbered paragraph.
func (d *docxReader) number(p *docxPara) string {
	if p.numID == "" {
		// Numbered by its style, as headings linked to a multilevel list are.
		id := p.style
		for range 10 {
			s, ok := d.styles[id]
			if !ok {
				break
			}
			if s.numID != "" {
				p.numID, p.ilvl = s.numID, s.ilvl
				break
			}
			id = s.basedOn
		}
	}
	if p.numID == "" || p.numID == "0" {
		return ""
	}
	levels := d.numbering.abstract[d.numbering.nums[p.numID]]
	if p.ilvl >= len(levels) {
		return ""
	}
	c := d.counters[p.numID]
	for len(c) < len(levels) {
		c = append(c, 0)
	}
	for i := range c {
		switch {
		case i == p.ilvl && c[i] == 0:
			c[i] = levels[i].start
		case i == p.ilvl:
			c[i]++
		case i > p.ilvl:
			c[i] = 0
		case c[i] == 0:
			c[i] = levels[i].start
		}
	}
	d.counters[p.numID] = c
	l := levels[p.ilvl]
	if l.format == "bullet" || l.format == "none" {
		return ""
	}
	text := l.text
	for i := len(levels) - 1; i >= 0; i-- {
		placeholder := "%" + strconv.Itoa(i+1)
		if strings.Contains(text, placeholder) {
			text = strings.ReplaceAll(text, placeholder, formatNumber(c[i], levels[i].format))
		}
	}
	return text
}

// formatNumber writes n as a numFmt says.
func formatNumber(n int, format string) string {
	switch format {
	case "chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified", "taiwaneseCounting", "taiwaneseCountingThousand":
		return chineseNumber(n)
	case "lowerLetter", "upperLetter":
		if n < 1 {
			return strconv.Itoa(n)
		}
		s := string(rune('a' + (n-1)%26))
		if format == "upperLetter" {
			s = strings.ToUpper(s)
		}
		return s
	case "lowerRoman", "upperRoman":
		s := roman(n)
		if format == "lowerRoman" {
			s = strings.ToLower(s)
		}
		return s
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		if n >= 1 && n <= 20 {
			return string(rune('①' + n - 1))
		}
	case "decimalFullWidth", "decimalFullWidth2":
		var b strings.Builder
		for _, r := range strconv.Itoa(n) {
			b.WriteRune(r - '0' + '０')
		}
		return b.String()
	}
	return strconv.Itoa(n)
}

// chineseNumber writes 1–99 as 一 … 九十九, as Word's chineseCounting does.
func chineseNumber(n int) string {
	digits := []rune("〇一二三四五六七八九")
	switch {
	case n < 0 || n >= 100:
		return strconv.Itoa(n)
	case n < 10:
		return string(digits[n])
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + string(digits[n-10])
	case n%10 == 0:
		return string(digits[n/10]) + "十"
	}
	return string(digits[n/10]) + "十" + string(digits[n%10])
}

func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// core reads docProps/core.xml: title, subject, creator, created.
func (d *docxReader) core(data []byte) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		t, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		name := t.Name.Local
		switch name {
		case "title", "subject", "creator", "created", "modified", "keywords", "description":
		default:
			continue
		}
		var v string
		if err := dec.DecodeElement(&v, &t); err != nil {
			return
		}
		v = collapseSpace(v)
		if v == "" {
			continue
		}
		d.r.fields = append(d.r.fields, Field{Name: name, Value: v})
		switch name {
		case "title":
			d.r.title = v
		case "created":
			if date, ok := findDate(v); ok {
				d.r.date, d.r.weakDate = date, true
			}
		}
	}
}

func xmlAttr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
