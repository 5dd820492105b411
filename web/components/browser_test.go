package components_test

import (
	"encoding/json"
	htmltemplate "html/template"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/components"
	"github.com/soukhq/souk/web/site"
	"github.com/soukhq/souk/web/webtest"
)

// A test face: one page that shows an app view in a frame, and the action
// route that answers the next view, as the shell's app frame will.
const framePage = `{{define "content"}}<section class="app-frame" aria-labelledby="app-name">
<header><h2 id="app-name">Tea Shop</h2></header>
<div id="app-view" class="app-body" aria-live="polite">{{.Data}}</div>
</section>{{end}}`

func views() map[string]string {
	return map[string]string{
		"home": `{"type":"stack","children":[
			{"type":"text","text":"<script>document.title='owned'</script> Welcome, 欢迎光临！本店提供来自福建安溪的铁观音乌龙茶，每一批茶叶都经过手工挑选和传统炭火烘焙。","style":"title"},
			{"type":"image","src":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==","alt":"A dot"},
			{"type":"image","src":"https://tracker.example/p.png","alt":"Tracker"},
			{"type":"productCard","productId":"prd_tea","action":"open","args":{"id":"prd_tea"}},
			{"type":"orderStatus","orderId":"ord_1"},
			{"type":"form","action":"note","submitLabel":"Send note","children":[
				{"type":"textInput","name":"note","label":"Note for the seller"},
				{"type":"numberInput","name":"qty","label":"Quantity","min":1,"max":5,"value":1},
				{"type":"select","name":"size","label":"Size","options":[{"value":"s","label":"Small"},{"value":"l","label":"Large"}]},
				{"type":"checkbox","name":"gift","label":"Gift wrap"},
				{"type":"textInput","name":"pin","label":"Payment PIN"}]},
			{"type":"row","children":[{"type":"button","label":"Add to cart","action":"add","args":{"sku":"s1"},"style":"primary"},{"type":"button","label":"Later","action":"later","disabled":true}]}]}`,
	}
}

func TestAppViewInChromium(t *testing.T) {
	ids := identity.New(storetest.SQLite(t))
	s := site.New(ids, slog.New(slog.NewTextHandler(io.Discard, nil)))
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	s.Mount(app)
	pages := s.Parse(fstest.MapFS{"frame.html": {Data: []byte(framePage)}}, "*.html")
	l := &site.Localizer{Tag: "en"}
	frame := components.Frame{ActionURL: "/test/action", Target: "#app-view", L: l}
	show := func(r *site.Req, raw string) (string, error) {
		v, err := runtime.ValidateView(json.RawMessage(raw), runtime.DefaultViewLimits())
		if err != nil {
			return "", err
		}
		html, err := components.Render(r.Context(), v, host{}, frame)
		return string(html), err
	}
	s.Get(app, "/test/app", site.Public, func(r *site.Req) error {
		html, err := show(r, views()["home"])
		if err != nil {
			return err
		}
		pg := r.Page(site.FaceShell, "home.title", htmltemplate.HTML(html))
		return r.Render(pages, http.StatusOK, "frame", pg)
	})
	var got []string
	s.Post(app, "/test/action", site.Public, func(r *site.Req) error {
		vals := url.Values{}
		r.Request().PostArgs().VisitAll(func(k, v []byte) { vals.Add(string(k), string(v)) })
		action, args, err := components.ParseAction(vals)
		if err != nil {
			return err
		}
		b, _ := json.Marshal(args)
		got = append(got, action+" "+string(b))
		q, _ := json.Marshal("You chose " + action + " with " + string(b))
		html, err := show(r, `{"type":"stack","children":[{"type":"text","text":`+string(q)+`},{"type":"button","label":"Back","action":"back"}]}`)
		if err != nil {
			return err
		}
		r.Set(fiber.HeaderContentType, "text/html; charset=utf-8")
		return r.SendString(html)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.ShutdownWithTimeout(5 * time.Second) })

	b := webtest.New(t, "http://"+ln.Addr().String())
	b.Open("/test/app")
	if title := webtest.Eval[string](b, `document.title`); title == "owned" {
		t.Fatal("the view's script ran")
	}
	if txt := b.Text("heading", "Tea Shop"); txt != "Tea Shop" {
		t.Fatal(txt)
	}
	if !strings.Contains(webtest.Eval[string](b, `document.getElementById("app-view").innerText`), "<script>document.title='owned'</script>") {
		t.Fatal("the view's text containing <script> is not shown as text")
	}
	if b.Has("label", "Payment PIN") {
		t.Fatal("a PIN input from the app was drawn")
	}
	for _, v := range []webtest.Viewport{webtest.Phone, webtest.Desktop} {
		b.Resize(v)
		if b.Overflows() {
			t.Errorf("the app view is wider than a %s", v.Name)
		}
		b.Axe()
		if dir := os.Getenv("SOUK_SCREENSHOT_DIR"); dir != "" {
			b.Screenshot(filepath.Join(dir, "app-view-"+v.Name+".png"))
		}
	}
	// Actions round-trip through htmx: the answer replaces the view in the
	// frame, the page itself stays.
	b.Fill("Note for the seller", "请用礼盒包装")
	b.Fill("Quantity", "3")
	b.Select("Size", "l")
	b.Click("checkbox", "Gift wrap")
	b.Click("button", "Send note")
	b.Find("button", "Back")
	view := webtest.Eval[string](b, `document.getElementById("app-view").innerText`)
	if !strings.Contains(view, `You chose note with {"gift":true,"note":"请用礼盒包装","qty":3,"size":"l"}`) {
		t.Fatalf("after the form post the frame shows %q", view)
	}
	if !b.Has("heading", "Tea Shop") {
		t.Fatal("the host's frame was replaced")
	}
	b.Axe()
	b.Open("/test/app")
	b.Click("button", "Add to cart")
	b.Find("button", "Back")
	b.Open("/test/app")
	b.ClickContaining("button", "Oolong <b>tea</b>")
	b.Find("button", "Back")
	want := []string{
		`note {"gift":true,"note":"请用礼盒包装","qty":3,"size":"l"}`,
		`add {"sku":"s1"}`,
		`open {"id":"prd_tea"}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("actions posted:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
