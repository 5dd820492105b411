package runtime

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

const goodView = `{"type":"stack","gap":"medium","children":[
  {"type":"image","src":"asset:logo.png","alt":"logo"},
  {"type":"text","text":"Hello <b>","style":"title","id":"greet"},
  {"type":"list","id":"items","children":[{"type":"productCard","productId":"prod_1","action":"view","args":{"id":"prod_1","z":[1,2],"a":null}}]},
  {"type":"card","title":"Order","subtitle":"#1","children":[{"type":"orderStatus","orderId":"ord_9"}]},
  {"type":"divider"},
  {"type":"form","action":"subscribe","submitLabel":"Go","children":[
    {"type":"textInput","name":"email","label":"Email","placeholder":"you@example.com","value":"","required":true,"maxLength":200},
    {"type":"numberInput","name":"qty","value":0,"min":0,"max":10,"step":1},
    {"type":"select","name":"size","options":[{"value":"s","label":"Small"},{"value":"m","label":"Medium"}],"value":"m"},
    {"type":"checkbox","name":"gift","checked":false}]},
  {"type":"row","children":[{"type":"button","label":"Buy","action":"buy","args":null,"style":"primary"},{"type":"button","label":"No","action":"ns:cancel","disabled":true}]},
  {"type":"column","children":[
    {"type":"image","src":"https://cdn.example.com/a.png?x=1"},
    {"type":"image","src":"blob:products/p1/main.webp"},
    {"type":"image","src":"data:image/png;base64,iVBORw0KGgo="}]}
]}`

func TestValidateViewAccepts(t *testing.T) {
	v, err := ValidateView(json.RawMessage(goodView), DefaultViewLimits())
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	// Normalized output validates again to the same bytes.
	v2, err := ValidateView(out, DefaultViewLimits())
	if err != nil {
		t.Fatalf("normalized view is invalid: %v\n%s", err, out)
	}
	out2, _ := json.Marshal(v2)
	if !bytes.Equal(out, out2) {
		t.Fatalf("normalizing is not stable:\n%s\n%s", out, out2)
	}
	if !strings.Contains(string(out), `"args":{"a":null,"id":"prod_1","z":[1,2]}`) || !strings.Contains(string(out), `Hello \u003cb\u003e`) {
		t.Fatalf("args not normalized or HTML not escaped: %s", out)
	}
	if n := v.Find("items"); n == nil || n.Type != "list" || v.Find("nope") != nil {
		t.Fatal("Find")
	}
}

func TestValidateViewRejects(t *testing.T) {
	text := func(s string) string { return `{"type":"text","text":` + s + `}` }
	nest := func(depth int) string {
		return strings.Repeat(`{"type":"stack","children":[`, depth-1) + `{"type":"divider"}` + strings.Repeat(`]}`, depth-1)
	}
	many := func(n int) string {
		return `{"type":"list","children":[` + strings.TrimSuffix(strings.Repeat(`{"type":"divider"},`, n-1), ",") + `]}`
	}
	img := func(src string) string { return `{"type":"image","src":"` + src + `"}` }
	form := func(inner string) string { return `{"type":"form","action":"f","children":[` + inner + `]}` }
	tests := []struct{ name, json, code string }{
		{"not json", `{"type":`, CodeViewMalformed},
		{"trailing", text(`"a"`) + `x`, CodeViewMalformed},
		{"duplicate key", `{"type":"text","text":"a","text":"b"}`, CodeViewMalformed},
		{"invalid utf-8", "{\"type\":\"text\",\"text\":\"\xff\"}", CodeViewMalformed},
		{"array root", `[]`, CodeViewMalformed},
		{"string root", `"hi"`, CodeViewMalformed},
		{"no type", `{"text":"a"}`, CodeViewMalformed},
		{"unknown component", `{"type":"html","html":"<script>"}`, CodeViewComponent},
		{"unknown field", `{"type":"text","text":"a","onclick":"x"}`, CodeViewField},
		{"price on product card", `{"type":"productCard","productId":"p","price":"0.01"}`, CodeViewField},
		{"text not string", text(`1`), CodeViewValue},
		{"text too long", text(`"` + strings.Repeat("x", 4001) + `"`), CodeViewString},
		{"bad style", `{"type":"text","text":"a","style":"blink"}`, CodeViewValue},
		{"button without action", `{"type":"button","label":"a"}`, CodeViewValue},
		{"button empty label", `{"type":"button","label":"","action":"a"}`, CodeViewValue},
		{"bad action name", `{"type":"button","label":"a","action":"javascript:alert(1)"}`, CodeViewValue},
		{"huge args", `{"type":"button","label":"a","action":"a","args":"` + strings.Repeat("x", 3000) + `"}`, CodeViewTooLarge},
		{"bad id", `{"type":"divider","id":"a b"}`, CodeViewValue},
		{"duplicate id", `{"type":"stack","children":[{"type":"divider","id":"a"},{"type":"divider","id":"a"}]}`, CodeViewDuplicateID},
		{"children not array", `{"type":"stack","children":{}}`, CodeViewValue},
		{"child not object", `{"type":"stack","children":[1]}`, CodeViewMalformed},
		{"too deep", nest(17), CodeViewTooDeep},
		{"too many nodes", many(501), CodeViewTooMany},
		{"too large", text(`"` + strings.Repeat("x", 70000) + `"`), CodeViewTooLarge},
		{"javascript url", img("javascript:alert(1)"), CodeViewURL},
		{"http url", img("http://example.com/a.png"), CodeViewURL},
		{"https with userinfo", img("https://user:pw@example.com/a.png"), CodeViewURL},
		{"https with quote", img(`https://example.com/a.png\"onerror=x`), CodeViewURL},
		{"svg data url", img("data:image/svg+xml;base64,PHN2Zz4="), CodeViewURL},
		{"html data url", img("data:text/html;base64,PHNjcmlwdD4="), CodeViewURL},
		{"big data url", img("data:image/png;base64," + strings.Repeat("A", 9000)), CodeViewString},
		{"bad base64", img("data:image/png;base64,A"), CodeViewURL},
		{"asset traversal", img("asset:../souk.json"), CodeViewURL},
		{"asset not image", img("asset:data.json"), CodeViewURL},
		{"blob traversal", img("blob:a/../../b"), CodeViewURL},
		{"protocol-relative", img("//evil.example/a.png"), CodeViewURL},
		{"image without src", `{"type":"image"}`, CodeViewValue},
		{"input outside form", `{"type":"textInput","name":"a"}`, CodeViewValue},
		{"nested form", form(form(``)), CodeViewValue},
		{"duplicate input name", form(`{"type":"checkbox","name":"a"},{"type":"checkbox","name":"a"}`), CodeViewDuplicateID},
		{"input bad name", form(`{"type":"checkbox","name":"a.b"}`), CodeViewValue},
		{"number value string", form(`{"type":"numberInput","name":"a","value":"1"}`), CodeViewValue},
		{"min above max", form(`{"type":"numberInput","name":"a","min":2,"max":1}`), CodeViewValue},
		{"zero step", form(`{"type":"numberInput","name":"a","step":0}`), CodeViewValue},
		{"maxLength fraction", form(`{"type":"textInput","name":"a","maxLength":1.5}`), CodeViewValue},
		{"select no options", form(`{"type":"select","name":"a","options":[]}`), CodeViewValue},
		{"select bad option", form(`{"type":"select","name":"a","options":[{"value":"a","label":"b","x":1}]}`), CodeViewValue},
		{"checkbox not bool", form(`{"type":"checkbox","name":"a","checked":"yes"}`), CodeViewValue},
		{"productCard no id", `{"type":"productCard"}`, CodeViewValue},
		{"orderStatus bad id", `{"type":"orderStatus","orderId":"../x"}`, CodeViewValue},
		{"bad gap", `{"type":"row","gap":"huge","children":[]}`, CodeViewValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ValidateView(json.RawMessage(tt.json), DefaultViewLimits())
			if err == nil {
				t.Fatalf("accepted %.200s", tt.json)
			}
			if got := ErrorCode(err); got != tt.code {
				t.Fatalf("code %q, want %q: %v", got, tt.code, err)
			}
		})
	}
}

func TestValidateViewErrorNamesPath(t *testing.T) {
	_, err := ValidateView(json.RawMessage(`{"type":"stack","children":[{"type":"text"},{"type":"card","children":[{"type":"button","label":"x","action":"a","colour":"red"}]}]}`), DefaultViewLimits())
	if err == nil || !strings.Contains(err.Error(), `view.children[1].children[0] (button): field "colour" is not allowed`) {
		t.Fatalf("error does not name the node: %v", err)
	}
}

func TestActionPatch(t *testing.T) {
	l := DefaultViewLimits()
	v, err := ValidateView(json.RawMessage(goodView), l)
	if err != nil {
		t.Fatal(err)
	}
	view, p, err := ValidateActionResult(json.RawMessage(`{"patch":[
		{"op":"replace","id":"greet","node":{"type":"text","text":"Bye","id":"greet"}},
		{"op":"append","id":"items","node":{"type":"productCard","productId":"prod_2"}},
		{"op":"remove","id":"items"}]}`), l)
	if err != nil || view != nil || p == nil || len(p.Ops) != 3 {
		t.Fatalf("patch: %v %v %v", view, p, err)
	}
	nv, err := v.Apply(p, l)
	if err != nil {
		t.Fatal(err)
	}
	if n := nv.Find("greet"); n == nil || n.Text != "Bye" || nv.Find("items") != nil {
		t.Fatalf("patch not applied: %+v", nv.Root)
	}
	if v.Find("greet").Text != "Hello <b>" || v.Find("items") == nil {
		t.Fatal("Apply changed the original view")
	}

	// A whole view is also a valid action result.
	if view, p, err := ValidateActionResult(json.RawMessage(`{"type":"text","text":"x"}`), l); err != nil || view == nil || p != nil {
		t.Fatalf("view result: %v %v %v", view, p, err)
	}

	bad := []struct{ name, patch, code string }{
		{"empty", `{"patch":[]}`, CodeViewPatch},
		{"extra key", `{"patch":[{"op":"remove","id":"greet"}],"type":"text"}`, CodeViewPatch},
		{"unknown op", `{"patch":[{"op":"move","id":"greet"}]}`, CodeViewPatch},
		{"remove with node", `{"patch":[{"op":"remove","id":"greet","node":{"type":"divider"}}]}`, CodeViewPatch},
		{"bad node", `{"patch":[{"op":"replace","id":"greet","node":{"type":"script"}}]}`, CodeViewComponent},
	}
	for _, tt := range bad {
		if _, _, err := ValidateActionResult(json.RawMessage(tt.patch), l); ErrorCode(err) != tt.code {
			t.Errorf("%s: got %v, want %s", tt.name, err, tt.code)
		}
	}
	applyBad := []struct{ name, patch, code string }{
		{"missing id", `{"patch":[{"op":"remove","id":"nope"}]}`, CodeViewPatch},
		{"duplicate id after patch", `{"patch":[{"op":"append","id":"items","node":{"type":"divider","id":"greet"}}]}`, CodeViewDuplicateID},
		{"input outside form after patch", `{"patch":[{"op":"replace","id":"greet","node":{"type":"checkbox","name":"x"}}]}`, CodeViewValue},
	}
	for _, tt := range applyBad {
		_, p, err := ValidateActionResult(json.RawMessage(tt.patch), l)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if _, err := v.Apply(p, l); ErrorCode(err) != tt.code {
			t.Errorf("%s: got %v, want %s", tt.name, err, tt.code)
		}
	}
}

func FuzzValidateView(f *testing.F) {
	f.Add([]byte(goodView))
	f.Fuzz(func(t *testing.T, raw []byte) {
		l := DefaultViewLimits()
		v, err := ValidateView(raw, l)
		if err != nil {
			if ErrorCode(err) == "" {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		// Invariant: the normalized view is within limits and normalizing is idempotent.
		out, err := json.Marshal(v)
		if err != nil || len(out) > l.MaxBytes {
			t.Fatalf("normalized view: %d bytes, %v", len(out), err)
		}
		v2, err := ValidateView(out, l)
		if err != nil {
			t.Fatalf("normalized view rejected: %v\n%s", err, out)
		}
		if out2, _ := json.Marshal(v2); !bytes.Equal(out, out2) {
			t.Fatalf("normalizing is not idempotent:\n%s\n%s", out, out2)
		}
		depth, nodes := 0, 0
		var walk func(n *Node, d int)
		walk = func(n *Node, d int) {
			nodes++
			depth = max(depth, d)
			if _, ok := components[n.Type]; !ok {
				t.Fatalf("unknown component %q accepted", n.Type)
			}
			for _, c := range n.Children {
				walk(c, d+1)
			}
		}
		walk(v.Root, 1)
		if depth > l.MaxDepth || nodes > l.MaxNodes {
			t.Fatalf("accepted depth %d, %d nodes", depth, nodes)
		}
	})
}

// TestWriteViewFuzzSeeds checks testdata/fuzz/FuzzValidateView holds every
// seed; SOUK_WRITE_FUZZ_SEEDS=1 go test -run TestWriteViewFuzzSeeds ./runtime/ rewrites them.
func TestWriteViewFuzzSeeds(t *testing.T) {
	seeds := map[string][]byte{
		"valid-full":       []byte(goodView),
		"valid-text":       []byte(`{"type":"text","text":"hi"}`),
		"unknown-field":    []byte(`{"type":"text","text":"a","onclick":"x"}`),
		"javascript-url":   []byte(`{"type":"image","src":"javascript:alert(1)"}`),
		"input-no-form":    []byte(`{"type":"textInput","name":"a"}`),
		"duplicate-key":    []byte(`{"type":"text","text":"a","text":"b"}`),
		"deep":             []byte(strings.Repeat(`{"type":"stack","children":[`, 20) + strings.Repeat(`]}`, 20)),
		"numbers":          []byte(`{"type":"form","action":"f","children":[{"type":"numberInput","name":"n","value":1e308,"min":-0,"step":0.1}]}`),
		"unicode-escapes":  []byte(`{"type":"text","text":"\u2028\ud83d\ude00<script>&"}`),
		"duplicate-ids":    []byte(`{"type":"row","children":[{"type":"divider","id":"a"},{"type":"divider","id":"a"}]}`),
		"args-nesting":     []byte(`{"type":"button","label":"b","action":"a","args":[[[[[{"k":[1,true,null,"s"]}]]]]]}`),
		"select":           []byte(`{"type":"form","action":"f","children":[{"type":"select","name":"s","options":[{"value":"a","label":"A"}]}]}`),
		"not-object":       []byte(`[1,2,3]`),
		"data-image":       []byte(`{"type":"image","src":"data:image/gif;base64,R0lGODlhAQABAAAAACw="}`),
		"product-price":    []byte(`{"type":"productCard","productId":"p","price":"0.01"}`),
		"patch-not-a-view": []byte(`{"patch":[{"op":"remove","id":"a"}]}`),
	}
	writeSeeds(t, "FuzzValidateView", seeds)
}
