package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/go-sourcemap/sourcemap"

	"github.com/soukhq/souk/marketplace"
)

// sourceMapper maps positions in a built app.js to the developer's sources
// through app.js.map, as the sandbox does for stacks.
type sourceMapper struct {
	c       *sourcemap.Consumer
	content map[string][]string // source → lines, from sourcesContent
}

func newSourceMapper(raw []byte) *sourceMapper {
	m := &sourceMapper{content: map[string][]string{}}
	if c, err := sourcemap.Parse("", raw); err == nil {
		m.c = c
	}
	var sm struct {
		Sources        []string  `json:"sources"`
		SourcesContent []*string `json:"sourcesContent"`
	}
	if json.Unmarshal(raw, &sm) == nil {
		for i, s := range sm.Sources {
			if i < len(sm.SourcesContent) && sm.SourcesContent[i] != nil {
				m.content[s] = strings.Split(*sm.SourcesContent[i], "\n")
			}
		}
	}
	return m
}

// position is a place in a source file, 1-based.
type position struct {
	File         string
	Line, Column int
	Mapped       bool
}

func (p position) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column) }

// locate maps a 1-based line and column of app.js.
func (m *sourceMapper) locate(line, col int) position {
	if m != nil && m.c != nil {
		if src, _, l, c, ok := safeSource(m.c, line, col-1); ok {
			return position{File: src, Line: l, Column: c + 1, Mapped: true}
		}
	}
	return position{File: "app.js", Line: line, Column: col}
}

func safeSource(c *sourcemap.Consumer, line, col int) (src, name string, l, cl int, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return c.Source(line, col)
}

// lineText is the source line at p, "" if the map does not carry it.
func (m *sourceMapper) lineText(p position) string {
	if m == nil || !p.Mapped {
		return ""
	}
	lines := m.content[p.File]
	if p.Line < 1 || p.Line > len(lines) {
		return ""
	}
	return strings.TrimRight(lines[p.Line-1], "\r")
}

// describeFinding is a static-scan finding at its source line, with the
// rule's reason and the line itself.
func (m *sourceMapper) describeFinding(f marketplace.Finding) string {
	p := m.locate(f.Line, f.Column)
	s := fmt.Sprintf("%s: %s: %s", p, f.Text, ruleReason(f.Code))
	if t := m.lineText(p); t != "" {
		s += "\n      " + strings.TrimSpace(t)
	}
	return s
}

func ruleReason(code string) string {
	for _, r := range marketplace.ForbiddenRules {
		if r.Code == code {
			return r.Reason
		}
	}
	return code
}

// appJSPos finds "app.js:LINE:COL" in a check message from the server.
var appJSPos = regexp.MustCompile(`app\.js:(\d+):(\d+)`)

// mapMessage rewrites app.js positions in a message to source positions.
func (m *sourceMapper) mapMessage(msg string) string {
	return appJSPos.ReplaceAllStringFunc(msg, func(s string) string {
		sub := appJSPos.FindStringSubmatch(s)
		l, _ := strconv.Atoi(sub[1])
		c, _ := strconv.Atoi(sub[2])
		p := m.locate(l, c)
		if !p.Mapped {
			return s
		}
		return p.String()
	})
}
