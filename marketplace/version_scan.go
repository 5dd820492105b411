package marketplace

import (
	"fmt"
	"regexp"
	"strings"
)

// ForbiddenRule is one construct the static scan refuses, with why. The
// sandbox already disables most of them at run time; the scan makes the
// refusal visible at upload, before review, with a line and column.
type ForbiddenRule struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// ForbiddenRules is the scan's list, in the order findings are reported.
var ForbiddenRules = []ForbiddenRule{
	{"forbidden_eval", "eval runs a string as code: what runs would not be the code that was reviewed"},
	{"forbidden_function_constructor", "new Function / Function(...) compiles a string into code: what runs would not be the code that was reviewed"},
	{"forbidden_dynamic_import", "import(...) loads code from outside the bundle; a bundle must be one self-contained script"},
	{"forbidden_webassembly", "WebAssembly runs binary code the review cannot read and the sandbox does not offer"},
	{"forbidden_source_map_url", "a sourceMappingURL comment pointing at a file or URL makes tools fetch things outside the bundle; souk build ships app.js.map beside the script"},
	{"forbidden_with", "with statements make every name lookup depend on a runtime object, so neither review nor the scan can tell what a name means"},
}

func ruleFor(word string) string {
	if word == "eval" {
		return "forbidden_eval"
	}
	return "forbidden_webassembly"
}

func ruleReason(code string) string {
	for _, r := range ForbiddenRules {
		if r.Code == code {
			return r.Reason
		}
	}
	return ""
}

// Finding is one forbidden construct at a 1-based line and column of app.js.
type Finding struct {
	Code   string `json:"code"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Text   string `json:"text"`
}

func (f Finding) String() string {
	return fmt.Sprintf("app.js:%d:%d: %s: %s", f.Line, f.Column, f.Text, ruleReason(f.Code))
}

// maxFindings bounds what one scan reports; the first few are enough to act on.
const maxFindings = 20

// globalObjects are names whose properties are globals: globalThis.eval is eval.
var globalObjects = map[string]bool{"globalThis": true, "window": true, "self": true, "global": true}

// regexAfterKeyword: after these words a "/" starts a regular expression.
var regexAfterKeyword = map[string]bool{"return": true, "typeof": true, "case": true, "do": true, "else": true, "in": true,
	"instanceof": true, "new": true, "delete": true, "void": true, "throw": true, "yield": true, "await": true, "of": true}

// globalObjectIdiom is what follows Function in the global-object idiom
// Function("return this")() and new Function("return this")(), as npm
// libraries (lodash, core-js and others) write it. The scan accepts exactly
// that and no other use of Function.
var globalObjectIdiom = regexp.MustCompile(`^\s*\(\s*(?:"return this"|'return this')\s*\)\s*\(\s*\)`)

var sourceMapRe = regexp.MustCompile(`^[#@]\s*source(?:Mapping)?URL\s*=\s*(\S*)`)

type token struct {
	kind      byte // 'i' identifier/keyword, 'p' punctuator, 'v' value (string, number, regexp, template)
	text      string
	line, col int
}

// ScanScript looks for ForbiddenRules in a script. It tokenizes the way a
// JavaScript lexer does (strings, template literals with nested ${…},
// comments and regular-expression literals are skipped), so a forbidden
// word inside a string or comment is not a finding. A "/" is taken for a
// regular expression after an operator, an opening bracket or a keyword
// such as return; that is the usual lexer heuristic and exact for what
// esbuild writes.
func ScanScript(src []byte) []Finding {
	sc := scanner{src: src, line: 1, col: 1}
	var findings []Finding
	add := func(code string, t token, text string) {
		if len(findings) < maxFindings {
			findings = append(findings, Finding{Code: code, Line: t.line, Column: t.col, Text: text})
		}
	}
	var toks []token // the last few significant tokens
	prev := func(n int) token {
		if len(toks) > n {
			return toks[len(toks)-1-n]
		}
		return token{}
	}
	// pending is an identifier whose verdict depends on the next token.
	type pendingTok struct {
		token
		prevText string
	}
	var pending *pendingTok
	pendingGlobal := false
	for {
		t, comment, ok := sc.next(func() bool { return regexAllowed(prev(0)) })
		if !ok {
			if pending != nil && (pending.text == "eval" || pending.text == "WebAssembly") {
				add(ruleFor(pending.text), pending.token, pending.text)
			}
			break
		}
		if comment != "" {
			if m := sourceMapRe.FindStringSubmatch(comment); m != nil && !strings.HasPrefix(m[1], "data:") {
				add("forbidden_source_map_url", t, "//"+comment)
			}
			continue
		}
		if pending != nil {
			p := *pending
			pending = nil
			// {eval: 1} and {…, with: 2} name properties, not globals.
			key := t.text == ":" && (p.prevText == "{" || p.prevText == ",")
			switch {
			case key:
			case p.text == "eval":
				add("forbidden_eval", p.token, "eval")
			case p.text == "WebAssembly":
				add("forbidden_webassembly", p.token, "WebAssembly")
			case p.text == "Function" && t.text == "(":
				add("forbidden_function_constructor", p.token, "Function(")
			case p.text == "import" && t.text == "(" && !pendingGlobal:
				add("forbidden_dynamic_import", p.token, "import(")
			case p.text == "with" && t.text == "(" && !pendingGlobal && p.prevText != ",":
				// After a comma, with( is a method in an object literal
				// ({…, with(a) {…}}, as zod writes): a statement cannot follow a comma.
				add("forbidden_with", p.token, "with (")
			}
		}
		if t.kind == 'i' {
			dotted := prev(0).text == "." || prev(0).text == "?."
			global := !dotted || (prev(1).kind == 'i' && globalObjects[prev(1).text] && prev(0).text == ".")
			switch t.text {
			case "eval", "WebAssembly":
				if global {
					pending, pendingGlobal = &pendingTok{t, prev(0).text}, false
				}
			case "Function":
				if global && globalObjectIdiom.Match(src[sc.pos:]) {
					// Function("return this")(): the one use of Function
					// that compiles nothing; the sandbox answers it with
					// globalThis (and souk build rewrites it to globalThis).
					break
				}
				if global {
					if prev(0).text == "new" {
						add("forbidden_function_constructor", t, "new Function")
					} else {
						pending, pendingGlobal = &pendingTok{t, prev(0).text}, false
					}
				}
			case "import", "with":
				// A method called import or with (obj.with(...), Array's with) is fine.
				pending, pendingGlobal = &pendingTok{t, prev(0).text}, dotted
			}
		}
		toks = append(toks, t)
		if len(toks) > 8 {
			toks = toks[len(toks)-3:]
		}
	}
	return findings
}

// regexAllowed reports whether a "/" after prev starts a regular expression.
func regexAllowed(prev token) bool {
	switch prev.kind {
	case 0:
		return true
	case 'v':
		return false
	case 'i':
		return regexAfterKeyword[prev.text]
	}
	switch prev.text {
	case ")", "]", "}":
		return false
	}
	return true
}

type scanner struct {
	src       []byte
	pos       int
	line, col int
	// braces tracks template literals: each "${" pushes the brace depth so
	// the matching "}" resumes the template.
	braces []int
	depth  int
}

func (s *scanner) peek(off int) byte {
	if s.pos+off < len(s.src) {
		return s.src[s.pos+off]
	}
	return 0
}

func (s *scanner) advance() {
	if s.src[s.pos] == '\n' {
		s.line, s.col = s.line+1, 1
	} else if s.src[s.pos]&0xC0 != 0x80 { // count runes, not UTF-8 continuation bytes
		s.col++
	}
	s.pos++
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 || c == '\\'
}

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

// next returns the next token, or the text of a comment (a token with
// comment set carries only its position).
func (s *scanner) next(regexOK func() bool) (tok token, comment string, ok bool) {
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
			s.advance()
			continue
		}
		t := token{line: s.line, col: s.col}
		switch {
		case c == '/' && s.peek(1) == '/':
			start := s.pos + 2
			for s.pos < len(s.src) && s.src[s.pos] != '\n' {
				s.advance()
			}
			body := string(s.src[start:s.pos])
			if body == "" {
				body = " "
			}
			return t, body, true
		case c == '/' && s.peek(1) == '*':
			s.advance()
			s.advance()
			start := s.pos
			for s.pos < len(s.src) && !(s.src[s.pos] == '*' && s.peek(1) == '/') {
				s.advance()
			}
			body := string(s.src[start:s.pos])
			if s.pos < len(s.src) {
				s.advance()
				s.advance()
			}
			if body == "" {
				body = " "
			}
			return t, body, true
		case c == '"' || c == '\'':
			s.skipString(c)
			t.kind, t.text = 'v', "string"
		case c == '`':
			s.advance()
			s.skipTemplate()
			t.kind, t.text = 'v', "template"
		case c == '}' && len(s.braces) > 0 && s.braces[len(s.braces)-1] == s.depth:
			// The end of a ${…} substitution: the template resumes.
			s.braces = s.braces[:len(s.braces)-1]
			s.advance()
			s.skipTemplate()
			t.kind, t.text = 'v', "template"
		case c >= '0' && c <= '9' || c == '.' && s.peek(1) >= '0' && s.peek(1) <= '9':
			for s.pos < len(s.src) && (isIdentPart(s.src[s.pos]) || s.src[s.pos] == '.') {
				s.advance()
			}
			t.kind, t.text = 'v', "number"
		case isIdentStart(c):
			start := s.pos
			for s.pos < len(s.src) && isIdentPart(s.src[s.pos]) {
				s.advance()
			}
			t.kind, t.text = 'i', string(s.src[start:s.pos])
		case c == '/' && regexOK():
			s.skipRegexp()
			t.kind, t.text = 'v', "regexp"
		default:
			t.kind = 'p'
			switch {
			case c == '?' && s.peek(1) == '.' && !(s.peek(2) >= '0' && s.peek(2) <= '9'):
				t.text = "?."
				s.advance()
			case c == '{':
				s.depth++
				t.text = "{"
			case c == '}':
				s.depth--
				t.text = "}"
			default:
				t.text = string(c)
			}
			s.advance()
		}
		return t, "", true
	}
	return token{}, "", false
}

func (s *scanner) skipString(q byte) {
	s.advance()
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		s.advance()
		if c == '\\' && s.pos < len(s.src) {
			s.advance()
		} else if c == q || c == '\n' {
			return
		}
	}
}

// skipTemplate skips template text up to the closing backtick or to a
// "${", whose closing brace is remembered.
func (s *scanner) skipTemplate() {
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == '\\':
			s.advance()
			if s.pos < len(s.src) {
				s.advance()
			}
		case c == '`':
			s.advance()
			return
		case c == '$' && s.peek(1) == '{':
			s.advance()
			s.advance()
			// Braces inside the substitution balance out, so the "}" met
			// at this depth is the one that closes it.
			s.braces = append(s.braces, s.depth)
			return
		default:
			s.advance()
		}
	}
}

func (s *scanner) skipRegexp() {
	s.advance()
	inClass := false
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		s.advance()
		switch {
		case c == '\\' && s.pos < len(s.src):
			s.advance()
		case c == '[':
			inClass = true
		case c == ']':
			inClass = false
		case c == '/' && !inClass:
			for s.pos < len(s.src) && isIdentPart(s.src[s.pos]) {
				s.advance()
			}
			return
		case c == '\n':
			return
		}
	}
}
