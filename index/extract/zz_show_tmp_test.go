package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestZZShow(t *testing.T) {
	f := os.Getenv("SHOWFILE")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	doc, err := Parse(filepath.Base(f), data)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("title=%q date=%q source=%q speaker=%q enc=%s fmt=%s\n", doc.Title, doc.Date, doc.Source, doc.Speaker, doc.Encoding, doc.Format)
	for _, f := range doc.Fields {
		fmt.Printf("  %s: %s\n", f.Name, f.Value)
	}
	for _, p := range doc.Paragraphs {
		fmt.Printf("¶%d %s/%d %v | %s\n", p.N, p.Kind, p.Level, p.Section, p.Text)
	}
}

func TestZZGarble(t *testing.T) {
	n := 0
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		if commonHan(r) {
			n++
		}
	}
	fmt.Println("common", n)
}

func TestZZOFDLines(t *testing.T) {
	f := os.Getenv("SHOWFILE")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	z, _ := openZip(FormatOFD, data)
	pages, err := ofdDocument(z, "Doc_0/Document.xml")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		fmt.Println(p)
		fmt.Println("=== page")
	}
}
