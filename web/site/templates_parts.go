package site

import (
	"io/fs"
	"testing/fstest"
)

// PagesWith returns the pages matching pattern in fsys, each with the
// templates of partial (a file defining shared blocks: a face's
// navigation, a document view) appended, so every page can use them while
// each page still parses on its own.
func PagesWith(fsys fs.FS, pattern, partial string) fs.FS {
	part, err := fs.ReadFile(fsys, partial)
	if err != nil {
		panic(err)
	}
	out := fstest.MapFS{}
	pages, err := fs.Glob(fsys, pattern)
	if err != nil {
		panic(err)
	}
	for _, p := range pages {
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			panic(err)
		}
		out[p] = &fstest.MapFile{Data: append(append(b, '\n'), part...)}
	}
	return out
}
