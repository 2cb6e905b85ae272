package main

import (
	"context"

	"github.com/zhsearch/zhsearch/index"
	"github.com/zhsearch/zhsearch/query"
)

// exportPage is how many hits an export loads at a time: --limit 0
// streams every hit without holding them all.
const exportPage = 500

// Repeated text is not collapsed by eachHit: an export is a table of every
// matching paragraph, a repeat a row like any other.

// eachHit runs a search page by page and calls fn for each hit, limit hits
// from offset (limit 0: all). It returns the last page's result, whose
// Total counts every hit.
func eachHit(ctx context.Context, set *index.Set, q string, opts query.Options, limit int, fn func(query.Hit) error) (*query.Result, error) {
	return eachHitPaged(ctx, set, q, opts, limit, exportPage, fn)
}

func eachHitPaged(ctx context.Context, set *index.Set, q string, opts query.Options, limit, page int, fn func(query.Hit) error) (*query.Result, error) {
	var last *query.Result
	done := 0
	opts.Collapse = false
	for {
		opts.Limit = page
		if limit > 0 {
			opts.Limit = min(page, limit-done)
		}
		res, err := query.SearchSet(ctx, set, q, opts)
		if err != nil {
			return nil, err
		}
		last = res
		for _, h := range res.Hits {
			if err := fn(h); err != nil {
				return nil, err
			}
		}
		done += len(res.Hits)
		opts.Offset += len(res.Hits)
		if len(res.Hits) < opts.Limit || limit > 0 && done >= limit || opts.Offset >= res.Total {
			return last, nil
		}
	}
}
