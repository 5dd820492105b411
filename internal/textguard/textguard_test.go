package textguard

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

func TestJSON(t *testing.T) {
	cases := []struct {
		name, in, code, location string
	}{
		{"clean", `{"amount":"1.00","note":"caf\u00e9 ☕ \ud83d\ude00","list":[1,2.5e3,true,false,null,{"a":[]}]}`, "", ""},
		{"empty", ``, "", ""},
		{"not JSON is the decoder's", `{"email":`, "", ""},
		{"trailing value is the decoder's", `{"a":1} {"a":1,"a":2}`, "", ""},
		{"duplicate key", `{"amount":"1.00","amount":"5.00"}`, CodeDuplicateKey, "body"},
		{"duplicate key spelled with escapes", `{"amount":"1.00","\u0061mount":"5.00"}`, CodeDuplicateKey, "body"},
		{"duplicate key deep", `{"a":[{"b":{"c":1,"d":2}},{"b":{"c":1,"c":2}}]}`, CodeDuplicateKey, "body.a[1].b"},
		{"same key in sibling objects is fine", `[{"a":1},{"a":2}]`, "", ""},
		{"case variants are different keys", `{"a":1,"A":2}`, "", ""},
		{"NUL escape", `{"name":"a\u0000b"}`, CodeInvalidText, "body.name"},
		{"NUL escape in a key", `{"ok":1,"x\u0000":2}`, CodeInvalidText, "body"},
		{"raw NUL in a string", "{\"name\":\"a\x00b\"}", CodeInvalidText, "body.name"},
		{"raw NUL as a value", "{\"name\":\x00}", CodeInvalidText, "body.name"},
		{"lone high surrogate", `{"name":"\ud800"}`, CodeInvalidText, "body.name"},
		{"lone high surrogate then text", `{"name":"\ud800x"}`, CodeInvalidText, "body.name"},
		{"high surrogate then high", `{"name":"\ud800\ud800"}`, CodeInvalidText, "body.name"},
		{"lone low surrogate", `{"name":"\udfff"}`, CodeInvalidText, "body.name"},
		{"invalid UTF-8", "{\"name\":\"caf\xe9\"}", CodeInvalidText, "body.name"},
		{"UTF-8 encoded surrogate", "{\"name\":\"\xed\xa0\x80\"}", CodeInvalidText, "body.name"},
		{"overlong UTF-8", "{\"name\":\"\xc0\xaf\"}", CodeInvalidText, "body.name"},
		{"deep array", `{"items":[[1],["ok","\u0000"]]}`, CodeInvalidText, "body.items[1][1]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := JSON([]byte(c.in))
			if c.code == "" {
				if p != nil {
					t.Fatalf("JSON(%q) = %v, want no problem", c.in, p)
				}
				return
			}
			if p == nil || p.Code != c.code || p.Location != c.location {
				t.Fatalf("JSON(%q) = %+v, want %s at %s", c.in, p, c.code, c.location)
			}
		})
	}
}

// Nesting far deeper than any decoder allows is scanned without recursion.
func TestJSONDeep(t *testing.T) {
	deep := strings.Repeat(`{"a":[`, 200000) + `"\u0000"` + strings.Repeat(`]}`, 200000)
	if p := JSON([]byte(deep)); p == nil || p.Code != CodeInvalidText {
		t.Fatalf("deep NUL: %v", p)
	}
	deep = strings.Repeat(`[`, 300000) + `{"k":1,"k":2}` + strings.Repeat(`]`, 300000)
	if p := JSON([]byte(deep)); p == nil || p.Code != CodeDuplicateKey {
		t.Fatalf("deep duplicate: %v", p)
	}
}

func TestText(t *testing.T) {
	for in, bad := range map[string]bool{"": false, "héllo": false, "a\x00b": true, "caf\xe9": true, "\xed\xa0\x80": true} {
		if p := Text("query.q", in); (p != nil) != bad {
			t.Errorf("Text(%q) = %v", in, p)
		}
	}
}

// FuzzJSON checks the validator against two decoders: it never panics, and
// on any document encoding/json accepts, it finds a problem exactly when
// the strict jsontext decoder rejects the document (duplicate names,
// invalid UTF-8, lone surrogates) or the decoded value holds a NUL.
func FuzzJSON(f *testing.F) {
	for _, s := range []string{
		`{"amount":"1.00","amount":"5.00"}`, `{"a":{"b":[{"c":"\u0000"}]}}`, `["\ud800"]`, `{"k":"\ud83d\ude00"}`,
		"{\"k\":\"\xff\"}", `{"":1,"":2}`, `[1,2,{"x":null}]`, `"plain"`, `{"a":1,"\u0061":2}`, `{"a":"\\u0000"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p := JSON(b)
		if p != nil && p.Code != CodeInvalidText && p.Code != CodeDuplicateKey {
			t.Fatalf("unknown code %q", p.Code)
		}
		if !json.Valid(b) {
			return
		}
		strictErr := strictDecode(b)
		nul := false
		var v any
		if err := json.Unmarshal(b, &v); err == nil {
			nul = holdsNUL(v)
		}
		switch {
		case p == nil && (strictErr != nil || nul):
			t.Fatalf("JSON(%q) found nothing; strict decoder: %v, NUL: %v", b, strictErr, nul)
		case p != nil && strictErr == nil && !nul:
			t.Fatalf("JSON(%q) = %v, but the strict decoder accepts it", b, p)
		case p != nil && p.Code == CodeDuplicateKey && !errors.Is(strictErr, jsontext.ErrDuplicateName):
			t.Fatalf("JSON(%q) = %v, strict decoder says %v", b, p, strictErr)
		}
	})
}

func strictDecode(b []byte) error {
	d := jsontext.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := d.ReadToken(); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

func holdsNUL(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.IndexByte(v, 0) >= 0
	case []any:
		for _, e := range v {
			if holdsNUL(e) {
				return true
			}
		}
	case map[string]any:
		for k, e := range v {
			if strings.IndexByte(k, 0) >= 0 || holdsNUL(e) {
				return true
			}
		}
	}
	return false
}
