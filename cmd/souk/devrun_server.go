package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/subtle"
	_ "embed" // devassets/reload.js
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/soukhq/souk/host"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/web/site"
	"github.com/soukhq/souk/webhooks"
)

// The routes only souk dev serves, in front of the node's own: they are
// not part of the API or the web faces, so no production server has them.
const (
	devSignInPath = "/_dev/signin"
	devEventsPath = "/_dev/events"
	devScriptPath = "/_dev/reload.js"
)

// devReloadScript listens to devEventsPath: it reloads the page when a new
// build is swapped in and shows a build error at the top of the page. It
// is a file from this origin, so the pages' strict CSP allows it.
//
//go:embed devassets/reload.js
var devReloadScript []byte

var devScriptTag = []byte(`<script src="` + devScriptPath + `" defer></script>`)

// devServer serves souk dev's routes and adds the reload script to the
// node's HTML pages.
type devServer struct {
	h     *host.Host
	world *devWorld
	key   string // the sign-in link's secret, new every run

	mu      sync.Mutex
	version string // the development version running now
	subs    map[chan devEvent]bool
	done    chan struct{}
}

type devEvent struct{ name, data string }

func newDevServer(h *host.Host, w *devWorld, version string) *devServer {
	return &devServer{h: h, world: w, key: devSecret(16), version: version, subs: map[chan devEvent]bool{}, done: make(chan struct{})}
}

// swapped records the version now running and tells every open page to
// reload; it returns how many streams were told.
func (d *devServer) swapped(version string) int {
	d.mu.Lock()
	d.version = version
	d.mu.Unlock()
	return d.broadcast("reload", version)
}

func (d *devServer) signInPath() string { return devSignInPath + "?key=" + d.key }

func (d *devServer) handle(next fasthttp.RequestHandler) fasthttp.RequestHandler {
	return func(ctx *fasthttp.RequestCtx) {
		switch string(ctx.Path()) {
		case devSignInPath:
			d.signIn(ctx)
			return
		case devEventsPath:
			d.events(ctx)
			return
		case devScriptPath:
			ctx.SetContentType("text/javascript; charset=utf-8")
			ctx.Response.Header.Set("Cache-Control", "no-store")
			ctx.SetBody(devReloadScript)
			return
		}
		next(ctx)
		injectReloadScript(&ctx.Response)
	}
}

// injectReloadScript adds the reload script to a whole HTML page.
func injectReloadScript(r *fasthttp.Response) {
	if r.IsBodyStream() || len(r.Header.ContentEncoding()) > 0 || !bytes.HasPrefix(r.Header.ContentType(), []byte("text/html")) {
		return
	}
	body := r.Body()
	i := bytes.Index(body, []byte("</head>"))
	if i < 0 {
		return // a fragment that htmx swaps into a page
	}
	out := make([]byte, 0, len(body)+len(devScriptTag))
	out = append(append(append(out, body[:i]...), devScriptTag...), body[i:]...)
	r.SetBody(out)
}

// signIn signs the browser in as the seeded shopper and opens the shell on
// the app. It answers only requests from this machine that carry this
// run's key.
func (d *devServer) signIn(ctx *fasthttp.RequestCtx) {
	key := ctx.QueryArgs().Peek("key")
	if !ctx.RemoteIP().IsLoopback() || subtle.ConstantTimeCompare(key, []byte(d.key)) != 1 {
		ctx.Error("this sign-in link works only from this machine, with the key souk dev printed", fasthttp.StatusForbidden)
		return
	}
	s, _, err := d.h.Identity.Login(ctx, d.world.ShopperEmail, d.world.Password)
	if err != nil {
		ctx.Error("sign-in failed: "+err.Error(), fasthttp.StatusInternalServerError)
		return
	}
	c := fasthttp.AcquireCookie()
	defer fasthttp.ReleaseCookie(c)
	c.SetKey(site.SessionCookie)
	c.SetValue(s.Token)
	c.SetPath("/")
	c.SetExpire(s.ExpiresAt)
	c.SetHTTPOnly(true)
	c.SetSameSite(fasthttp.CookieSameSiteLaxMode)
	ctx.Response.Header.SetCookie(c)
	ctx.Response.Header.Set("Cache-Control", "no-store")
	ctx.Redirect("/a/"+d.world.InstallationID+"/home", fasthttp.StatusSeeOther)
}

// events is the server-sent event stream the reload script listens to.
func (d *devServer) events(ctx *fasthttp.RequestCtx) {
	if !ctx.RemoteIP().IsLoopback() {
		ctx.Error("souk dev answers this machine only", fasthttp.StatusForbidden)
		return
	}
	ch := make(chan devEvent, 4)
	d.mu.Lock()
	d.subs[ch] = true
	version := d.version
	d.mu.Unlock()
	ctx.SetContentType("text/event-stream")
	ctx.Response.Header.Set("Cache-Control", "no-store")
	ctx.SetBodyStreamWriter(func(w *bufio.Writer) {
		defer func() {
			d.mu.Lock()
			delete(d.subs, ch)
			d.mu.Unlock()
		}()
		tick := time.NewTicker(15 * time.Second)
		defer tick.Stop()
		// Every (re)connection says which version runs: a page that
		// missed a reload while reconnecting sees it changed.
		fmt.Fprintf(w, "retry: 500\nevent: hello\ndata: %s\n\n", version)
		for {
			if err := w.Flush(); err != nil {
				return
			}
			select {
			case <-d.done:
				return
			case <-tick.C:
				fmt.Fprint(w, ": ping\n\n")
			case ev := <-ch:
				fmt.Fprintf(w, "event: %s\n", ev.name)
				for _, line := range strings.Split(ev.data, "\n") {
					fmt.Fprintf(w, "data: %s\n", line)
				}
				fmt.Fprint(w, "\n")
			}
		}
	})
}

// broadcast sends an event to every open page and returns how many.
func (d *devServer) broadcast(name, data string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	for ch := range d.subs {
		select {
		case ch <- devEvent{name, data}:
		default: // a page that does not read misses this one
		}
	}
	return len(d.subs)
}

func (d *devServer) closeStreams() { close(d.done) }

// watchDir reports on the returned channel when a file under dir changes
// (by size or modification time, polled every poll), is added or removed.
// node_modules and dot-directories are not watched.
func watchDir(ctx context.Context, dir string, poll time.Duration) <-chan struct{} {
	out := make(chan struct{}, 1)
	go func() {
		last := snapshot(dir)
		tick := time.NewTicker(poll)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			now := snapshot(dir)
			if !sameSnapshot(last, now) {
				last = now
				select {
				case out <- struct{}{}:
				default: // a rebuild is already due
				}
			}
		}
	}()
	return out
}

type fileStamp struct {
	size int64
	mod  time.Time
}

func snapshot(dir string) map[string]fileStamp {
	m := map[string]fileStamp{}
	_ = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if e.IsDir() {
			if n := e.Name(); p != dir && (n == "node_modules" || strings.HasPrefix(n, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() {
			m[p] = fileStamp{info.Size(), info.ModTime()}
		}
		return nil
	})
	return m
}

func sameSnapshot(a, b map[string]fileStamp) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// devTerminal prints souk dev's lines; receipts arrive from the engine's
// goroutines.
type devTerminal struct {
	mu sync.Mutex
	w  io.Writer
}

func (t *devTerminal) printf(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.w, format+"\n", args...)
}

// warnShare is the share of a limit past which a receipt warns.
const warnShare = 0.8

// receipt prints one line per event and a warning line per figure past
// 80 % of its limit.
func (t *devTerminal) receipt(r *runtime.Receipt) {
	line, warnings := receiptLine(r)
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintln(t.w, line)
	for _, w := range warnings {
		fmt.Fprintln(t.w, "  warning:", w)
	}
	if r.Error != nil {
		fmt.Fprintf(t.w, "  error: %s\n", r.Error.Message)
		if r.Error.Stack != "" {
			fmt.Fprintf(t.w, "  %s\n", strings.ReplaceAll(strings.TrimSpace(r.Error.Stack), "\n", "\n  "))
		}
	}
}

// receiptLine is a receipt as one terminal line, and a warning for every
// figure over warnShare of its limit. Running time is the wall time less
// waiting for a worker and compiling, which the timeout does not count.
func receiptLine(r *runtime.Receipt) (string, []string) {
	ms := func(us int64) string { return fmt.Sprintf("%.1fms", float64(us)/1000) }
	running := max(0, r.WallMicros-r.QueueMicros-r.CompileMicros)
	mib := float64(r.MemoryBytes) / (1 << 20)
	line := fmt.Sprintf("%s %s %s · wall %s · cpu %s · mem %.1f MiB · host calls %d",
		r.Event, r.Outcome, r.Version, ms(r.WallMicros), ms(r.CPUMicros), mib, r.HostCalls)
	var warn []string
	if l := r.Limits; l != nil {
		line = fmt.Sprintf("%s %s %s · wall %s (run %s of %dms) · cpu %s · mem %.1f of %d MiB · host calls %d of %d",
			r.Event, r.Outcome, r.Version, ms(r.WallMicros), ms(running), l.TimeoutMs, ms(r.CPUMicros), mib, l.MemoryMB, r.HostCalls, l.HostCalls)
		check := func(what string, v, limit float64, unit string) {
			if limit > 0 && v > warnShare*limit {
				warn = append(warn, fmt.Sprintf("%s %.1f%s is %.0f %% of the limit %.0f%s", what, v, unit, 100*v/limit, limit, unit))
			}
		}
		check("run time", float64(running)/1000, float64(l.TimeoutMs), "ms")
		check("cpu", float64(r.CPUMicros)/1000, float64(l.TimeoutMs), "ms")
		check("memory", mib, float64(l.MemoryMB), " MiB")
		check("host calls", float64(r.HostCalls), float64(l.HostCalls), "")
	}
	return line + " · " + r.ID, warn
}

// webhookAttempt prints one line per webhook attempt: event type,
// delivery id, attempt, and the receiver's status or the error.
func (t *devTerminal) webhookAttempt(r webhooks.AttemptReport) {
	attempt := fmt.Sprintf("attempt %d", r.Try)
	if r.Kind == "replay" {
		attempt = "replay"
	}
	result := fmt.Sprintf("status %d", r.StatusCode)
	if r.StatusCode == 0 {
		result = "no response: " + r.Error
	}
	next := ""
	switch r.State {
	case "pending":
		next = " · retry scheduled"
	case "failed":
		next = " · gave up"
	}
	t.printf("webhook %s %s %s → %s (%dms)%s", r.EventType, r.DeliveryID, attempt, result, r.Duration.Milliseconds(), next)
}
