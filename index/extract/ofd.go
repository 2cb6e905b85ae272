package extract

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
)

// readOFD reads an OFD file (GB/T 33190: a zip of XML): OFD.xml names each
// document's Document.xml and its DocInfo (title, author, creation date…);
// Document.xml lists the pages, each a Content.xml of text objects whose
// TextCode elements hold the text, and the resource files whose
// CompositeGraphicUnit elements may hold text too (pages that only place
// composite objects keep all their text there). Text is taken in the order
// the file draws it, one line per baseline, pages separated as a PDF's are,
// and then joined into paragraphs as a PDF's lines are.
func readOFD(data []byte) (*reading, error) {
	z, err := openZip(FormatOFD, data)
	if err != nil {
		return nil, err
	}
	root, err := z.read("OFD.xml")
	if err != nil {
		return nil, fmt.Errorf("%w (%w)", err, ErrBadFile)
	}
	var ofd struct {
		DocBody []struct {
			DocInfo struct {
				Title        string `xml:"Title"`
				Author       string `xml:"Author"`
				Subject      string `xml:"Subject"`
				Abstract     string `xml:"Abstract"`
				CreationDate string `xml:"CreationDate"`
				ModDate      string `xml:"ModDate"`
				Keywords     struct {
					Keyword []string `xml:"Keyword"`
				} `xml:"Keywords"`
			} `xml:"DocInfo"`
			DocRoot string `xml:"DocRoot"`
		} `xml:"DocBody"`
	}
	if err := xml.Unmarshal(root, &ofd); err != nil {
		return nil, fmt.Errorf("ofd: OFD.xml: %v: %w", err, ErrBadFile)
	}
	if len(ofd.DocBody) == 0 {
		return nil, fmt.Errorf("ofd: OFD.xml names no document: %w", ErrBadFile)
	}
	r := &reading{encoding: UTF8}
	var pages []string
	for _, body := range ofd.DocBody {
		info := body.DocInfo
		for _, f := range []Field{
			{"Title", info.Title}, {"Author", info.Author}, {"Subject", info.Subject},
			{"Abstract", info.Abstract}, {"CreationDate", info.CreationDate}, {"ModDate", info.ModDate},
			{"Keywords", strings.Join(info.Keywords.Keyword, " ")},
		} {
			if f.Value = collapseSpace(f.Value); f.Value != "" {
				r.fields = append(r.fields, f)
			}
		}
		if r.title == "" {
			r.title = collapseSpace(info.Title)
		}
		if d, ok := findDate(info.CreationDate); ok && r.date == "" {
			r.date, r.weakDate = d, true
		}
		p, err := ofdDocument(z, body.DocRoot)
		if err != nil {
			return nil, err
		}
		pages = append(pages, p...)
	}
	text := strings.Join(pages, "\f")
	if err := checkGarbled(text); err != nil {
		return nil, fmt.Errorf("ofd: %w", err)
	}
	for _, p := range pdfParagraphs(text) {
		r.add(p, 0)
	}
	return r, nil
}

// ofdDocument returns the text of each page of one document, its lines
// separated by \n.
func ofdDocument(z *zipFile, docRoot string) ([]string, error) {
	docRoot = strings.TrimPrefix(path.Clean("/"+strings.TrimSpace(docRoot)), "/")
	data, err := z.read(docRoot)
	if err != nil {
		return nil, fmt.Errorf("%w (%w)", err, ErrBadFile)
	}
	var doc struct {
		CommonData struct {
			PublicRes   []string `xml:"PublicRes"`
			DocumentRes []string `xml:"DocumentRes"`
		} `xml:"CommonData"`
		Pages struct {
			Page []struct {
				BaseLoc string `xml:"BaseLoc,attr"`
			} `xml:"Page"`
		} `xml:"Pages"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("ofd: %s: %v: %w", docRoot, err, ErrBadFile)
	}
	dir := path.Dir(docRoot)
	units := map[string][]ofdText{}
	for _, res := range append(doc.CommonData.DocumentRes, doc.CommonData.PublicRes...) {
		loc := ofdPath(dir, res)
		if data, err := z.read(loc); err == nil {
			if err := ofdUnits(data, loc, units); err != nil {
				return nil, err
			}
		}
	}
	var pages []string
	for _, p := range doc.Pages.Page {
		loc := ofdPath(dir, p.BaseLoc)
		data, err := z.read(loc)
		if err != nil {
			return nil, fmt.Errorf("%w (%w)", err, ErrBadFile)
		}
		texts, err := ofdContent(data, loc, units)
		if err != nil {
			return nil, err
		}
		pages = append(pages, ofdLines(texts))
	}
	return pages, nil
}

// ofdPath resolves a location in an OFD file: absolute from the package
// root when it starts with /, else relative to dir.
func ofdPath(dir, loc string) string {
	loc = strings.TrimSpace(strings.ReplaceAll(loc, `\`, "/"))
	if strings.HasPrefix(loc, "/") {
		return strings.TrimPrefix(path.Clean(loc), "/")
	}
	return strings.TrimPrefix(path.Clean("/"+dir+"/"+loc), "/")
}

// ofdText is one TextCode, placed on the page.
type ofdText struct {
	text    string
	x, y    float64 // where its first character's baseline starts, in page units
	size    float64 // the font size in page units
	advance float64 // how far its characters reach to the right, in page units
}

// matrix is an OFD CTM "a b c d e f": (x, y) → (ax + cy + e, bx + dy + f).
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

func parseMatrix(s string) matrix {
	f := strings.Fields(s)
	if len(f) != 6 {
		return identity
	}
	var m matrix
	for i, v := range f {
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
			return identity
		}
		m[i] = n
	}
	return m
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// then returns the transform that applies m, then n.
func (m matrix) then(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// scale is how much m enlarges lengths, near enough for font sizes.
func (m matrix) scale() float64 {
	return math.Sqrt(math.Abs(m[0]*m[3] - m[1]*m[2]))
}

func boundaryOrigin(s string) matrix {
	f := strings.Fields(s)
	m := identity
	if len(f) >= 2 {
		x, err1 := strconv.ParseFloat(f[0], 64)
		y, err2 := strconv.ParseFloat(f[1], 64)
		if err1 == nil && err2 == nil && !math.IsNaN(x+y) && !math.IsInf(x+y, 0) {
			m[4], m[5] = x, y
		}
	}
	return m
}

func attrFloat(t xml.StartElement, name string, def float64) float64 {
	if v, err := strconv.ParseFloat(xmlAttr(t, name), 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
		return v
	}
	return def
}

// ofdUnits collects the text of a resource file's CompositeGraphicUnits,
// by ID, in the unit's own coordinates.
func ofdUnits(data []byte, loc string, units map[string][]ofdText) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return ofdSyntax(loc, err)
		}
		t, ok := tok.(xml.StartElement)
		if !ok || t.Name.Local != "CompositeGraphicUnit" {
			continue
		}
		id := xmlAttr(t, "ID")
		texts, err := ofdObjects(dec, loc, identity, nil, t.Name.Local)
		if err != nil {
			return err
		}
		units[id] = texts
	}
}

// ofdContent returns the text a page's Content.xml draws, composite
// objects' included.
func ofdContent(data []byte, loc string, units map[string][]ofdText) ([]ofdText, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	return ofdObjects(dec, loc, identity, units, "")
}

// ofdObjects reads text objects up to the end of the element named end (or
// of the input), placing them with the transform m.
func ofdObjects(dec *xml.Decoder, loc string, m matrix, units map[string][]ofdText, end string) ([]ofdText, error) {
	var out []ofdText
	var obj matrix // the text object's transform, while in one
	var size float64
	inText := false
	var x, y float64 // where the next TextCode without X, Y goes
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if end != "" {
				return nil, ofdSyntax(loc, io.ErrUnexpectedEOF)
			}
			return out, nil
		}
		if err != nil {
			return nil, ofdSyntax(loc, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "TextObject":
				inText = true
				obj = parseMatrix(xmlAttr(t, "CTM")).then(boundaryOrigin(xmlAttr(t, "Boundary"))).then(m)
				size = attrFloat(t, "Size", 1) * obj.scale()
				x, y = 0, 0
			case "TextCode":
				if !inText {
					continue
				}
				x, y = attrFloat(t, "X", x), attrFloat(t, "Y", y)
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					return nil, ofdSyntax(loc, err)
				}
				depth--
				px, py := obj.apply(x, y)
				if s != "" {
					ex, _ := obj.apply(x+textAdvance(xmlAttr(t, "DeltaX"), s, attrFloat(t, "Size", size/obj.scale())), y)
					out = append(out, ofdText{text: s, x: px, y: py, size: size, advance: ex - px})
				}
			case "CompositeObject":
				if units == nil {
					continue
				}
				cm := parseMatrix(xmlAttr(t, "CTM")).then(boundaryOrigin(xmlAttr(t, "Boundary"))).then(m)
				for _, u := range units[xmlAttr(t, "ResourceID")] {
					u.x, u.y = cm.apply(u.x, u.y)
					u.size *= cm.scale()
					u.advance *= cm.scale()
					out = append(out, u)
				}
			}
		case xml.EndElement:
			depth--
			if t.Name.Local == "TextObject" {
				inText = false
			}
			if end != "" && t.Name.Local == end && depth < 0 {
				return out, nil
			}
		}
	}
}

// textAdvance is the width of a TextCode in its object's units: the sum of
// its DeltaX (with its "g n d" repeats) and one character more, or, without
// DeltaX, an em per wide character and half one per narrow.
func textAdvance(deltaX, text string, size float64) float64 {
	f := strings.Fields(deltaX)
	if len(f) == 0 {
		return size * float64(lineWidth(text)) / 2
	}
	var sum float64
	for i := 0; i < len(f); i++ {
		if f[i] == "g" && i+2 < len(f) {
			n, err1 := strconv.Atoi(f[i+1])
			d, err2 := strconv.ParseFloat(f[i+2], 64)
			if err1 == nil && err2 == nil && n > 0 && n < 1<<20 {
				sum += float64(n) * d
			}
			i += 2
			continue
		}
		if d, err := strconv.ParseFloat(f[i], 64); err == nil {
			sum += d
		}
	}
	if math.IsNaN(sum) || math.IsInf(sum, 0) {
		return size
	}
	return sum + size
}

func ofdSyntax(loc string, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("ofd: %s: line %d: %s: %w", loc, se.Line, se.Msg, ErrBadFile)
	}
	return fmt.Errorf("ofd: %s: %v: %w", loc, err, ErrBadFile)
}

// ofdLines joins the text codes of a page into lines, in the order the
// page draws them: a code on the baseline of the one before, to its right,
// goes on the same line.
func ofdLines(texts []ofdText) string {
	var b strings.Builder
	var lastY, lastX, lastSize float64
	for i, t := range texts {
		if i > 0 {
			tol := math.Max(math.Max(t.size, lastSize)*0.5, 0.01)
			gap := t.x - lastX
			switch {
			case math.Abs(t.y-lastY) > tol || gap < -2*tol || gap > 3*math.Max(t.size, lastSize):
				// Another baseline, or another column.
				b.WriteByte('\n')
			case gap > math.Max(t.size, lastSize):
				b.WriteByte(' ') // a tab or a table's cells
			}
		}
		b.WriteString(t.text)
		lastY, lastSize = t.y, t.size
		lastX = t.x + t.advance
	}
	return b.String()
}
