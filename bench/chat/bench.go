// Package chatbench (souk bench chat) measures chat fan-out: a souk node (chat service, realtime
// hub, API server) with thousands of WebSocket clients in groups, messages
// sent at a set rate, and the latency from the send call to receipt at
// every member's socket. The peer, measured in the same run with the same
// clients, groups and rates, is a plain gorilla-style broadcast server
// (net/http, one writer goroutine per socket, no database): what fan-out
// costs with nothing persisted, ordered or checked.
//
// A run sweeps offered rates upwards on one set of connections per system
// and stops a system after two rates in a row it does not hold (p99 over
// the limit, or a message not delivered: one miss may be a neighbour's
// burst on a shared machine); the figure that matters is the highest rate
// each system held.
package chatbench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	goruntime "runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fasthttp/websocket"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/bench"
	"github.com/soukhq/souk/bench/machine"
	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/chat/realtime"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/internal/groupcommit"
	"github.com/soukhq/souk/store"
)

// Config is one benchmark run.
type Config struct {
	Clients   int // WebSocket clients, one user each (default 2000)
	GroupSize int // members per group chat (default 100)
	// Rates are the offered rates swept in order, in messages per second,
	// all groups together (default DefaultRates).
	Rates    []int
	Duration time.Duration // sending time per rate (default 5s)
	// Limit is the p99 a system must keep at a rate to hold it (default
	// 100ms).
	Limit time.Duration
	// DatabaseURL is PostgreSQL; empty means SQLite in a temporary directory.
	DatabaseURL string
	// NoBatch makes souk commit each send alone (chat.Options.NoBatch).
	NoBatch bool
	// SkipPeer skips the peer (tests).
	SkipPeer bool
}

// DefaultRates is the sweep from 100 to 1,600 messages per second.
var DefaultRates = []int{100, 200, 300, 400, 600, 800, 1200, 1600}

// Result is what one system did at one rate.
type Result struct {
	Name                string
	Rate                int
	Sent                int
	Expected, Delivered int64
	P50, P99, Max       time.Duration
	PerSecond           float64 // deliveries per second while sending
	// SendP50/SendP99 are the send call alone (for souk: the commit, and
	// the hand-off to the hub); fan-out latency includes it.
	SendP50, SendP99 time.Duration
	ConnectTime      time.Duration
	// MeanBatch is souk's sends per transaction at this rate.
	MeanBatch float64
}

// Holds reports whether the system kept up at its rate: every message
// delivered, p99 within limit.
func (r Result) Holds(limit time.Duration) bool {
	return r.Sent > 0 && r.Delivered == r.Expected && r.P99 <= limit
}

// Report is souk and its peer, one Result per rate measured.
type Report struct {
	Config     Config
	Backend    string
	Souk, Peer []Result
	// Load is /proc/loadavg before and after the run (the machine may be
	// shared; the ratios are what compare).
	LoadBefore, LoadAfter string
}

// Saturation is the highest rate rs held (0: none); all is true when that
// is the last rate of the sweep, so the true figure may be higher.
func Saturation(rs []Result, limit time.Duration, rates []int) (rate int, all bool) {
	for _, r := range rs {
		if r.Holds(limit) && r.Rate > rate {
			rate = r.Rate
		}
	}
	return rate, len(rates) > 0 && rate == rates[len(rates)-1]
}

func (c *Config) defaults() {
	if c.Clients <= 0 {
		c.Clients = 2000
	}
	if c.GroupSize <= 0 {
		c.GroupSize = 100
	}
	c.GroupSize = min(c.GroupSize, c.Clients)
	if len(c.Rates) == 0 {
		c.Rates = DefaultRates
	}
	if c.Duration <= 0 {
		c.Duration = 5 * time.Second
	}
	if c.Limit <= 0 {
		c.Limit = 100 * time.Millisecond
	}
}

// Run runs souk, then the peer, and reports both. Progress goes to logw.
func Run(ctx context.Context, cfg Config, logw io.Writer) (*Report, error) {
	cfg.defaults()
	if err := bench.RaiseFileLimit(cfg.Clients*2 + 512); err != nil {
		return nil, err
	}
	rep := &Report{Config: cfg, LoadBefore: machine.LoadAverage()}
	defer func() { rep.LoadAfter = machine.LoadAverage() }()
	r, backend, err := runSouk(ctx, cfg, logw)
	if err != nil {
		return nil, err
	}
	rep.Souk, rep.Backend = r, backend
	if !cfg.SkipPeer {
		if rep.Peer, err = runPeer(ctx, cfg, logw); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// Summary is the report in the shape every benchmark prints: one row per
// system and rate, and the highest rate each held side by side.
func (r *Report) Summary() *bench.Report {
	c := r.Config
	out := &bench.Report{
		Title: fmt.Sprintf("chat: fan-out, %d clients, groups of %d, %v per rate, %s; a rate holds when every message arrives and p99 <= %v",
			c.Clients, c.GroupSize, c.Duration, r.Backend, c.Limit),
		CPUs: goruntime.NumCPU(), LoadBefore: r.LoadBefore, LoadAfter: r.LoadAfter,
	}
	t := bench.Table{Columns: []string{"system", "msg/s", "sent", "expected", "delivered", "p50", "p99", "max", "deliveries/s", "send p50", "send p99", "batch", "holds"}}
	for _, x := range append(slices.Clone(r.Souk), r.Peer...) {
		batch := "-"
		if x.MeanBatch > 0 {
			batch = fmt.Sprintf("%.1f", x.MeanBatch)
		}
		t.Row(x.Name, x.Rate, x.Sent, x.Expected, x.Delivered, round(x.P50), round(x.P99), round(x.Max), x.PerSecond, round(x.SendP50), round(x.SendP99), batch, x.Holds(c.Limit))
	}
	out.Tables = append(out.Tables, t)
	sr, sall := Saturation(r.Souk, c.Limit, c.Rates)
	line := fmt.Sprintf("highest rate held: souk %s", satText(sr, sall))
	if len(r.Peer) > 0 {
		pr, pall := Saturation(r.Peer, c.Limit, c.Rates)
		line += ", peer " + satText(pr, pall)
		if pr > 0 {
			out.Ratios = append(out.Ratios, bench.Ratio{Name: "highest rate held souk / peer", Value: float64(sr) / float64(pr), Min: 0.5})
		}
	}
	out.Notes = append(out.Notes, line)
	for _, x := range r.Souk {
		if x.Rate == 400 {
			out.Targets = append(out.Targets, bench.Target{Name: "souk p99 at 400 msg/s", Got: round(x.P99).String(), Want: "≤ 100ms, all delivered",
				Met: x.Holds(100 * time.Millisecond)})
		}
	}
	return out
}

// Print writes the summary.
func (r *Report) Print(w io.Writer) { r.Summary().Print(w) }

func satText(rate int, all bool) string {
	switch {
	case rate == 0:
		return "none"
	case all:
		return fmt.Sprintf(">= %d msg/s", rate)
	}
	return fmt.Sprintf("%d msg/s", rate)
}

func round(d time.Duration) time.Duration {
	switch {
	case d > time.Second:
		return d.Round(time.Millisecond)
	case d > time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}

// stamp is embedded in each message text: the send time in Unix ns.
func stamp() string { return "t=" + strconv.FormatInt(time.Now().UnixNano(), 10) }

// recv is one client's reader: it records the latency of every message
// frame carrying a stamp.
type recv struct {
	ws    *websocket.Conn
	mu    sync.Mutex
	lat   []time.Duration // since the last take
	count atomic.Int64    // since the last take
	ready chan struct{}
	once  sync.Once
}

// take returns the latencies recorded since the last take and starts
// counting again.
func (r *recv) take() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.lat
	r.lat = nil
	r.count.Store(0)
	return out
}

func (r *recv) markReady() { r.once.Do(func() { close(r.ready) }) }

type inFrame struct {
	Type    string `json:"type"`
	Message struct {
		Body struct {
			Text string `json:"text"`
		} `json:"body"`
	} `json:"message"`
}

func (r *recv) loop(done *sync.WaitGroup) {
	defer done.Done()
	for {
		_, data, err := r.ws.ReadMessage()
		now := time.Now()
		if err != nil {
			r.markReady()
			return
		}
		var f inFrame
		if json.Unmarshal(data, &f) != nil {
			continue
		}
		switch f.Type {
		case "ready":
			r.markReady()
		case "message":
			if ts, ok := strings.CutPrefix(f.Message.Body.Text, "t="); ok {
				if ns, err := strconv.ParseInt(ts, 10, 64); err == nil {
					r.mu.Lock()
					r.lat = append(r.lat, now.Sub(time.Unix(0, ns)))
					r.mu.Unlock()
					r.count.Add(1)
				}
			}
		}
	}
}

// dialAll dials n sockets (50 at a time); header and query (either may be
// nil) give each its credentials or group. With resume each sends a resume
// frame and waits for ready.
func dialAll(ctx context.Context, url string, n int, header func(i int) http.Header, resume bool, query func(i int) string) ([]*recv, *sync.WaitGroup, error) {
	out := make([]*recv, n)
	done := &sync.WaitGroup{}
	d := websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 4096, WriteBufferSize: 1024}
	sem := make(chan struct{}, 50)
	var firstErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			u, h := url, http.Header(nil)
			if query != nil {
				u += query(i)
			}
			if header != nil {
				h = header(i)
			}
			ws, _, err := d.DialContext(ctx, u, h)
			if err != nil {
				mu.Lock()
				firstErr = cmpErr(firstErr, fmt.Errorf("client %d: %w", i, err))
				mu.Unlock()
				return
			}
			r := &recv{ws: ws, ready: make(chan struct{})}
			out[i] = r
			done.Add(1)
			go r.loop(done)
			if resume {
				_ = ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"resume","cursors":{}}`))
			} else {
				r.markReady()
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		closeAll(out)
		done.Wait()
		return nil, nil, firstErr
	}
	for _, r := range out {
		select {
		case <-r.ready:
		case <-time.After(60 * time.Second):
			closeAll(out)
			return nil, nil, errors.New("a client got no ready frame within 60s")
		}
	}
	return out, done, nil
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func closeAll(rs []*recv) {
	for _, r := range rs {
		if r != nil {
			_ = r.ws.Close()
		}
	}
}

// sweep drives rs at each configured rate in turn and stops after two
// rates in a row the system does not hold. before and after (either may be
// nil) run around each rate.
func sweep(ctx context.Context, cfg Config, name string, groups int, rs []*recv, logw io.Writer, send func(g, m int) error,
	before func(), after func(r *Result)) ([]Result, error) {
	var out []Result
	for _, rate := range cfg.Rates {
		if before != nil {
			before()
		}
		fmt.Fprintf(logw, "%s: %d msg/s for %v\n", name, rate, cfg.Duration)
		r, err := drive(ctx, cfg, rate, groups, rs, send)
		if err != nil {
			return out, err
		}
		r.Name, r.Rate = name, rate
		if after != nil {
			after(&r)
		}
		out = append(out, r)
		if n := len(out); n >= 2 && !out[n-1].Holds(cfg.Limit) && !out[n-2].Holds(cfg.Limit) {
			break
		}
	}
	return out, nil
}

// drive sends rate messages per second for Duration through send(group,
// member), spreading sends over the groups, then waits for delivery.
func drive(ctx context.Context, cfg Config, rate, groups int, rs []*recv, send func(g, m int) error) (Result, error) {
	var res Result
	for _, r := range rs {
		r.take()
	}
	interval := time.Second / time.Duration(rate)
	start := time.Now()
	var wg sync.WaitGroup
	var sendErr atomic.Pointer[error]
	var sendMu sync.Mutex
	var sendLat []time.Duration
	// Sends run concurrently (as many people type at once) on a fixed
	// schedule: each wake-up sends every message due by then, so a busy
	// machine does not quietly lower the offered rate.
	tick := time.NewTicker(min(interval, 5*time.Millisecond))
	defer tick.Stop()
	sent := 0
	var expected int64
	total := int(cfg.Duration.Seconds() * float64(rate))
	for sent < total && ctx.Err() == nil {
		<-tick.C
		due := min(int(time.Since(start).Seconds()*float64(rate)), total)
		for ; sent < due; sent++ {
			g := sent % groups
			m := rand.IntN(groupLen(cfg, g))
			expected += int64(groupLen(cfg, g))
			wg.Add(1)
			go func() {
				defer wg.Done()
				t0 := time.Now()
				err := send(g, m)
				sendMu.Lock()
				sendLat = append(sendLat, time.Since(t0))
				sendMu.Unlock()
				if err != nil {
					sendErr.CompareAndSwap(nil, &err)
				}
			}()
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	if p := sendErr.Load(); p != nil {
		return res, *p
	}
	res.Sent, res.Expected = sent, expected
	slices.Sort(sendLat)
	if len(sendLat) > 0 {
		res.SendP50, res.SendP99 = sendLat[len(sendLat)/2], sendLat[len(sendLat)*99/100]
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && received(rs) < expected {
		time.Sleep(20 * time.Millisecond)
	}
	var all []time.Duration
	for _, r := range rs {
		all = append(all, r.take()...)
	}
	res.Delivered = int64(len(all))
	slices.Sort(all)
	if len(all) > 0 {
		res.P50 = all[len(all)/2]
		res.P99 = all[len(all)*99/100]
		res.Max = all[len(all)-1]
		// Deliveries per second over the sending window plus the time the
		// last delivery took to land, not the idle wait for stragglers.
		res.PerSecond = float64(len(all)) / (elapsed + res.Max).Seconds()
	}
	return res, nil
}

func groupLen(cfg Config, g int) int {
	return min(cfg.GroupSize, cfg.Clients-g*cfg.GroupSize)
}

func received(rs []*recv) int64 {
	var n int64
	for _, r := range rs {
		n += r.count.Load()
	}
	return n
}

func runSouk(ctx context.Context, cfg Config, logw io.Writer) ([]Result, string, error) {
	var res []Result
	log := slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: slog.LevelWarn}))
	opts := store.Options{DatabaseURL: cfg.DatabaseURL}
	backend := "postgres"
	if cfg.DatabaseURL == "" {
		dir, err := os.MkdirTemp("", "souk-bench-chat")
		if err != nil {
			return res, "", err
		}
		defer os.RemoveAll(dir)
		opts.DataDir, backend = dir, "sqlite"
	}
	db, err := store.Open(ctx, opts)
	if err != nil {
		return res, "", err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return res, "", err
	}
	ids := identity.New(db)
	svc := chat.New(db, chat.Options{Log: log, UserRate: chat.RateLimit{Burst: 1 << 20, Per: time.Second},
		GroupMemberCap: max(cfg.GroupSize, 500), NoBatch: cfg.NoBatch})
	defer svc.Close()
	hub := realtime.New(db, svc, log, realtime.Config{SendQueue: 1024})
	defer hub.Close()
	svc.SetPublisher(hub)

	fmt.Fprintf(logw, "souk: creating %d users in groups of %d (%s)\n", cfg.Clients, cfg.GroupSize, backend)
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	users := make([]string, cfg.Clients)
	tokens := make([]string, cfg.Clients)
	for i := range users {
		users[i] = store.NewID("usr")
		// Fixtures: no password (signing in is not what is measured).
		if _, err := db.ExecContext(ctx, `INSERT INTO users (id, email, password_hash, display_name, platform_role, created_at) VALUES ($1, $2, '!', '', '', $3)`,
			users[i], fmt.Sprintf("bench-%s-%d@example.com", run, i), store.Now()); err != nil {
			return res, "", err
		}
		if tokens[i], _, err = ids.CreateAPIToken(ctx, users[i], "bench", []string{identity.ScopeRead}, time.Hour); err != nil {
			return res, "", err
		}
	}
	groups := (cfg.Clients + cfg.GroupSize - 1) / cfg.GroupSize
	convs := make([]string, groups)
	for g := range groups {
		members := users[g*cfg.GroupSize : g*cfg.GroupSize+groupLen(cfg, g)]
		c, err := svc.CreateGroup(ctx, members[0], fmt.Sprintf("bench %d", g), members[1:])
		if err != nil {
			return res, "", err
		}
		convs[g] = c.ID
	}

	srv := api.New(api.Deps{DB: db, Identity: ids, Realtime: hub, Log: log})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, "", err
	}
	go func() { _ = srv.App.Listener(ln) }()
	defer func() { _ = srv.App.ShutdownWithTimeout(5 * time.Second) }()

	fmt.Fprintf(logw, "souk: connecting %d WebSocket clients\n", cfg.Clients)
	t0 := time.Now()
	rs, done, err := dialAll(ctx, "ws://"+ln.Addr().String()+"/api/v1/chat/ws", cfg.Clients, func(i int) http.Header {
		return http.Header{"Authorization": {"Bearer " + tokens[i]}}
	}, true, nil)
	if err != nil {
		return res, "", err
	}
	connect := time.Since(t0)
	fmt.Fprintf(logw, "souk: %d clients ready in %v\n", cfg.Clients, connect.Round(time.Millisecond))
	var last groupcommit.Stats
	res, err = sweep(ctx, cfg, "souk", groups, rs, logw, func(g, m int) error {
		body, _ := json.Marshal(map[string]string{"text": stamp()})
		_, err := svc.UserSend(ctx, users[g*cfg.GroupSize+m], convs[g], "text", body, "")
		return err
	}, func() { last = svc.SendStats() }, func(r *Result) {
		r.ConnectTime = connect
		if st := svc.SendStats(); st.Batches > last.Batches {
			r.MeanBatch = float64(st.Items-last.Items) / float64(st.Batches-last.Batches)
		}
	})
	closeAll(rs)
	done.Wait()
	if err != nil {
		return res, "", err
	}
	if slow := hub.Stats.SlowDropped.Load(); slow > 0 {
		fmt.Fprintf(logw, "souk: %d slow clients were disconnected\n", slow)
	}
	return res, backend, nil
}
