package sandbox

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/go-sourcemap/sourcemap"
)

// Source maps are read only here, on the host, from Job.SourceMap. goja
// never sees them (it compiles with parser.WithDisableSourceMaps), so a
// sourceMappingURL comment in a bundle cannot make anything read a file.

// stackLine matches goja's stack frame lines:
//
//	at render (bundle.js:3:9(12))
//	at bundle.js:3:9(12)
var stackLine = regexp.MustCompile(`^\s*at (?:(.+?) \()?([^()\s]+):(\d+):(\d+)\(\d+\)\)?\s*$`)

// mapStack parses a goja stack and maps frames in the bundle through sm
// (nil: no mapping). It returns the frames and the stack rendered in
// original coordinates.
func mapStack(header, stack string, sm *sourcemap.Consumer) ([]StackFrame, string) {
	var frames []StackFrame
	var b strings.Builder
	b.WriteString(header)
	for _, line := range strings.Split(stack, "\n") {
		m := stackLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		ln, _ := strconv.Atoi(m[3])
		col, _ := strconv.Atoi(m[4])
		f := StackFrame{Function: m[1], File: m[2], Line: ln, Column: col}
		if f.File == setupName {
			continue // the sandbox's own helpers are not the developer's code
		}
		if sm != nil && f.File == bundleName {
			// goja columns are 1-based; source maps use 0-based columns.
			if src, name, l, c, ok := safeSource(sm, ln, col-1); ok {
				f.File, f.Line, f.Column, f.Mapped = src, l, c+1, true
				if name != "" && f.Function == "" {
					f.Function = name
				}
			}
		}
		frames = append(frames, f)
		if len(frames) > 64 {
			break
		}
		b.WriteString("\n    at ")
		if f.Function != "" {
			b.WriteString(f.Function + " (")
		}
		b.WriteString(f.File + ":" + strconv.Itoa(f.Line) + ":" + strconv.Itoa(f.Column))
		if f.Function != "" {
			b.WriteString(")")
		}
	}
	return frames, b.String()
}

// sourceMaps caches parsed source maps by bundle hash (bounded).
type sourceMaps struct {
	mu sync.Mutex
	m  map[string]*sourcemap.Consumer
}

func (s *sourceMaps) get(hash string, raw []byte) *sourcemap.Consumer {
	if len(raw) == 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.m[hash]; ok {
		return c
	}
	c, err := safeParse(raw)
	if err != nil {
		c = nil // a broken map only costs the mapping, not the receipt
	}
	if s.m == nil || len(s.m) >= 128 {
		s.m = map[string]*sourcemap.Consumer{}
	}
	s.m[hash] = c
	return c
}

// The source-map library trusts its input: "sources": [] or a null entry
// in "sections" make it index out of range or dereference nil. runtime's
// bundle reader rejects such maps (runtime/bundle_sourcemap_check.go); these
// wrappers make any map it misses cost the mapping, not the event.

func safeParse(raw []byte) (c *sourcemap.Consumer, err error) {
	defer func() {
		if x := recover(); x != nil {
			c, err = nil, fmt.Errorf("sandbox: unusable source map: %v", x)
		}
	}()
	return sourcemap.Parse(bundleName+".map", raw)
}

func safeSource(sm *sourcemap.Consumer, line, col int) (src, name string, l, c int, ok bool) {
	defer func() {
		if recover() != nil {
			src, name, l, c, ok = "", "", 0, 0, false
		}
	}()
	return sm.Source(line, col)
}
