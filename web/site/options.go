package site

import (
	"maps"
	"slices"
	"strings"
)

// OptionsText is a SKU's options as pages show them: "key: value" pairs in
// key order, joined by ", " ("" for none).
func OptionsText(options map[string]string) string {
	parts := make([]string, 0, len(options))
	for _, k := range slices.Sorted(maps.Keys(options)) {
		parts = append(parts, k+": "+options[k])
	}
	return strings.Join(parts, ", ")
}
