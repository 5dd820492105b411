// Package textguard rejects input text that a decoder would silently
// repair or that a database cannot store: NUL characters (PostgreSQL text
// refuses them, SQLite keeps them), invalid UTF-8 and lone UTF-16 surrogates
// (encoding/json replaces both with U+FFFD), and duplicate object keys
// (encoding/json lets the last one win, so {"amount":"1.00","amount":"5.00"}
// would mean 5.00 to the server and 1.00 to whoever checked the first key).
//
// JSON checks a raw body in one pass before it is decoded, at any nesting
// depth. It reports only these problems: a body that is not JSON at all is
// left to the decoder, which rejects it with its own message.
package textguard

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Codes of the problems JSON and Text report.
const (
	// CodeInvalidText: a NUL character, invalid UTF-8 or a lone surrogate.
	CodeInvalidText = "invalid_text"
	// CodeDuplicateKey: an object names the same key twice.
	CodeDuplicateKey = "duplicate_key"
)

// Problem is the first problem found in the input.
type Problem struct {
	// Code is CodeInvalidText or CodeDuplicateKey.
	Code string
	// Reason says what was wrong, in words.
	Reason string
	// Location is where: "body", "body.items[2].name", or what the caller
	// passed to Text.
	Location string
	// Offset is the byte offset in the JSON input (0 for Text).
	Offset int
}

func (p *Problem) Error() string { return p.Location + ": " + p.Reason }

// Text checks one decoded text value (a query parameter, a path): it must
// be valid UTF-8 without NUL characters.
func Text(location, s string) *Problem {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return &Problem{Code: CodeInvalidText, Reason: "contains a NUL character", Location: location}
	}
	if !utf8.ValidString(s) {
		return &Problem{Code: CodeInvalidText, Reason: "is not valid UTF-8", Location: location}
	}
	return nil
}

// frame is one open object or array.
type frame struct {
	object bool
	keys   map[string]struct{}
	key    string // the current member's key (objects)
	inKey  bool   // the key itself is being read
	index  int    // the current element's index (arrays)
}

type scanner struct {
	b     []byte
	i     int
	stack []frame
}

// JSON checks a raw JSON document. It returns nil when the document is
// clean, and also when it stops being JSON (the decoder reports that).
func JSON(b []byte) *Problem {
	s := scanner{b: b}
	return s.run()
}

const (
	needValue = iota
	needKey
	afterValue
)

func (s *scanner) run() *Problem {
	state := needValue
	for {
		switch state {
		case needValue:
			s.ws()
			if s.i >= len(s.b) {
				return nil
			}
			switch c := s.b[s.i]; c {
			case '{':
				s.i++
				s.stack = append(s.stack, frame{object: true})
				s.ws()
				if s.i < len(s.b) && s.b[s.i] == '}' {
					s.i++
					s.stack = s.stack[:len(s.stack)-1]
					state = afterValue
				} else {
					state = needKey
				}
			case '[':
				s.i++
				s.stack = append(s.stack, frame{})
				s.ws()
				if s.i < len(s.b) && s.b[s.i] == ']' {
					s.i++
					s.stack = s.stack[:len(s.stack)-1]
					state = afterValue
				} else {
					state = needValue
				}
			case '"':
				_, p, ok := s.str(false)
				if p != nil || !ok {
					return p
				}
				state = afterValue
			default:
				// true, false, null or a number: the decoder checks which.
				start := s.i
				for s.i < len(s.b) && isLiteralByte(s.b[s.i]) {
					s.i++
				}
				if s.i == start {
					if c == 0 {
						return s.problem(CodeInvalidText, "contains a NUL character", s.i)
					}
					return nil
				}
				state = afterValue
			}
		case needKey:
			s.ws()
			if s.i >= len(s.b) || s.b[s.i] != '"' {
				return nil
			}
			start := s.i
			top := &s.stack[len(s.stack)-1]
			top.inKey = true
			key, p, ok := s.str(true)
			if p != nil || !ok {
				return p
			}
			if _, dup := top.keys[key]; dup {
				return s.problem(CodeDuplicateKey, "names the key "+strconv.Quote(key)+" more than once", start)
			}
			top.inKey = false
			if top.keys == nil {
				top.keys = map[string]struct{}{}
			}
			top.keys[key] = struct{}{}
			top.key = key
			s.ws()
			if s.i >= len(s.b) || s.b[s.i] != ':' {
				return nil
			}
			s.i++
			state = needValue
		case afterValue:
			if len(s.stack) == 0 {
				return nil // one whole value; anything after it is the decoder's to reject
			}
			s.ws()
			if s.i >= len(s.b) {
				return nil
			}
			top := &s.stack[len(s.stack)-1]
			switch c := s.b[s.i]; {
			case c == ',':
				s.i++
				if top.object {
					state = needKey
				} else {
					top.index++
					state = needValue
				}
			case c == '}' && top.object, c == ']' && !top.object:
				s.i++
				s.stack = s.stack[:len(s.stack)-1]
			default:
				return nil
			}
		}
	}
}

func isLiteralByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '+' || c == '.'
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// str scans the string at s.i (its opening quote), building its decoded
// value when keep. ok is false when the input stops being JSON.
func (s *scanner) str(keep bool) (val string, p *Problem, ok bool) {
	s.i++ // opening quote
	var sb strings.Builder
	runStart := s.i
	flush := func() {
		if keep {
			sb.Write(s.b[runStart:s.i])
		}
	}
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			flush()
			s.i++
			return sb.String(), nil, true
		case c == '\\':
			flush()
			at := s.i
			if s.i+1 >= len(s.b) {
				return "", nil, false
			}
			e := s.b[s.i+1]
			s.i += 2
			switch e {
			case '"', '\\', '/':
				sb.WriteByte(e)
			case 'b':
				sb.WriteByte('\b')
			case 'f':
				sb.WriteByte('\f')
			case 'n':
				sb.WriteByte('\n')
			case 'r':
				sb.WriteByte('\r')
			case 't':
				sb.WriteByte('\t')
			case 'u':
				r, good := s.hex4()
				if !good {
					return "", nil, false
				}
				switch {
				case r == 0:
					return "", s.problem(CodeInvalidText, "contains a NUL character (\\u0000)", at), false
				case r >= 0xDC00 && r <= 0xDFFF:
					return "", s.problem(CodeInvalidText, "contains a lone UTF-16 surrogate", at), false
				case r >= 0xD800 && r <= 0xDBFF:
					lo := rune(-1)
					if s.i+1 < len(s.b) && s.b[s.i] == '\\' && s.b[s.i+1] == 'u' {
						s.i += 2
						if lo, good = s.hex4(); !good {
							return "", nil, false
						}
					}
					if lo < 0xDC00 || lo > 0xDFFF {
						return "", s.problem(CodeInvalidText, "contains a lone UTF-16 surrogate", at), false
					}
					r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
				}
				sb.WriteRune(r)
			default:
				return "", nil, false
			}
			runStart = s.i
		case c == 0:
			return "", s.problem(CodeInvalidText, "contains a NUL character", s.i), false
		case c < 0x20:
			return "", nil, false // a raw control character: not JSON
		case c < utf8.RuneSelf:
			s.i++
		default:
			r, size := utf8.DecodeRune(s.b[s.i:])
			if r == utf8.RuneError && size <= 1 {
				return "", s.problem(CodeInvalidText, "is not valid UTF-8", s.i), false
			}
			s.i += size
		}
	}
	return "", nil, false
}

func (s *scanner) hex4() (rune, bool) {
	if s.i+4 > len(s.b) {
		return 0, false
	}
	var r rune
	for _, c := range s.b[s.i : s.i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			r |= rune(c-'A') + 10
		default:
			return 0, false
		}
	}
	s.i += 4
	return r, true
}

// problem reports code at byte offset at, located by the open containers.
func (s *scanner) problem(code, reason string, at int) *Problem {
	var loc strings.Builder
	loc.WriteString("body")
	for _, f := range s.stack {
		if f.object {
			if f.inKey {
				continue // the problem is in a key: locate the object
			}
			loc.WriteString(".")
			loc.WriteString(f.key)
		} else {
			loc.WriteString("[" + strconv.Itoa(f.index) + "]")
		}
	}
	return &Problem{Code: code, Reason: reason, Location: loc.String(), Offset: at}
}
