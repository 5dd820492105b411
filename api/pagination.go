package api

import (
	"context"
	"net/http"
)

// One pagination for every list (docs/API.md): a page of at most limit
// items, in the list's order, after the item whose id is starting_after or
// before the one whose id is ending_before; the answer is
// {"data": [...], "has_more": bool}. has_more says whether more items follow
// in the direction asked.

// PageParams are the query parameters of every list.
type PageParams struct {
	Limit         int    `query:"limit" minimum:"1" maximum:"100" default:"20" doc:"Page size, 1-100"`
	StartingAfter string `query:"starting_after" maxLength:"128" doc:"The id of the last item of the previous page: the page after it"`
	EndingBefore  string `query:"ending_before" maxLength:"128" doc:"The id of the first item of the next page: the page before it"`
}

// Page is one page of a list.
type Page[T any] struct {
	Data    []T  `json:"data" nullable:"false"`
	HasMore bool `json:"has_more" doc:"More items follow in the direction asked"`
}

// pageOutput is the response of a list operation.
type pageOutput[T any] struct{ Body Page[T] }

// maxScan bounds how many items ending_before reads through on a list that
// the store can only read forward.
const maxScan = 10_000

// fetchFunc reads up to n items of a list, in its order, after the item
// whose id is after ("": from the start).
type fetchFunc[T any] func(ctx context.Context, after string, n int) ([]T, error)

func pageLimit(p PageParams) int {
	if p.Limit <= 0 {
		return 20
	}
	return p.Limit
}

// listPage answers a list from a forward reader. ending_before reads the
// list from the start up to that item (at most maxScan items).
func listPage[T any](ctx context.Context, p PageParams, id func(T) string, fetch fetchFunc[T]) (*pageOutput[T], error) {
	if p.StartingAfter != "" && p.EndingBefore != "" {
		return nil, Fail(http.StatusBadRequest, "invalid_request", "pass starting_after or ending_before, not both")
	}
	limit := pageLimit(p)
	if p.EndingBefore == "" {
		items, err := fetch(ctx, p.StartingAfter, limit+1)
		if err != nil {
			return nil, err
		}
		return page(items, limit), nil
	}
	var before []T
	after := ""
	for len(before) <= maxScan {
		chunk, err := fetch(ctx, after, 100)
		if err != nil {
			return nil, err
		}
		for i, it := range chunk {
			if id(it) == p.EndingBefore {
				before = append(before, chunk[:i]...)
				start := max(0, len(before)-limit)
				return &pageOutput[T]{Body: Page[T]{Data: nonNil(before[start:]), HasMore: start > 0}}, nil
			}
		}
		if len(chunk) < 100 {
			break
		}
		before = append(before, chunk...)
		after = id(chunk[len(chunk)-1])
	}
	return nil, Fail(http.StatusBadRequest, "invalid_cursor", "ending_before names no item of this list")
}

var errInvalidCursor = Fail(http.StatusBadRequest, "invalid_cursor", "starting_after names no item of this list")

// pageSlice answers a list held whole in memory.
func pageSlice[T any](ctx context.Context, p PageParams, items []T, id func(T) string) (*pageOutput[T], error) {
	return listPage(ctx, p, id, func(_ context.Context, after string, n int) ([]T, error) {
		start := 0
		if after != "" {
			start = -1
			for i, it := range items {
				if id(it) == after {
					start = i + 1
					break
				}
			}
			if start < 0 {
				return nil, errInvalidCursor
			}
		}
		end := min(len(items), start+n)
		return items[start:end], nil
	})
}

// page cuts a read of limit+1 items to limit and says whether more follow.
func page[T any](items []T, limit int) *pageOutput[T] {
	more := len(items) > limit
	if more {
		items = items[:limit]
	}
	return &pageOutput[T]{Body: Page[T]{Data: nonNil(items), HasMore: more}}
}

func nonNil[T any](items []T) []T {
	if items == nil {
		return []T{}
	}
	return items
}

// mapSlice converts domain values to their views.
func mapSlice[A, B any](in []A, f func(A) B) []B {
	out := make([]B, 0, len(in))
	for _, a := range in {
		out = append(out, f(a))
	}
	return out
}
