package invoice

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Canonical JSON, as signed: object keys sorted by their UTF-8 bytes, no
// insignificant whitespace, strings escaped only where JSON requires it,
// integers only (no floats anywhere in a document). For the documents souk
// writes this is exactly RFC 8785 (JCS), so an independent verifier can
// re-canonicalise with any JCS library.

// Canonical returns the canonical form of a JSON value.
func Canonical(raw []byte) ([]byte, error) {
	v, err := decode(raw)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := writeCanonical(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func decode(raw []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, syntaxError(raw, err)
	}
	if d.More() {
		return nil, fmt.Errorf("trailing data after the JSON value at byte %d", d.InputOffset())
	}
	return v, nil
}

// syntaxError says where a JSON value stops parsing.
func syntaxError(raw []byte, err error) error {
	if se, ok := err.(*json.SyntaxError); ok {
		return fmt.Errorf("not valid JSON at byte %d (line %d): %v", se.Offset, 1+bytes.Count(raw[:min(int(se.Offset), len(raw))], []byte("\n")), err)
	}
	return fmt.Errorf("not valid JSON: %v", err)
}

func writeCanonical(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case json.Number:
		n, err := strconv.ParseInt(string(x), 10, 64)
		if err != nil {
			return fmt.Errorf("number %s is not an integer: documents hold integers only", x)
		}
		b.WriteString(strconv.FormatInt(n, 10))
	case string:
		writeString(b, x)
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeCanonical(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, k)
			b.WriteByte(':')
			if err := writeCanonical(b, x[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	default:
		return fmt.Errorf("unexpected JSON value %T", v)
	}
	return nil
}

// writeString escapes as RFC 8785: the two-character escapes for \b \t \n
// \f \r " \\, \u00XX for other control characters, everything else as is.
func writeString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}

// Digests are the SHA-256 of every leaf of a document, by JSON pointer
// (RFC 6901). They are signed with the document, so a verifier that finds a
// document changed can say which fields changed.
func Digests(raw []byte) (map[string]string, error) {
	v, err := decode(raw)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	var walk func(ptr string, v any) error
	walk = func(ptr string, v any) error {
		switch x := v.(type) {
		case []any:
			for i, e := range x {
				if err := walk(ptr+"/"+strconv.Itoa(i), e); err != nil {
					return err
				}
			}
			if len(x) == 0 {
				out[ptr] = leafHash(x)
			}
		case map[string]any:
			for k, e := range x {
				k = strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
				if err := walk(ptr+"/"+k, e); err != nil {
					return err
				}
			}
			if len(x) == 0 {
				out[ptr] = leafHash(x)
			}
		default:
			out[ptr] = leafHash(x)
		}
		return nil
	}
	if err := walk("", v); err != nil {
		return nil, err
	}
	return out, nil
}

func leafHash(v any) string {
	var b bytes.Buffer
	_ = writeCanonical(&b, v)
	return sha256Hex(b.Bytes())
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
