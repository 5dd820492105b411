// Package webtest drives real Chromium (chromedp) against a real souk
// server for page tests. Tests act as a person would: they find controls by
// their visible label or their role and accessible name, never by CSS
// class; a failed test leaves a screenshot; Axe runs axe-core (vendored,
// see axe/README) on the current page and fails on serious or critical
// violations; every page is watched for Content-Security-Policy violations.
package webtest

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/soukhq/souk/internal/testenv"
)

//go:embed axe/axe.min.js
var axeSource string

// ScreenshotDirEnv names the directory failure screenshots go to (default:
// souk-webtest under the system temp dir).
const ScreenshotDirEnv = "SOUK_TEST_SCREENSHOTS"

// Wait is how long a lookup waits for its element to appear.
var Wait = 15 * time.Second

// Browser is one headless Chromium with one tab, for one test.
type Browser struct {
	t    testing.TB
	ctx  context.Context
	Base string // the server's base URL, "http://127.0.0.1:port"
	id   int
}

var browsers atomic.Int64

// csp collects Content-Security-Policy violations of every document.
const cspWatch = `window.__soukCSP = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__soukCSP.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});`

// New starts Chromium (testenv.ChromiumPath: SOUK_TEST_CHROMIUM or
// /usr/bin/chromium; skipped locally and failed under CI when missing) with
// a fresh profile, at a desktop viewport of 1280×800.
func New(t testing.TB, base string) *Browser {
	t.Helper()
	path := testenv.ChromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
		chromedp.WindowSize(1280, 800),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	b := &Browser{t: t, ctx: ctx, Base: strings.TrimSuffix(base, "/"), id: int(browsers.Add(1))}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch}); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	// Registered after the browser's cleanup, so it runs first.
	t.Cleanup(b.screenshotOnFailure)
	return b
}

// Ctx is the tab's context, for chromedp actions the helpers do not cover.
func (b *Browser) Ctx() context.Context { return b.ctx }

func (b *Browser) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func get[T any](b *Browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// Open navigates to a path on the server and waits for the page to load.
func (b *Browser) Open(path string) {
	b.t.Helper()
	b.run("open "+path, chromedp.Navigate(b.Base+path), chromedp.WaitReady(chromedp.CSS("body")))
}

// Back goes back one page in the history.
func (b *Browser) Back() {
	b.t.Helper()
	b.run("back", chromedp.NavigateBack(), chromedp.WaitReady(chromedp.CSS("body")))
}

// Path is the current URL's path and query.
func (b *Browser) Path() string {
	b.t.Helper()
	return strings.TrimPrefix(get(b, "location", chromedp.Location()), b.Base)
}

// WaitPath waits until the current path (without query) is p.
func (b *Browser) WaitPath(p string) {
	b.t.Helper()
	deadline := time.Now().Add(Wait)
	for {
		if loc, err := chromedp.Run(b.ctx, chromedp.Location()); err == nil {
			got, _, _ := strings.Cut(strings.TrimPrefix(loc, b.Base), "?")
			if got == p {
				return
			}
			if time.Now().After(deadline) {
				b.t.Fatalf("waited %s for path %s; at %s", Wait, p, loc)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// find marks the element a person would mean and returns a CSS selector for
// that mark. how is "label" (a form control by its <label> or aria-label)
// or an ARIA role (button, link, heading, alert, status, textbox, combobox,
// checkbox, img, listitem, region, dialog, row; a <summary> is a button)
// with its accessible name.
const findJS = `(function(how, name, exact) {
  const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
  const match = (s) => exact ? norm(s) === name : norm(s).includes(name);
  const visible = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  const byId = (ids) => ids.split(/\s+/).map((id) => { const e = document.getElementById(id); return e ? e.textContent : ""; }).join(" ");
  const accName = (e) => {
    if (e.getAttribute("aria-labelledby")) return byId(e.getAttribute("aria-labelledby"));
    if (e.getAttribute("aria-label")) return e.getAttribute("aria-label");
    if (e.labels && e.labels.length) return Array.from(e.labels).map((l) => l.textContent).join(" ");
    if (e.tagName === "IMG") return e.alt;
    if (e.tagName === "INPUT" && (e.type === "submit" || e.type === "button")) return e.value;
    return e.textContent;
  };
  const roles = {
    button: "button, summary, [role=button], input[type=submit], input[type=button]",
    link: "a[href], [role=link]",
    heading: "h1, h2, h3, h4, h5, h6, [role=heading]",
    alert: "[role=alert]",
    status: "[role=status]",
    textbox: "input:not([type]), input[type=text], input[type=email], input[type=password], input[type=search], input[type=number], textarea, [role=textbox]",
    combobox: "select, [role=combobox]",
    checkbox: "input[type=checkbox], [role=checkbox]",
    img: "img, [role=img]",
    listitem: "li, [role=listitem]",
    region: "section[aria-labelledby], section[aria-label], [role=region]",
    dialog: "dialog, [role=dialog]",
    row: "tr, [role=row]",
  };
  let found = null;
  if (how === "label") {
    for (const l of document.querySelectorAll("label")) {
      if (match(l.textContent) && l.control && visible(l.control)) { found = l.control; break; }
    }
    if (!found) found = Array.from(document.querySelectorAll("[aria-label]")).find((e) => visible(e) && match(e.getAttribute("aria-label")));
  } else {
    const sel = roles[how];
    if (!sel) throw new Error("webtest: unknown role " + how);
    found = Array.from(document.querySelectorAll(sel)).find((e) => visible(e) && match(accName(e)));
  }
  if (!found) return "";
  if (!found.dataset.webtest) found.dataset.webtest = String(++window.__soukWebtest || (window.__soukWebtest = 1));
  return '[data-webtest="' + found.dataset.webtest + '"]';
})`

// Find waits for a control and returns a selector for it; see findJS for
// how and name. Names match exactly after collapsing white space.
func (b *Browser) Find(how, name string) string {
	b.t.Helper()
	sel, ok := b.find(how, name, true, Wait)
	if !ok {
		b.t.Fatalf("no visible %s named %q on %s", how, name, b.Path())
	}
	return sel
}

// FindName waits for a control whose name contains part and returns its
// whole text (white space collapsed), for names that carry data.
func (b *Browser) FindName(role, part string) string {
	b.t.Helper()
	// A live region may swap the control between finding and reading it
	// (htmx refreshes the chat list on socket events): readFound finds again.
	name := b.readFound(func() string { return b.FindContaining(role, part) },
		`(e) => e.getAttribute("aria-label") || e.textContent || null`)
	return strings.Join(strings.Fields(name), " ")
}

// RowCells is the text of the cells of the visible table row whose name
// contains name, joined by spaces. The row is found again when the page
// replaced it between finding and reading it (a click's navigation, an
// htmx swap). It cannot tell a row of the page being left from one of the
// page coming: after a navigation, wait for something of the new page first.
func (b *Browser) RowCells(name string) string {
	b.t.Helper()
	return b.readFound(func() string { return b.FindContaining("row", name) }, rowCellsJS)
}

// CellsAt is RowCells for the row a CSS selector selects, waiting for it.
func (b *Browser) CellsAt(sel string) string {
	b.t.Helper()
	return b.readFound(func() string { return sel }, rowCellsJS)
}

const rowCellsJS = `(e) => Array.from(e.cells || []).map((c) => c.textContent.trim()).join(" ")`

// readFound reads the element find selects with the JS function read, in
// one evaluation, and finds it again while the page keeps replacing it or
// read answers null (not there yet), until Wait runs out.
func (b *Browser) readFound(find func() string, read string) string {
	b.t.Helper()
	const missing = "\x00missing"
	deadline := time.Now().Add(Wait)
	for {
		sel := find()
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`((e) => { const v = e ? (`+read+`)(e) : null; return v === null ? `+
			jsString(missing)+` : v; })(document.querySelector(`+jsString(sel)+`))`))
		if err == nil && got != missing {
			return got
		}
		if b.ctx.Err() != nil || time.Now().After(deadline) {
			b.t.Fatalf("reading %s: it kept going away (%v)", sel, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Has reports whether a control is on the page now (it does not wait).
func (b *Browser) Has(how, name string) bool {
	b.t.Helper()
	_, ok := b.find(how, name, true, 0)
	return ok
}

// FindContaining is Find with a substring match on the name.
func (b *Browser) FindContaining(how, name string) string {
	b.t.Helper()
	sel, ok := b.find(how, name, false, Wait)
	if !ok {
		b.t.Fatalf("no visible %s whose name contains %q on %s", how, name, b.Path())
	}
	return sel
}

func (b *Browser) find(how, name string, exact bool, wait time.Duration) (string, bool) {
	args, _ := json.Marshal([]any{how, name, exact})
	expr := findJS + ".apply(null, " + string(args) + ")"
	deadline := time.Now().Add(wait)
	for {
		// Errors (a navigation replacing the document) are retried.
		if sel, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](expr)); err == nil && sel != "" {
			return sel, true
		} else if err != nil && b.ctx.Err() != nil {
			b.t.Fatalf("find %s %q: %v", how, name, err)
		}
		if time.Now().After(deadline) {
			return "", false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// act runs an action on the control a person means, finding it again when
// the page replaced it in between (htmx swaps), until Wait runs out.
func (b *Browser) act(what, how, name string, exact bool, do func(sel string) chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	deadline := time.Now().Add(Wait)
	for {
		b.settle(3 * time.Second)
		sel, ok := b.find(how, name, exact, time.Until(deadline))
		if !ok {
			b.t.Fatalf("%s: no visible %s named %q on %s", what, how, name, b.Path())
		}
		ctx, cancel := context.WithTimeout(b.ctx, 3*time.Second)
		err := chromedp.Do(ctx, do(sel))
		cancel()
		if err == nil {
			return
		}
		if b.ctx.Err() != nil || time.Now().After(deadline) {
			b.t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// settle waits, up to max, until htmx has no request in flight and no swap
// or settle under way. A person clicks what the page shows once it stopped
// changing; a click computed against a view that an answer still in flight
// then replaces lands on whatever takes the button's place. A page that
// never goes quiet (polling) is acted on anyway after max.
func (b *Browser) settle(max time.Duration) {
	const busy = `!!document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling")`
	for deadline := time.Now().Add(max); time.Now().Before(deadline); time.Sleep(25 * time.Millisecond) {
		if v, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](busy)); err == nil && !v {
			return
		}
	}
}

// Fill types a value into the control labelled label (clearing it first).
func (b *Browser) Fill(label, value string) {
	b.t.Helper()
	b.act("fill "+label, "label", label, true, func(sel string) chromedp.Action[chromedp.Void] {
		clear := chromedp.Evaluate[bool](setValueJS(sel, ""))
		return chromedp.Steps(func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
			_, err := clear(ctx, t)
			return chromedp.Void{}, err
		}, chromedp.SendKeys(chromedp.CSS(sel), value))
	})
}

// Upload chooses files (paths on this machine) in the file input labelled
// label, as a person picking them in the file dialog would.
func (b *Browser) Upload(label string, paths ...string) {
	b.t.Helper()
	b.act("upload to "+label, "label", label, true, func(sel string) chromedp.Action[chromedp.Void] {
		return chromedp.SetUploadFiles(chromedp.CSS(sel), paths)
	})
}

// Select picks an option (by its value) in the select labelled label.
func (b *Browser) Select(label, value string) {
	b.t.Helper()
	sel := b.Find("label", label)
	b.setValue(sel, value)
}

// setValue sets a control's value as a script would and fires input and change.
func (b *Browser) setValue(sel, value string) {
	b.t.Helper()
	get(b, "set value", chromedp.Evaluate[bool](setValueJS(sel, value)))
}

func setValueJS(sel, value string) string {
	args, _ := json.Marshal([]string{sel, value})
	return `((sel, v) => { const e = document.querySelector(sel);
		e.value = v; e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true}));
		return e.value === v; }).apply(null, ` + string(args) + `)`
}

// Click clicks the control with the role and accessible name.
func (b *Browser) Click(role, name string) {
	b.t.Helper()
	b.act("click "+role+" "+name, role, name, true, func(sel string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel)) })
}

// Submit clicks the button with the accessible name and waits for the page
// it loads (a plain form post or a link: a new document). The click goes
// through act, as Click's does: a live region that swaps the button
// between finding and clicking it (a chat refreshed by its socket) makes it
// find the button again instead of waiting on one that is gone.
func (b *Browser) Submit(name string) {
	b.t.Helper()
	get(b, "mark document", chromedp.Evaluate[bool](`window.__soukOld = true`))
	b.Click("button", name)
	deadline := time.Now().Add(Wait)
	for {
		done, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`!window.__soukOld && document.readyState !== "loading"`))
		if err == nil && done {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("clicking %q loaded no new page within %s", name, Wait)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ClickContaining clicks the control whose accessible name contains part.
func (b *Browser) ClickContaining(role, part string) {
	b.t.Helper()
	b.act("click "+role+" "+part, role, part, false, func(sel string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel)) })
}

// Text is the visible text of the element with the role and name (substring).
func (b *Browser) Text(role, name string) string {
	b.t.Helper()
	sel := b.FindContaining(role, name)
	return get(b, "text of "+role, chromedp.Text(chromedp.CSS(sel)))
}

// Eval evaluates JavaScript in the page (test-only: CDP is not subject to the page's CSP).
func Eval[T any](b *Browser, js string) T {
	b.t.Helper()
	return get(b, "eval", chromedp.Evaluate[T](js))
}

// HTML is the current document's markup. It is read in one evaluation
// (not through DOM node ids), so a swap or navigation in between cannot
// fail it; a read that meets a document being replaced is retried.
func (b *Browser) HTML() string {
	b.t.Helper()
	deadline := time.Now().Add(Wait)
	for {
		h, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.documentElement ? document.documentElement.outerHTML : ""`))
		if err == nil {
			return h
		}
		if b.ctx.Err() != nil || time.Now().After(deadline) {
			b.t.Fatalf("html: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ClickUntil clicks the button (or other role) named name and waits for
// the page's text to contain want. A click that lands while htmx is still
// swapping in the control's view can be lost (the request it starts is
// replaced); a person would click again, and so does ClickUntil, up to
// three times, while the control is still there.
func (b *Browser) ClickUntil(role, name, want string) {
	b.t.Helper()
	has := func() bool {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.body ? document.body.innerText.includes(`+jsString(want)+`) : false`))
		return err == nil && ok
	}
	waitFor := func(d time.Duration) bool {
		for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if has() {
				return true
			}
		}
		return false
	}
	for try := 0; ; try++ {
		b.Click(role, name)
		if waitFor(8 * time.Second) {
			return
		}
		// The control went away: the click worked and its page is slow.
		if !b.Has(role, name) && waitFor(Wait) {
			return
		}
		if try == 2 {
			b.t.Fatalf("clicking %s %q three times never showed %q on %s", role, name, want, b.Path())
		}
	}
}

// SignIn signs in through the sign-in page and waits to land on landing.
func (b *Browser) SignIn(email, password, landing string) {
	b.t.Helper()
	b.Open("/login?next=" + landing)
	b.Fill("Email", email)
	b.Fill("Password", password)
	b.Submit("Sign in")
	b.WaitPath(landing)
}

// Phone and Desktop are the two viewports every page must work at.
var (
	Phone   = Viewport{Name: "phone", Width: 375, Height: 812, Mobile: true}
	Desktop = Viewport{Name: "desktop", Width: 1280, Height: 800}
)

// Viewport is a screen size.
type Viewport struct {
	Name          string
	Width, Height int64
	Mobile        bool
}

// Resize emulates a viewport.
func (b *Browser) Resize(v Viewport) {
	b.t.Helper()
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if v.Mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	b.run("resize", chromedp.EmulateViewport(v.Width, v.Height, opts...))
}

// Overflows reports whether the page is wider than the viewport (content
// that does not fit a phone).
func (b *Browser) Overflows() bool {
	b.t.Helper()
	return Eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth + 1`)
}

// Screenshot saves a full-page PNG at path.
func (b *Browser) Screenshot(path string) {
	b.t.Helper()
	png := get(b, "screenshot", chromedp.FullScreenshot(100))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

func (b *Browser) screenshotOnFailure() {
	if !b.t.Failed() || b.ctx.Err() != nil {
		return
	}
	dir := os.Getenv(ScreenshotDirEnv)
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "souk-webtest")
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-%d.png", unsafeName.ReplaceAllString(b.t.Name(), "_"), b.id))
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("failure screenshot: %v", err)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err == nil && os.WriteFile(path, png, 0o644) == nil {
		b.t.Logf("failure screenshot: %s", path)
	}
}

// CSPViolations returns the Content-Security-Policy violations the current
// document reported.
func (b *Browser) CSPViolations() []string {
	b.t.Helper()
	return Eval[[]string](b, `window.__soukCSP || []`)
}

// AxeViolation is one axe-core rule that failed.
type AxeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// Axe runs axe-core on the current page (WCAG 2.x A and AA and best
// practices) and fails the test on any serious or critical violation; it
// also fails on any CSP violation the page reported.
func (b *Browser) Axe() {
	b.t.Helper()
	if !Eval[bool](b, `typeof window.axe !== "undefined"`) {
		get(b, "inject axe-core", chromedp.Evaluate[bool](axeSource+";true"))
	}
	out := get(b, "axe-core", chromedp.Evaluate[[]AxeViolation](`axe.run(document, {resultTypes: ["violations"]}).then((r) =>
		r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({
			id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + (n.failureSummary || "")),
		})))`, func(p *cdpruntime.EvaluateParams) { t := true; p.AwaitPromise = &t }))
	for _, v := range out {
		b.t.Errorf("axe-core on %s: %s (%s): %s\n  %s", b.Path(), v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
	}
	if csp := b.CSPViolations(); len(csp) > 0 {
		b.t.Errorf("CSP violations on %s: %v", b.Path(), csp)
	}
	if len(out) > 0 {
		b.t.FailNow()
	}
}

// String describes the browser for messages.
func (b *Browser) String() string { return fmt.Sprintf("Chromium at %s", b.Base) }
