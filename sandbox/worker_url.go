package sandbox

import (
	"strconv"
	"strings"
)

// The URL parser behind the sandbox's URL global: WHATWG's URL Standard for
// what server code meets (special and non-special schemes, credentials,
// ports with default-port elision, dot segments, relative references,
// backslashes in special URLs, percent-encoding of path, query and
// fragment). Not implemented: IDNA/punycode hosts (a non-ASCII host is
// refused) and IPv4 shorthand forms (0x7f.1); IPv6 literals are kept as
// written, lower-cased. It is Go rather than a JavaScript polyfill because
// a parser is string-heavy work that goja runs ~50× slower than Go, and a
// full polyfill (whatwg-url with tr46) is hundreds of KB to evaluate in
// every runtime.

const maxURLBytes = 64 << 10

var specialPorts = map[string]string{"http": "80", "https": "443", "ws": "80", "wss": "443", "ftp": "21", "file": ""}

type urlRecord struct {
	scheme, username, password, host, port string
	hasHost                                bool
	path                                   []string // segments; opaque paths use opaque
	opaque                                 string
	isOpaque                               bool
	query, fragment                        *string
}

func (r *urlRecord) special() bool { _, ok := specialPorts[r.scheme]; return ok }

func (r *urlRecord) pathString() string {
	if r.isOpaque {
		return r.opaque
	}
	if len(r.path) == 0 && !r.special() {
		return ""
	}
	return "/" + strings.Join(r.path, "/")
}

func (r *urlRecord) querySearch() string {
	if r.query == nil || *r.query == "" {
		return ""
	}
	return "?" + *r.query
}

func (r *urlRecord) fragmentHash() string {
	if r.fragment == nil || *r.fragment == "" {
		return ""
	}
	return "#" + *r.fragment
}

func (r *urlRecord) origin() string {
	switch r.scheme {
	case "http", "https", "ws", "wss", "ftp":
		o := r.scheme + "://" + r.host
		if r.port != "" {
			o += ":" + r.port
		}
		return o
	}
	return "null"
}

const (
	c0Set       = ""
	fragmentSet = " \"<>`"
	querySet    = " \"#<>"
	specialQSet = " \"#<>'"
	pathSet     = " \"#<>?`{}"
	userinfoSet = " \"#<>?`{}/:;=@[\\]^|"
)

func pctEncode(s, set string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7F || strings.IndexByte(set, c) >= 0 {
			sb.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)>>4, 16)+strconv.FormatUint(uint64(c)&15, 16)))
		} else {
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

func isSchemeChar(c byte, first bool) bool {
	if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
		return true
	}
	return !first && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')
}

// parseURL parses input against base (nil for none); ok is false where
// WHATWG's parser returns failure (and for the unimplemented cases above).
func parseURL(input string, base *urlRecord) (*urlRecord, bool) {
	input = strings.Trim(input, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	input = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(input)
	r := &urlRecord{}
	rest := input
	// scheme
	if i := strings.IndexByte(input, ':'); i > 0 && isSchemeChar(input[0], true) {
		ok := true
		for j := 1; j < i; j++ {
			if !isSchemeChar(input[j], false) {
				ok = false
				break
			}
		}
		if ok {
			r.scheme, rest = strings.ToLower(input[:i]), input[i+1:]
		}
	}
	if r.scheme == "" {
		if base == nil {
			return nil, false
		}
		if base.isOpaque {
			if strings.HasPrefix(rest, "#") {
				c := *base
				f := pctEncode(rest[1:], fragmentSet)
				c.fragment = &f
				return &c, true
			}
			return nil, false
		}
		r.scheme = base.scheme
		return parseRelative(r, rest, base)
	}
	special := r.special()
	if special {
		rest = strings.ReplaceAll(rest, "\\", "/")
		if base != nil && base.scheme == r.scheme && !strings.HasPrefix(rest, "/") {
			return parseRelative(r, rest, base) // "http:foo" against an http base
		}
		return parseAuthorityAndRest(r, strings.TrimLeft(rest, "/"))
	}
	if strings.HasPrefix(rest, "//") {
		return parseAuthorityAndRest(r, rest[2:])
	}
	if strings.HasPrefix(rest, "/") {
		return parsePathQueryFragment(r, rest)
	}
	// opaque path: mailto:x, data:…, urn:…
	r.isOpaque = true
	p, q, f := splitQF(rest)
	r.opaque = pctEncode(p, c0Set)
	setQF(r, q, f)
	return r, true
}

func splitQF(s string) (path string, query, frag *string) {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		f := s[i+1:]
		frag, s = &f, s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		q := s[i+1:]
		query, s = &q, s[:i]
	}
	return s, query, frag
}

func setQF(r *urlRecord, q, f *string) {
	if q != nil {
		set := querySet
		if r.special() {
			set = specialQSet
		}
		e := pctEncode(*q, set)
		r.query = &e
	}
	if f != nil {
		e := pctEncode(*f, fragmentSet)
		r.fragment = &e
	}
}

func parseRelative(r *urlRecord, rest string, base *urlRecord) (*urlRecord, bool) {
	special := r.special()
	if special {
		rest = strings.ReplaceAll(rest, "\\", "/")
	}
	switch {
	case strings.HasPrefix(rest, "//"):
		return parseAuthorityAndRest(r, rest[2:])
	case strings.HasPrefix(rest, "/"):
		r.username, r.password, r.host, r.port, r.hasHost = base.username, base.password, base.host, base.port, base.hasHost
		return parsePathQueryFragment(r, rest)
	}
	r.username, r.password, r.host, r.port, r.hasHost = base.username, base.password, base.host, base.port, base.hasHost
	p, q, f := splitQF(rest)
	r.path = append([]string(nil), base.path...)
	if p == "" {
		if q == nil {
			r.query = base.query
		}
		setQF(r, q, f)
		return r, true
	}
	if len(r.path) > 0 {
		r.path = r.path[:len(r.path)-1]
	}
	appendSegments(r, p)
	setQF(r, q, f)
	return r, true
}

func parseAuthorityAndRest(r *urlRecord, s string) (*urlRecord, bool) {
	end := strings.IndexAny(s, "/?#")
	if end < 0 {
		end = len(s)
	}
	auth, rest := s[:end], s[end:]
	if at := strings.LastIndexByte(auth, '@'); at >= 0 {
		cred := auth[:at]
		auth = auth[at+1:]
		if c := strings.IndexByte(cred, ':'); c >= 0 {
			r.username, r.password = pctEncode(cred[:c], userinfoSet), pctEncode(cred[c+1:], userinfoSet)
		} else {
			r.username = pctEncode(cred, userinfoSet)
		}
	}
	host, port := auth, ""
	if strings.HasPrefix(host, "[") {
		i := strings.IndexByte(host, ']')
		if i < 0 {
			return nil, false
		}
		host, port = strings.ToLower(auth[:i+1]), strings.TrimPrefix(auth[i+1:], ":")
		if i+1 < len(auth) && auth[i+1] != ':' {
			return nil, false
		}
	} else if c := strings.LastIndexByte(host, ':'); c >= 0 {
		host, port = host[:c], host[c+1:]
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 0 || n > 65535 || strings.ContainsAny(port, "+-") {
			return nil, false
		}
		port = strconv.Itoa(n)
		if d, ok := specialPorts[r.scheme]; ok && d == port {
			port = ""
		}
	}
	special := r.special()
	if special && !strings.HasPrefix(host, "[") {
		h, ok := domainToASCII(host)
		if !ok || (h == "" && r.scheme != "file") {
			return nil, false
		}
		host = h
	} else if !strings.HasPrefix(host, "[") {
		if strings.ContainsAny(host, " #/<>?@[\\]^|") {
			return nil, false
		}
		host = pctEncode(host, c0Set)
	}
	if (r.username != "" || r.password != "" || port != "") && host == "" {
		return nil, false
	}
	r.host, r.port, r.hasHost = host, port, true
	if rest == "" && special {
		return r, true
	}
	return parsePathQueryFragment(r, rest)
}

// domainToASCII lower-cases and percent-decodes an ASCII host; non-ASCII
// (IDNA) hosts are refused rather than mis-handled.
func domainToASCII(h string) (string, bool) {
	var sb strings.Builder
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c == '%' && i+2 < len(h) && isHex(h[i+1]) && isHex(h[i+2]) {
			v, _ := strconv.ParseUint(h[i+1:i+3], 16, 8)
			c = byte(v)
			i += 2
		}
		if c >= 0x80 || c <= 0x20 || strings.IndexByte("#%/:<>?@[\\]^|\x7f", c) >= 0 {
			return "", false
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		sb.WriteByte(c)
	}
	return sb.String(), true
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func parsePathQueryFragment(r *urlRecord, s string) (*urlRecord, bool) {
	p, q, f := splitQF(s)
	r.path = nil
	appendSegments(r, strings.TrimPrefix(p, "/"))
	setQF(r, q, f)
	return r, true
}

// appendSegments appends a relative path's segments to r.path, resolving
// "." and ".." (and their %2e spellings) as WHATWG's path state does.
func appendSegments(r *urlRecord, p string) {
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		last := i == len(segs)-1
		switch strings.ToLower(seg) {
		case "..", ".%2e", "%2e.", "%2e%2e":
			if len(r.path) > 0 {
				r.path = r.path[:len(r.path)-1]
			}
			if last {
				r.path = append(r.path, "")
			}
		case ".", "%2e":
			if last {
				r.path = append(r.path, "")
			}
		default:
			r.path = append(r.path, pctEncode(seg, pathSet))
		}
	}
}
