package site

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The message catalog: one JSON object per language in locales/, keys are
// dotted ids ("signin.title"), values may hold fmt verbs. English is the
// fallback for a key a translation lacks (a test keeps the catalogs equal).
//
//go:embed locales/*.json
var localeFiles embed.FS

// Languages the pages are translated into, in the order the settings page
// offers them. The first is the default.
var Languages = []Language{{"en", "English"}, {"zh-Hans", "简体中文"}, {"ja", "日本語"}, {"ko", "한국어"}, {"th", "ไทย"}}

// Language is a catalog's BCP 47 tag and its name in itself.
type Language struct{ Tag, Name string }

var catalogs = map[string]map[string]string{}

func init() {
	for _, l := range Languages {
		b, err := localeFiles.ReadFile("locales/" + l.Tag + ".json")
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("locales/%s.json: %v", l.Tag, err))
		}
		catalogs[l.Tag] = m
	}
}

// CatalogKeys returns the sorted keys of a language's catalog (for tests).
func CatalogKeys(tag string) []string {
	keys := make([]string, 0, len(catalogs[tag]))
	for k := range catalogs[tag] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Localizer gives a page its strings in one language.
type Localizer struct {
	Tag string
}

// T returns the message for key, formatted with args; a key missing from the
// language falls back to English, and a key missing there is shown as is
// (tests catch both).
func (l *Localizer) T(key string, args ...any) string {
	s, ok := catalogs[l.Tag][key]
	if !ok {
		if s, ok = catalogs[Languages[0].Tag][key]; !ok {
			return key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Raw returns the message for key unformatted ("" when the language lacks
// it), for tests that compare catalogs.
func (l *Localizer) Raw(key string) string { return catalogs[l.Tag][key] }

// Has reports whether the catalog knows key.
func (l *Localizer) Has(key string) bool {
	_, ok := catalogs[Languages[0].Tag][key]
	return ok
}

// MatchLanguage picks the catalog for a user's setting, else the best of an
// Accept-Language header, else English. Any Chinese tag maps to Simplified
// Chinese (the only Chinese catalog so far); any Japanese, Korean or Thai
// tag to its catalog.
func MatchLanguage(setting, acceptLanguage string) string {
	if t := catalogFor(setting); t != "" {
		return t
	}
	type choice struct {
		tag string
		q   float64
	}
	var choices []choice
	for i, part := range strings.Split(acceptLanguage, ",") {
		if i >= 20 {
			break
		}
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if t := catalogFor(tag); t != "" && q > 0 {
			choices = append(choices, choice{t, q})
		}
	}
	// Stable: equal weights keep the header's order.
	slices.SortStableFunc(choices, func(a, b choice) int {
		switch {
		case a.q > b.q:
			return -1
		case a.q < b.q:
			return 1
		}
		return 0
	})
	if len(choices) > 0 {
		return choices[0].tag
	}
	return Languages[0].Tag
}

func catalogFor(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	base, _, _ := strings.Cut(tag, "-")
	switch base {
	case "en":
		return "en"
	case "zh":
		return "zh-Hans"
	case "ja", "ko", "th":
		return base
	}
	return ""
}
