package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/web/webtest"
)

// devWait is how long the test waits for something souk dev does (start,
// rebuild, reload): generous, because the machine may be busy.
const devWait = 90 * time.Second

// devProcess is a running `souk dev`, its terminal kept line by line.
type devProcess struct {
	cmd   *exec.Cmd
	mu    sync.Mutex
	lines []string
	added chan struct{}
}

func startDev(t *testing.T, dir string, args ...string) *devProcess {
	t.Helper()
	p := &devProcess{added: make(chan struct{}, 1)}
	p.cmd = exec.Command(soukBin, append([]string{"dev", dir, "--addr", "127.0.0.1:0", "--poll", "100ms"}, args...)...)
	p.cmd.Env = append(os.Environ(), "SOUK_SANDBOX_WORKERS=2")
	pr, pw := io.Pipe()
	p.cmd.Stdout, p.cmd.Stderr = pw, pw
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			p.mu.Lock()
			p.lines = append(p.lines, sc.Text())
			p.mu.Unlock()
			select {
			case p.added <- struct{}{}:
			default:
			}
		}
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = p.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = p.cmd.Process.Kill()
			<-done
		}
		pw.Close()
		if t.Failed() {
			t.Logf("souk dev's terminal:\n%s", p.output())
		}
	})
	return p
}

func (p *devProcess) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.lines, "\n")
}

// waitLine waits for a terminal line matching re, after the first skip
// lines, and returns its submatches and the number of lines seen.
func (p *devProcess) waitLine(t *testing.T, re *regexp.Regexp, skip int) ([]string, int) {
	t.Helper()
	deadline := time.After(devWait)
	for {
		p.mu.Lock()
		for i := skip; i < len(p.lines); i++ {
			if m := re.FindStringSubmatch(p.lines[i]); m != nil {
				p.mu.Unlock()
				return m, i + 1
			}
		}
		n := len(p.lines)
		p.mu.Unlock()
		select {
		case <-p.added:
		case <-time.After(100 * time.Millisecond):
		case <-deadline:
			t.Fatalf("souk dev printed no line matching %s after line %d (of %d)", re, skip, n)
		}
	}
}

// copyTree copies the example's sources (not node_modules: souk build
// takes @souk/sdk from the binary).
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if e.IsDir() {
			if e.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// waitPage waits until js is true on b's page; while the page reloads
// (no body yet, the context replaced) it counts as false.
func waitPage(t *testing.T, b *webtest.Browser, what, js string) time.Time {
	t.Helper()
	guarded := "(() => { try { return !!(" + js + "); } catch (e) { return false; } })()"
	deadline := time.Now().Add(devWait)
	for {
		if ok, err := chromedp.Run(b.Ctx(), chromedp.Evaluate[bool](guarded)); err == nil && ok {
			return time.Now()
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: waited %s on %s", what, devWait, b.Path())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitTitle waits until the app's view has the title text.
func waitTitle(t *testing.T, b *webtest.Browser, text string) {
	t.Helper()
	waitPage(t, b, "the title "+text, fmt.Sprintf(`document.querySelector("#app-view .title")?.innerText === %q`, text))
}

// souk dev on a copy of examples/shop, in Chromium: the printed link signs
// the seeded shopper in on the shop's home page (products with images, a
// friend in the chats); the shopper buys green
// tea with the seeded wallet and PIN; then a source edit shows up in the
// open page with no reload by the test, a build error shows in the page
// and in the terminal at its TypeScript line, and fixing it reloads again.
// Every event printed a receipt line.
func TestSoukDevLiveReloadInChromium(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shop")
	copyTree(t, filepath.Join("..", "..", "examples", "shop"), dir)
	p := startDev(t, dir)
	m, seen := p.waitLine(t, regexp.MustCompile(`^souk dev: open (http://127\.0\.0\.1:\d+)(/_dev/signin\?key=[0-9a-f]+)$`), 0)
	base, signIn := m[1], m[2]
	pin, _ := p.waitLine(t, regexp.MustCompile(`payment PIN (\d{6}), wallet 500\.00 USD`), 0)

	// Only the printed key signs in.
	if r, err := http.Get(base + "/_dev/signin?key=00"); err != nil || r.StatusCode != http.StatusForbidden {
		t.Fatalf("a wrong sign-in key: %v %v", r, err)
	}

	b := webtest.New(t, base)
	b.Open(signIn)
	parts := strings.Split(b.Path(), "/") // /a/{installation}/home
	if len(parts) != 4 || parts[1] != "a" || parts[3] != "home" {
		t.Fatalf("the sign-in link led to %s, not the app's home page", b.Path())
	}
	ins := parts[2]
	waitTitle(t, b, "Shop")
	b.Axe()
	waitPage(t, b, "the products' images", `document.querySelectorAll("#app-view img").length === 3 && Array.from(document.querySelectorAll("#app-view img")).every((i) => i.complete && i.naturalWidth === 160)`)

	// The seeded world: buy green tea with the seeded wallet and PIN.
	b.ClickContaining("button", "Green tea")
	b.FindContaining("button", "Add to cart")
	b.Click("button", "Add to cart")
	waitPage(t, b, "the cart's confirmation", `document.body.innerText.includes("to your cart.")`)
	b.Click("button", "Cart")
	b.ClickUntil("button", "Check out", "Pay 4.55 USD")
	b.ClickContaining("button", "Pay 4.55 USD")
	b.Find("dialog", "Pay Dev Tea House")
	if sheet := b.Text("dialog", "Pay Dev Tea House"); !strings.Contains(sheet, "500.00 USD") {
		t.Fatalf("the payment sheet does not show the seeded wallet: %q", sheet)
	}
	b.Fill("Payment PIN", pin[1])
	b.Click("button", "Pay now")
	waitPage(t, b, "the paid order", `Array.from(document.querySelectorAll("[role=status]")).some((e) => e.innerText.includes("Paid"))`)
	b.Open("/wallet")
	if shown := webtest.Eval[string](b, `document.querySelector('[data-testid="available-USD"]').innerText`); !strings.Contains(shown, "495.45") {
		t.Fatalf("the wallet after paying 4.55 of 500.00 shows %q", shown)
	}

	b.Open("/chats")
	b.FindContaining("link", "Dev Friend")

	// Live reload: mark the open document, edit the source, and wait for a
	// new document showing the change.
	b.Open("/a/" + ins + "/home")
	waitTitle(t, b, "Shop")
	webtest.Eval[bool](b, `(window.__beforeEdit = true)`)
	views := filepath.Join(dir, "src", "views.ts")
	src, err := os.ReadFile(views)
	if err != nil {
		t.Fatal(err)
	}
	const title = `ui.text("Shop", { style: "title" })`
	if !strings.Contains(string(src), title) {
		t.Fatalf("%s no longer has %s", views, title)
	}
	edited := strings.Replace(string(src), title, `ui.text("Shop, edited live", { style: "title" })`, 1)
	saved := time.Now()
	if err := os.WriteFile(views, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	shown := waitPage(t, b, "the edited title", `document.body.innerText.includes("Shop, edited live") && !window.__beforeEdit`)
	// A new document: the test never reloaded the page itself.
	t.Logf("the browser showed the edit %s after the save", shown.Sub(saved).Round(time.Millisecond))
	_, seen = p.waitLine(t, regexp.MustCompile(`^rebuilt and swapped in \S+-dev\.\d+ in \d+ms; reload sent to [1-9]\d* open stream`), seen)
	waitTitle(t, b, "Shop, edited live")
	if v := b.CSPViolations(); len(v) > 0 {
		t.Fatalf("CSP violations: %v", v)
	}

	// A build error: in the terminal at its line, and on the page.
	broken := strings.Replace(edited, `ui.text("Shop, edited live"`, `ui.text("Shop, edited live" +`, 1)
	if err := os.WriteFile(views, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	_, seen = p.waitLine(t, regexp.MustCompile(`src/views\.ts:\d+:\d+: `), seen)
	waitPage(t, b, "the build error on the page", `Array.from(document.querySelectorAll("[role=alert]")).some((e) => e.innerText.includes("src/views.ts:"))`)
	if err := os.WriteFile(views, src, 0o644); err != nil {
		t.Fatal(err)
	}
	waitPage(t, b, "the fixed build", `!document.body.innerText.includes("edited live") && !document.getElementById("souk-dev-error")`)
	waitTitle(t, b, "Shop")

	// Every event printed a receipt line with its figures.
	p.waitLine(t, regexp.MustCompile(`^render ok \S+ · wall [\d.]+ms \(run [\d.]+ms of 3000ms\) · cpu [\d.]+ms · mem [\d.]+ of \d+ MiB · host calls \d+ of 60 · rcp_`), 0)
	p.waitLine(t, regexp.MustCompile(`^action ok `), 0)
}

// A project that does not build is reported at its TypeScript line and
// waited for; once fixed, souk dev starts.
func TestSoukDevWaitsForAFirstBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shop")
	copyTree(t, filepath.Join("..", "..", "examples", "shop"), dir)
	index := filepath.Join(dir, "src", "index.ts")
	src, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(index, append(append([]byte{}, src...), "\nconst broken: number = ;\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	p := startDev(t, dir)
	_, seen := p.waitLine(t, regexp.MustCompile(`^\s*src/index\.ts:\d+:\d+: `), 0)
	if err := os.WriteFile(index, src, 0o644); err != nil {
		t.Fatal(err)
	}
	m, _ := p.waitLine(t, regexp.MustCompile(`^souk dev: open (http://127\.0\.0\.1:\d+)/_dev/signin\?key=`), seen)
	r, err := http.Get(m[1] + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusOK {
		t.Fatalf("readyz: %d", r.StatusCode)
	}
}

// The routes souk dev adds are not in a production server.
func TestSoukServeHasNoDevRoutes(t *testing.T) {
	s := startServe(t, []string{"SOUK_SANDBOX_WORKERS=1"}, "--data-dir", t.TempDir())
	for _, path := range []string{devSignInPath + "?key=x", devEventsPath, devScriptPath} {
		r, err := http.Get("http://" + s.addr + path)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != http.StatusNotFound || strings.Contains(string(raw), "EventSource") {
			t.Fatalf("souk serve answers %s: %d", path, r.StatusCode)
		}
	}
}

func TestReceiptLineWarnsPastEightyPercent(t *testing.T) {
	lim := &runtime.ReceiptLimits{TimeoutMs: 1000, MemoryMB: 64, HostCalls: 60}
	for _, c := range []struct {
		name string
		r    runtime.Receipt
		want []string
	}{
		{"quiet", runtime.Receipt{Event: "render", Outcome: "ok", WallMicros: 100_000, CPUMicros: 50_000, MemoryBytes: 1 << 20, HostCalls: 3, Limits: lim}, nil},
		{"at 80 % exactly", runtime.Receipt{Event: "render", Outcome: "ok", WallMicros: 800_000, HostCalls: 48, Limits: lim}, nil},
		{"host calls", runtime.Receipt{Event: "action", Outcome: "ok", HostCalls: 49, Limits: lim}, []string{"host calls 49.0 is 82 % of the limit 60"}},
		{"run time less queue and compile", runtime.Receipt{Event: "render", Outcome: "ok", WallMicros: 1_500_000, QueueMicros: 400_000, CompileMicros: 200_000, Limits: lim},
			[]string{"run time 900.0ms is 90 % of the limit 1000ms"}},
		{"memory and cpu", runtime.Receipt{Event: "render", Outcome: "memory_limit", CPUMicros: 950_000, MemoryBytes: 60 << 20, Limits: lim},
			[]string{"cpu 950.0ms is 95 % of the limit 1000ms", "memory 60.0 MiB is 94 % of the limit 64 MiB"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			line, warn := receiptLine(&c.r)
			if !strings.HasPrefix(line, c.r.Event+" "+c.r.Outcome) || !strings.Contains(line, "host calls") {
				t.Fatalf("line %q", line)
			}
			if fmt.Sprint(warn) != fmt.Sprint(c.want) {
				t.Fatalf("warnings %q, want %q", warn, c.want)
			}
		})
	}
}
