package commerce

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Search text is tokenized once, in Go, for both engines: the index and the
// query go through searchTokens, and the engines only ever see finished
// tokens (FTS5 with the "ascii" tokenizer over space-separated tokens;
// PostgreSQL tsvector/tsquery literals, never to_tsvector's parser). So
// SQLite and PostgreSQL match exactly the same documents for the same data:
// no engine-specific stemming, stop words, hyphen or diacritic rules.

// Limits of the query language and the index. They bound the work one
// request can cause and keep PostgreSQL's tsvector limits far away
// (2 KiB per lexeme, positions up to 16383).
const (
	maxTokenBytes    = 64 // longer tokens are cut (at a rune boundary), in the index and the query alike
	maxQueryClauses  = 8  // positive clauses ANDed together
	maxQueryAlts     = 8  // alternatives in one "a or b or c" clause
	maxQueryNegs     = 4  // "-word" exclusions
	maxPhraseTokens  = 8  // tokens in one "quoted phrase"
	maxQueryBytes    = 512
	maxTitleTokens   = 64
	maxBrandTokens   = 16
	maxBodyTokens    = 2000
	searchFieldSpace = 2 // position gap between fields so a phrase never spans two
)

// searchTokens splits s into index tokens: maximal runs of letters and
// numbers, lower-cased, with diacritics removed (NFD, combining marks
// dropped: "Café" → "cafe"), plurals folded by foldPlural, each at most
// maxTokenBytes. Anything else separates tokens. At most limit tokens are
// returned (limit <= 0: no limit).
func searchTokens(s string, limit int) []string {
	var out []string
	var b strings.Builder
	flush := func() bool {
		if b.Len() > 0 {
			out = append(out, foldPlural(b.String()))
			b.Reset()
		}
		return limit > 0 && len(out) >= limit
	}
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, " ")) {
		switch {
		case unicode.Is(unicode.M, r):
			// A combining mark belongs to its letter: drop it without
			// splitting the word.
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			r = unicode.ToLower(r)
			if b.Len()+utf8.RuneLen(r) <= maxTokenBytes {
				b.WriteRune(r)
			}
		default:
			if flush() {
				return out
			}
		}
	}
	flush()
	return out
}

// foldPlural is a deliberately small English plural rule (shoes → shoe,
// boxes → box, berries → berry, glasses → glass) applied to index and query
// tokens alike, so a search for "shoes" finds "shoe". It touches only
// lower-case ASCII words; it is not a stemmer.
func foldPlural(t string) string {
	n := len(t)
	if n < 4 || t[n-1] != 's' {
		return t
	}
	for i := 0; i < n; i++ {
		if t[i] < 'a' || t[i] > 'z' {
			return t
		}
	}
	switch {
	case strings.HasSuffix(t, "ss"), strings.HasSuffix(t, "us"), strings.HasSuffix(t, "is"):
		return t
	case strings.HasSuffix(t, "sses"):
		return t[:n-2]
	case strings.HasSuffix(t, "ies") && n > 4:
		return t[:n-3] + "y"
	case strings.HasSuffix(t, "xes"), strings.HasSuffix(t, "zes"), strings.HasSuffix(t, "ches"), strings.HasSuffix(t, "shes"):
		return t[:n-2]
	}
	return t[:n-1]
}

// SearchQuery is a parsed search: every clause must match (AND), a clause
// matches when any of its alternatives does (OR), an alternative is a
// phrase of one or more tokens in order, and no exclusion may match.
type SearchQuery struct {
	Clauses [][][]string
	Exclude [][]string
}

// Empty reports whether the query has nothing to match on: search then
// lists by rating and popularity, filters still applying. Exclusions alone
// do not make a text search (neither engine can answer "everything but").
func (q SearchQuery) Empty() bool { return len(q.Clauses) == 0 }

// ParseSearchQuery reads the web-search syntax most people type: words
// (all must match), "quoted phrases", "or" between two terms, and -word or
// -"phrase" to exclude. It never fails: unmatched quotes close at the end,
// punctuation separates words, a word made of several tokens ("t-shirt")
// is a phrase, and anything over the limits is dropped.
func ParseSearchQuery(raw string) SearchQuery {
	if len(raw) > maxQueryBytes {
		raw = raw[:maxQueryBytes]
	}
	var q SearchQuery
	orPending := false // the previous item was "or" after a positive clause
	lastPositive := false
	add := func(phrase []string, neg bool) {
		if len(phrase) == 0 {
			return
		}
		if len(phrase) > maxPhraseTokens {
			phrase = phrase[:maxPhraseTokens]
		}
		switch {
		case neg:
			if len(q.Exclude) < maxQueryNegs {
				q.Exclude = append(q.Exclude, phrase)
			}
			lastPositive = false
		case orPending && lastPositive:
			last := &q.Clauses[len(q.Clauses)-1]
			if len(*last) < maxQueryAlts {
				*last = append(*last, phrase)
			}
		default:
			if len(q.Clauses) < maxQueryClauses {
				q.Clauses = append(q.Clauses, [][]string{phrase})
				lastPositive = true
			} else {
				lastPositive = false
			}
		}
		orPending = false
	}
	s := raw
	for {
		s = strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == utf8.RuneError })
		if s == "" {
			break
		}
		neg := false
		if s[0] == '-' && len(s) > 1 {
			neg = true
			s = s[1:]
		}
		if s[0] == '"' {
			end := strings.IndexByte(s[1:], '"')
			var body string
			if end < 0 {
				body, s = s[1:], ""
			} else {
				body, s = s[1:1+end], s[2+end:]
			}
			add(searchTokens(body, maxPhraseTokens), neg)
			continue
		}
		end := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
		if end < 0 {
			end = len(s)
		}
		word := s[:end]
		s = s[end:]
		if !neg && strings.EqualFold(word, "or") {
			orPending = lastPositive
			continue
		}
		add(searchTokens(word, maxPhraseTokens), neg)
	}
	return q
}

// FTS5 renders the query as an SQLite FTS5 MATCH expression. Tokens hold
// only letters and numbers, so quoting them is enough to neutralise FTS5
// syntax.
func (q SearchQuery) FTS5() string {
	var b strings.Builder
	phrase := func(p []string) {
		b.WriteByte('"')
		b.WriteString(strings.Join(p, " "))
		b.WriteByte('"')
	}
	group := func(alts [][]string) {
		b.WriteByte('(')
		for i, p := range alts {
			if i > 0 {
				b.WriteString(" OR ")
			}
			phrase(p)
		}
		b.WriteByte(')')
	}
	neg := len(q.Exclude) > 0 && len(q.Clauses) > 0
	if neg {
		b.WriteByte('(')
	}
	for i, c := range q.Clauses {
		if i > 0 {
			b.WriteString(" AND ")
		}
		group(c)
	}
	if neg {
		b.WriteString(") NOT ")
		group(q.Exclude)
	}
	return b.String()
}

// TSQuery renders the query as a PostgreSQL tsquery literal (cast with
// ::tsquery, which takes lexemes as they are: no parser, no dictionary).
func (q SearchQuery) TSQuery() string {
	var b strings.Builder
	phrase := func(p []string) {
		if len(p) > 1 {
			b.WriteByte('(')
		}
		for i, t := range p {
			if i > 0 {
				b.WriteString(" <-> ")
			}
			b.WriteString(tsLexeme(t))
		}
		if len(p) > 1 {
			b.WriteByte(')')
		}
	}
	group := func(alts [][]string) {
		b.WriteByte('(')
		for i, p := range alts {
			if i > 0 {
				b.WriteString(" | ")
			}
			phrase(p)
		}
		b.WriteByte(')')
	}
	for i, c := range q.Clauses {
		if i > 0 {
			b.WriteString(" & ")
		}
		group(c)
	}
	if len(q.Exclude) > 0 && len(q.Clauses) > 0 {
		b.WriteString(" & !")
		group(q.Exclude)
	}
	return b.String()
}

// tsLexeme quotes a token for tsvector/tsquery input.
func tsLexeme(t string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(t) + "'"
}

// searchFields are a document's text, already split into tokens.
type searchFields struct {
	Title, Brand, Body []string
}

func newSearchFields(title, brand, body string) searchFields {
	return searchFields{
		Title: searchTokens(title, maxTitleTokens),
		Brand: searchTokens(brand, maxBrandTokens),
		Body:  searchTokens(body, maxBodyTokens),
	}
}

// TSVector renders the fields as a PostgreSQL tsvector literal: title
// weight A, brand B, body C, with a gap between fields so a phrase matches
// within one field only (as in FTS5, where fields are columns).
func (f searchFields) TSVector() string {
	type lexeme struct {
		positions []string
	}
	order := []string{}
	lex := map[string]*lexeme{}
	pos := 1
	for _, fw := range []struct {
		toks   []string
		weight string
	}{{f.Title, "A"}, {f.Brand, "B"}, {f.Body, "C"}} {
		for _, t := range fw.toks {
			l := lex[t]
			if l == nil {
				l = &lexeme{}
				lex[t] = l
				order = append(order, t)
			}
			if len(l.positions) < 256 { // PostgreSQL keeps at most 256 positions per lexeme
				l.positions = append(l.positions, strconv.Itoa(pos)+fw.weight)
			}
			pos++
		}
		pos += searchFieldSpace
	}
	var b strings.Builder
	for i, t := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tsLexeme(t))
		b.WriteByte(':')
		b.WriteString(strings.Join(lex[t].positions, ","))
	}
	return b.String()
}
