package site_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/soukhq/souk/web/site"
)

// Every language has exactly the English catalog's keys.
func TestCatalogsHaveTheSameKeys(t *testing.T) {
	en := site.CatalogKeys("en")
	for _, l := range site.Languages[1:] {
		if got := site.CatalogKeys(l.Tag); !slices.Equal(got, en) {
			for _, k := range en {
				if !slices.Contains(got, k) {
					t.Errorf("%s lacks %q", l.Tag, k)
				}
			}
			for _, k := range got {
				if !slices.Contains(en, k) {
					t.Errorf("%s has %q, which English lacks", l.Tag, k)
				}
			}
		}
	}
}

var literalKey = regexp.MustCompile(`\.T "([a-z_.]+)"|L\.T\("([a-z_.]+)"[,)]|Page\([^,]+, "([a-z_.]+)"|\{"(face\.[a-z]+)", `)

// Every key a template or page handler names literally is in the catalog.
func TestEveryUsedKeyIsInTheCatalog(t *testing.T) {
	l := &site.Localizer{Tag: "en"}
	n := 0
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".go")) || strings.HasSuffix(p, "_test.go") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range literalKey.FindAllStringSubmatch(string(b), -1) {
			for _, k := range m[1:] {
				if k != "" {
					n++
					if !l.Has(k) {
						t.Errorf("%s uses %q, which is not in the catalog", p, k)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Fatalf("found only %d uses of catalog keys; is the pattern stale?", n)
	}
}

func TestMatchLanguage(t *testing.T) {
	for _, c := range []struct{ setting, accept, want string }{
		{"", "", "en"},
		{"", "zh-CN,zh;q=0.9,en;q=0.8", "zh-Hans"},
		{"", "en;q=0.5,zh-TW;q=0.8", "zh-Hans"},
		{"", "ja-JP,en;q=0.3", "ja"},
		{"", "ko-KR,ko;q=0.9", "ko"},
		{"", "th-TH,en;q=0.5", "th"},
		{"", "fr-FR,th;q=0.4,ko;q=0.6", "ko"},
		{"th", "ja", "th"},
		{"", "zh;q=0,en", "en"},
		{"en", "zh-CN", "en"},
		{"zh-Hans", "en-US", "zh-Hans"},
	} {
		if got := site.MatchLanguage(c.setting, c.accept); got != c.want {
			t.Errorf("MatchLanguage(%q, %q) = %q, want %q", c.setting, c.accept, got, c.want)
		}
	}
}

var fmtVerb = regexp.MustCompile(`%(?:\[\d+\])?[a-z]`)

// Every translation takes the same format arguments as English (the same
// verbs; a translation may reorder them with explicit indexes).
func TestCatalogVerbsMatchEnglish(t *testing.T) {
	en := &site.Localizer{Tag: "en"}
	kinds := func(s string) string {
		var out []string
		for _, v := range fmtVerb.FindAllString(s, -1) {
			out = append(out, v[len(v)-1:])
		}
		slices.Sort(out)
		return strings.Join(out, "")
	}
	for _, l := range site.Languages[1:] {
		loc := &site.Localizer{Tag: l.Tag}
		for _, k := range site.CatalogKeys(l.Tag) {
			if got, want := kinds(loc.Raw(k)), kinds(en.Raw(k)); got != want {
				t.Errorf("%s %q has verbs %q, English %q", l.Tag, k, got, want)
			}
		}
	}
}
