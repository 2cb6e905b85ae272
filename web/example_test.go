package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/segment"
	"github.com/zhsearch/zhsearch/web"
)

// A handler serving one index, asked for a search and for a bad one.
func ExampleNewHandler() {
	dir, err := os.MkdirTemp("", "zhsearch-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	seg, err := segment.New(segment.Options{})
	if err != nil {
		panic(err)
	}
	ixDir := filepath.Join(dir, "index")
	if _, err := index.Update(context.Background(), ixDir, seg, []string{"../testdata/speech.txt"}, index.UpdateOptions{}); err != nil {
		panic(err)
	}
	ix, err := index.Open(ixDir)
	if err != nil {
		panic(err)
	}
	defer ix.Close()

	// A server that moves to new generations on its own passes an
	// index.LiveSet (index.OpenLiveSet, of one index or several searched
	// as one) instead of web.Fixed.
	h := web.NewHandler(web.Fixed(ix), web.Options{})
	for _, q := range []string{"非煤矿山", `非煤矿山 "关闭`} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/api/search?"+url.Values{"q": {q}, "limit": {"1"}}.Encode(), nil))
		var body struct {
			Total int    `json:"total"`
			Code  string `json:"code"`
			Error string `json:"error"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
			panic(err)
		}
		if body.Code != "" {
			fmt.Println(w.Code, body.Code, body.Error)
		} else {
			fmt.Println(w.Code, body.Total, "paragraphs")
		}
	}
	// Output:
	// 200 7 paragraphs
	// 400 syntax column 6: unclosed quote
}
