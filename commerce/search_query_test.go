package commerce

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/soukhq/souk/store"
)

func TestSearchTokens(t *testing.T) {
	for in, want := range map[string][]string{
		"Red Running-Shoes":       {"red", "running", "shoe"},
		"Café CRÈME brûlée":       {"cafe", "creme", "brulee"},
		"t-shirt, 2 boxes!":       {"t", "shirt", "2", "box"},
		"glasses berries dishes":  {"glass", "berry", "dish"},
		"bus status analysis gas": {"bus", "status", "analysis", "gas"},
		"手机壳 iPhone15":            {"手机壳", "iphone15"},
		"  ":                      nil,
		"\xff\xfe bad":            {"bad"},
	} {
		if got := searchTokens(in, 0); !reflect.DeepEqual(got, want) {
			t.Errorf("searchTokens(%q) = %q, want %q", in, got, want)
		}
	}
	long := strings.Repeat("é", 100)
	if got := searchTokens(long, 0); len(got) != 1 || got[0] != strings.Repeat("e", maxTokenBytes) {
		t.Errorf("long token: %q", got)
	}
	if got := searchTokens("a b c d", 2); len(got) != 2 {
		t.Errorf("limit: %q", got)
	}
}

func TestParseSearchQuery(t *testing.T) {
	type tc struct {
		fts, ts string
	}
	for in, want := range map[string]tc{
		`red shoes`:                {`("red") AND ("shoe")`, `('red') & ('shoe')`},
		`red or blue shoes`:        {`("red" OR "blue") AND ("shoe")`, `('red' | 'blue') & ('shoe')`},
		`"running shoe" -leather`:  {`(("running shoe")) NOT ("leather")`, `(('running' <-> 'shoe')) & !('leather')`},
		`t-shirt`:                  {`("t shirt")`, `(('t' <-> 'shirt'))`},
		`-only -negatives`:         {``, ``},
		`or or or`:                 {``, ``},
		`a or -b or c`:             {`(("a") AND ("c")) NOT ("b")`, `('a') & ('c') & !('b')`},
		`"unclosed phrase`:         {`("unclosed phrase")`, `(('unclosed' <-> 'phrase'))`},
		`it's "" - -"x y" AND`:     {`(("it s") AND ("and")) NOT ("x y")`, `(('it' <-> 's')) & ('and') & !(('x' <-> 'y'))`},
		`O'Brien's "café"`:         {`("o brien s") AND ("cafe")`, `(('o' <-> 'brien' <-> 's')) & ('cafe')`},
		`NEAR(a b) col:x ^start *`: {`("near a") AND ("b") AND ("col x") AND ("start")`, `(('near' <-> 'a')) & ('b') & (('col' <-> 'x')) & ('start')`},
	} {
		q := ParseSearchQuery(in)
		if got := q.FTS5(); got != want.fts {
			t.Errorf("FTS5(%q) = %s, want %s", in, got, want.fts)
		}
		if got := q.TSQuery(); got != want.ts {
			t.Errorf("TSQuery(%q) = %s, want %s", in, got, want.ts)
		}
	}
	q := ParseSearchQuery(strings.Repeat("w ", 100))
	if len(q.Clauses) != maxQueryClauses {
		t.Errorf("%d clauses, want %d", len(q.Clauses), maxQueryClauses)
	}
}

func TestSearchFieldsTSVector(t *testing.T) {
	f := newSearchFields("Red shoe", "Acme", "A red shoe's sole")
	want := `'red':1A,9C 'shoe':2A,10C 'acme':5B 'a':8C 's':11C 'sole':12C`
	if got := f.TSVector(); got != want {
		t.Errorf("TSVector = %s\nwant       %s", got, want)
	}
}

// fuzzFTS is one in-memory FTS5 table the fuzz target checks expressions
// against (SQLite must accept every rendered MATCH).
var (
	fuzzFTSOnce sync.Once
	fuzzFTS     *store.DB
)

// FuzzParseSearchQuery: the parser never panics, keeps its limits, yields
// only letter/number tokens, and SQLite's FTS5 accepts every expression it
// renders. The seed corpus in testdata/fuzz/FuzzParseSearchQuery replays on
// every go test.
func FuzzParseSearchQuery(f *testing.F) {
	for _, s := range []string{"red shoes", `"running shoe" -leather`, "a or b or c", `-"x`, "t-shirt", "NEAR(a b)", `col:x OR "`, "\xff-\"", "手机 or 壳"} {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, raw string) {
		q := ParseSearchQuery(raw)
		if len(q.Clauses) > maxQueryClauses || len(q.Exclude) > maxQueryNegs {
			t.Fatalf("limits exceeded: %d clauses, %d exclusions", len(q.Clauses), len(q.Exclude))
		}
		check := func(p []string) {
			if len(p) == 0 || len(p) > maxPhraseTokens {
				t.Fatalf("phrase of %d tokens", len(p))
			}
			for _, tok := range p {
				if tok == "" || len(tok) > maxTokenBytes {
					t.Fatalf("bad token %q", tok)
				}
				for _, r := range tok {
					if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
						t.Fatalf("token %q has %q", tok, r)
					}
				}
			}
		}
		for _, c := range q.Clauses {
			if len(c) == 0 || len(c) > maxQueryAlts {
				t.Fatalf("clause of %d alternatives", len(c))
			}
			for _, p := range c {
				check(p)
			}
		}
		for _, p := range q.Exclude {
			check(p)
		}
		if q.Empty() != (q.FTS5() == "") || q.Empty() != (q.TSQuery() == "") {
			t.Fatalf("empty query rendered: %q / %q", q.FTS5(), q.TSQuery())
		}
		if q.Empty() {
			return
		}
		fuzzFTSOnce.Do(func() {
			db, err := store.Open(context.Background(), store.Options{DataDir: dir})
			if err == nil {
				_, err = db.ExecContext(context.Background(), `CREATE VIRTUAL TABLE fz USING fts5(title, brand, body, tokenize='ascii')`)
			}
			if err != nil {
				panic(err)
			}
			fuzzFTS = db
		})
		var n int
		if err := fuzzFTS.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM fz WHERE fz MATCH $1`, q.FTS5()).Scan(&n); err != nil {
			t.Fatalf("FTS5 rejects %q (from %q): %v", q.FTS5(), raw, err)
		}
	})
}
