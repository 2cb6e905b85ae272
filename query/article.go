package query

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
)

// A law's articles are numbered 第一条, 第二十一条, 第一百零五条 (or in
// digits), and an article inserted by an amendment 第二十一条之一.
const articleNumber = `第[零〇一二三四五六七八九十百千0-9０-９]+条(?:之[一二三四五六七八九十]+)?`

// articleRegexps are compiled on first use, by a query that holds 条: most
// searches hold no article number, and a cold search should not compile
// them. (A paragraph's article is found by ArticleOf without them: a search
// that shows a law's paragraphs reads it for each.)
var articleRegexps = sync.OnceValue(func() (r struct{ only, lawArticle *regexp.Regexp }) {
	// only matches a keyword that is an article number.
	r.only = regexp.MustCompile(`^` + articleNumber + `$`)
	// lawArticle matches a keyword that names a law and one of its
	// articles: 《安全生产法》第二十一条, 安全生产法第二十一条.
	r.lawArticle = regexp.MustCompile(`^(.+?)(` + articleNumber + `)$`)
	return r
})

// ArticleOf returns the article number a paragraph's text starts with
// ("第二十一条"), or "". An article is numbered at the start of its first
// paragraph, followed by a space or its text.
func ArticleOf(text string) string {
	rest, ok := strings.CutPrefix(text, "第")
	if !ok {
		return ""
	}
	// articleNumber, read as its regular expression would match it at the
	// start of text.
	number := strings.IndexFunc(rest, func(r rune) bool { return !strings.ContainsRune(articleDigits, r) })
	if number <= 0 || !strings.HasPrefix(rest[number:], "条") {
		return ""
	}
	end := len("第") + number + len("条")
	if rest, ok := strings.CutPrefix(text[end:], "之"); ok {
		n := strings.IndexFunc(rest, func(r rune) bool { return !strings.ContainsRune(articleOrdinals, r) })
		if n < 0 {
			n = len(rest)
		}
		if n > 0 {
			end += len("之") + n
		}
	}
	return text[:end]
}

// The characters of an article's number and of the ordinal of an article
// inserted after it, as articleNumber has them.
const (
	articleDigits   = "零〇一二三四五六七八九十百千0123456789０１２３４５６７８９"
	articleOrdinals = "一二三四五六七八九十"
)

// lawName returns the name of a law in a keyword, without its 《》: a name
// in 《》, or one ending as laws and rules are named (法, 法典, 条例, 规定,
// 办法, 细则, 规则, 解释).
func lawName(text string) (string, bool) {
	if name, ok := strings.CutPrefix(text, "《"); ok {
		name, ok = strings.CutSuffix(name, "》")
		return name, ok && name != "" && !strings.ContainsAny(name, "《》")
	}
	for _, end := range []string{"法", "法典", "条例", "规定", "办法", "细则", "规则", "解释"} {
		if strings.HasSuffix(text, end) && text != end {
			return text, true
		}
	}
	return "", false
}

// articleQuery is a query that asks for an article of a law: the law's
// documents and the article number.
type articleQuery struct {
	docs    []bool // the documents whose title holds the law's name
	article string // "第二十一条"
}

// findArticle recognises a query that asks for an article of a law, as a
// researcher cites one: `安全生产法 第二十一条`, `《安全生产法》第二十一条`. The
// law's name, among the query's top-level keywords, must be in some
// document's title; the query is then rewritten to the article number in
// those documents, with the other keywords as they were. It returns the
// query unchanged and nil otherwise.
func findArticle(root Node, titles *index.TitleList) (Node, *articleQuery) {
	if root == nil {
		return root, nil
	}
	terms := []Node{root}
	if a, ok := root.(*And); ok {
		terms = a.Nodes
	}
	name, article, nameAt, articleAt := "", "", -1, -1
	for i, n := range terms {
		k, ok := n.(*Keyword)
		if !ok || k.Field != FieldText {
			continue
		}
		numbered := strings.Contains(k.Text, "条") // an article number holds one
		switch {
		case numbered && articleRegexps().only.MatchString(k.Text) && articleAt < 0:
			article, articleAt = k.Text, i
		case nameAt < 0:
			if numbered && articleAt < 0 {
				if m := articleRegexps().lawArticle.FindStringSubmatch(k.Text); m != nil {
					if law, ok := lawName(m[1]); ok {
						name, article, nameAt, articleAt = law, m[2], i, i
						continue
					}
				}
			}
			if law, ok := lawName(k.Text); ok {
				name, nameAt = law, i
			}
		}
	}
	if nameAt < 0 || articleAt < 0 {
		return root, nil
	}
	folded := segment.FoldString(name)
	docs := make([]bool, titles.Len())
	found := false
	for i := range docs {
		if bytes.Contains(titles.FoldedTitle(i), []byte(folded)) {
			docs[i], found = true, true
		}
	}
	if !found {
		return root, nil
	}
	var rest []Node
	for i, n := range terms {
		switch i {
		case articleAt:
			k := *n.(*Keyword)
			k.Text, k.Quoted = article, false
			rest = append(rest, &k)
		case nameAt:
		default:
			rest = append(rest, n)
		}
	}
	if len(rest) == 1 {
		return rest[0], &articleQuery{docs: docs, article: article}
	}
	return &And{Nodes: rest}, &articleQuery{docs: docs, article: article}
}

// articleBonus lifts the article asked for above every other hit: ranking
// scores are far below it.
const articleBonus = 1000

// articleBoostQuery ranks first the paragraphs that start the article asked
// for, among the hits of its query, which are few: the paragraphs of one
// law that hold the article number.
type articleBoostQuery struct {
	query   bq.Query
	ix      *index.Index
	article string
}

func (q *articleBoostQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s, err := q.query.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	return &adjustingSearcher{Searcher: s, adjust: func(dm *search.DocumentMatch) error {
		p, err := q.ix.Paragraph(r, dm.IndexInternalID.Value())
		if err != nil {
			return err
		}
		if ArticleOf(p.Text) == q.article {
			dm.Score += articleBonus
		}
		return nil
	}}, nil
}

// maxArticleLookBack bounds how far back a paragraph's article is looked
// for: an article's paragraphs (款, 项) follow its first closely.
const maxArticleLookBack = 40

// articleKey is a paragraph of a document.
type articleKey struct{ doc, n int }

// article returns the article a paragraph of a law is, or is in: the
// article its text starts, or the one that the paragraphs before it, back
// to a heading, start. Documents that are not laws have none. What it
// reads is remembered for the rest of the search, so that the items of
// one article, or a search for all hits, read each paragraph once.
func (s *searcher) article(h *Hit, doc int) (string, error) {
	if h.Heading || !IsLaw(s.titles.At(doc)) {
		return "", nil
	}
	if a := ArticleOf(h.Text); a != "" {
		return a, nil
	}
	if s.articles == nil {
		s.articles = map[articleKey]string{}
	}
	var walked []int
	found, ended := "", false
	for n := h.Paragraph - 1; n >= 1 && n >= h.Paragraph-maxArticleLookBack; n-- {
		if a, ok := s.articles[articleKey{doc, n}]; ok {
			found, ended = a, true
			break
		}
		p, ok, err := s.ix.ParagraphAt(s.reader, doc, n)
		if err != nil {
			return "", err
		}
		ended = !ok || p.Heading
		if ended {
			s.articles[articleKey{doc, n}] = ""
			break
		}
		if a := ArticleOf(p.Text); a != "" {
			s.articles[articleKey{doc, n}] = a
			found, ended = a, true
			break
		}
		walked = append(walked, n)
	}
	if ended || len(walked) < maxArticleLookBack && h.Paragraph-1-len(walked) < 1 {
		// Where the walk stopped on its own, every paragraph it passed is
		// in the article it found (a walk cut short by the bound says
		// nothing of them).
		for _, n := range walked {
			s.articles[articleKey{doc, n}] = found
		}
	}
	return found, nil
}

// IsLaw reports whether a document is made of articles (第X条): a law,
// regulation or rule, as its legal force or its kind says.
func IsLaw(d index.DocTitle) bool {
	if d.Force != "" {
		return true
	}
	switch d.Type {
	case "法", "条例", "规定", "办法", "细则", "规则", "决定", "解释":
		return true
	}
	return false
}
