package components_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/web/components"
	"github.com/soukhq/souk/web/site"
)

type host struct{}

func (host) Product(_ context.Context, id string) (components.Product, error) {
	if id != "prd_tea" {
		return components.Product{}, components.ErrNotFound
	}
	return components.Product{Title: "Oolong <b>tea</b>", ImageURL: "/media/tea.png", Price: "¥12.50"}, nil
}

func (host) Order(_ context.Context, id string) (components.Order, error) {
	if id != "ord_1" {
		return components.Order{}, components.ErrNotFound
	}
	return components.Order{ID: "ord_1", State: "shipped", Total: "¥25.00"}, nil
}

func (host) ImageURL(src string) string {
	if strings.HasPrefix(src, "asset:") {
		return "/app-assets/ins_1/" + strings.TrimPrefix(src, "asset:")
	}
	return ""
}

func render(t *testing.T, view string) string {
	t.Helper()
	v, err := runtime.ValidateView(json.RawMessage(view), runtime.DefaultViewLimits())
	if err != nil {
		t.Fatalf("view: %v", err)
	}
	html, err := components.Render(context.Background(), v, host{}, components.Frame{
		ActionURL: "/a/ins_1/action", Target: "#app-view", CSRF: "tok", L: &site.Localizer{Tag: "en"}})
	if err != nil {
		t.Fatal(err)
	}
	return string(html)
}

// An app's text is text: markup in any string of a view is escaped, never
// parsed, wherever it appears.
func TestViewTextIsAlwaysText(t *testing.T) {
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>"'`
	q, _ := json.Marshal(evil)
	s := string(q)
	html := render(t, `{"type":"stack","children":[
		{"type":"text","text":`+s+`},
		{"type":"card","title":`+s+`,"subtitle":`+s+`,"children":[{"type":"button","label":`+s+`,"action":"go","args":{"x":`+s+`}}]},
		{"type":"image","src":"data:image/png;base64,iVBORw0KGgo=","alt":`+s+`},
		{"type":"form","action":"send","submitLabel":`+s+`,"children":[
			{"type":"textInput","name":"note","label":`+s+`,"placeholder":`+s+`,"value":`+s+`},
			{"type":"select","name":"size","label":`+s+`,"options":[{"value":`+s+`,"label":`+s+`}]}]}]}`)
	if strings.Contains(html, "<script") || strings.Contains(html, "<img src=x") {
		t.Fatalf("markup from the view reached the page:\n%s", html)
	}
	if n := strings.Count(html, "&lt;script&gt;alert(1)&lt;/script&gt;"); n < 8 {
		t.Fatalf("the script text is shown escaped %d times, want every string (>= 8):\n%s", n, html)
	}
}

// Every component the runtime validates renders; the host fills product
// cards and order status; images come from the host or data: URLs only.
func TestEveryComponentRenders(t *testing.T) {
	html := render(t, `{"type":"column","gap":"small","children":[
		{"type":"text","text":"Hello","style":"title"},
		{"type":"image","src":"asset:img/logo.png","alt":"Logo"},
		{"type":"image","src":"https://tracker.example/pixel.png","alt":"Pixel"},
		{"type":"button","label":"Buy","action":"buy","args":{"sku":"s1","n":2},"style":"primary"},
		{"type":"list","children":[{"type":"text","text":"one"},{"type":"text","text":"two"}]},
		{"type":"card","title":"Card","subtitle":"Sub","children":[{"type":"divider"}]},
		{"type":"productCard","productId":"prd_tea","action":"open","args":{"id":"prd_tea"}},
		{"type":"productCard","productId":"prd_gone"},
		{"type":"row","children":[{"type":"orderStatus","orderId":"ord_1"}]},
		{"type":"stack","children":[{"type":"form","action":"checkout","children":[
			{"type":"textInput","name":"note","label":"Note","multiline":true,"maxLength":200},
			{"type":"numberInput","name":"qty","label":"Quantity","min":1,"max":9,"step":1,"value":2},
			{"type":"select","name":"size","label":"Size","options":[{"value":"s","label":"Small"},{"value":"l","label":"Large"}],"value":"l"},
			{"type":"checkbox","name":"gift","label":"Gift wrap","checked":true}]}]}]}`)
	for _, want := range []string{
		`<p class="v-text title">Hello</p>`,
		`<img class="v-image" src="/app-assets/ins_1/img/logo.png" alt="Logo">`,
		`Image from another site, not shown: tracker.example (Pixel)`,
		`name="_args" value="{&#34;n&#34;:2,&#34;sku&#34;:&#34;s1&#34;}"`,
		`hx-post="/a/ins_1/action"`, `hx-target="#app-view"`,
		`<button type="submit" class="primary">Buy</button>`,
		`<ul class="v-list"><li>`,
		`<h3>Card</h3>`, `<hr class="v-divider">`,
		`Oolong &lt;b&gt;tea&lt;/b&gt;`, `¥12.50`, `<img src="/media/tea.png" alt="">`,
		`This product is not available.`,
		`Order ord_1`, `Shipped · ¥25.00`,
		`<textarea id="v`, `name="t.note"`, `maxlength="200"`,
		`type="number" name="n.qty" value="2" min="1" max="9" step="1"`,
		`<option value="l" selected>Large</option>`,
		`name="c.gift" value="true" checked`,
		`<div class="v-column gap-small">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s", want)
		}
	}
	if strings.Contains(html, "tracker.example/pixel") {
		t.Error("a third-party image URL reached the page")
	}
	if t.Failed() {
		t.Log(html)
	}
}

// Inputs that ask for a password, a PIN or a code are not drawn.
func TestViewsCannotAskForPasswordsOrPINs(t *testing.T) {
	for _, in := range []string{
		`{"type":"textInput","name":"pin","label":"Confirm"}`,
		`{"type":"numberInput","name":"paymentPIN"}`,
		`{"type":"textInput","name":"x","label":"Your password"}`,
		`{"type":"textInput","name":"x","placeholder":"请输入支付密码"}`,
		`{"type":"textInput","name":"pay_pin"}`,
		`{"type":"textInput","name":"x","label":"パスワード"}`,
		`{"type":"textInput","name":"otp_code"}`,
	} {
		html := render(t, `{"type":"form","action":"pay","children":[`+in+`]}`)
		if !strings.Contains(html, "apps may not ask for passwords or PINs") || strings.Contains(html, "<input id=") {
			t.Errorf("%s rendered as an input:\n%s", in, html)
		}
	}
	for _, ok := range []string{`{"type":"textInput","name":"shipping","label":"Shipping note"}`, `{"type":"textInput","name":"spinach","label":"Pinyin name"}`} {
		if html := render(t, `{"type":"form","action":"a","children":[`+ok+`]}`); !strings.Contains(html, "<input id=") {
			t.Errorf("%s was refused:\n%s", ok, html)
		}
	}
}

func TestParseAction(t *testing.T) {
	action, args, err := components.ParseAction(url.Values{"_action": {"buy"}, "_args": {`{"sku":"s1","n":2}`}})
	if b, _ := json.Marshal(args); err != nil || action != "buy" || string(b) != `{"n":2,"sku":"s1"}` {
		t.Fatalf("button: %q %s %v", action, b, err)
	}
	action, args, err = components.ParseAction(url.Values{"_action": {"checkout"}, "t.note": {"hi"}, "n.qty": {"3"},
		"s.size": {"l"}, "_checkbox": {"gift", "wrap"}, "c.wrap": {"true"}, "csrf_token": {"x"}})
	if b, _ := json.Marshal(args); err != nil || action != "checkout" || string(b) != `{"gift":false,"note":"hi","qty":3,"size":"l","wrap":true}` {
		t.Fatalf("form: %q %s %v", action, b, err)
	}
	if _, _, err := components.ParseAction(url.Values{"_action": {"x"}, "n.qty": {"lots"}}); err == nil {
		t.Fatal("a non-number number")
	}
	if _, _, err := components.ParseAction(url.Values{}); err == nil {
		t.Fatal("no action")
	}
}
