// Package bench measures chat fan-out: a souk node (chat service, realtime
// hub, API server) with thousands of WebSocket clients in groups, messages
// sent at a set rate, and the latency from the send call to receipt at
// every member's socket. The peer, measured in the same run with the same
// clients, groups and rate, is a plain gorilla-style broadcast server
// (net/http, one writer goroutine per socket, no database): what fan-out
// costs with nothing persisted, ordered or checked.
package bench

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
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fasthttp/websocket"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/chat/realtime"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
)

// Config is one benchmark run.
type Config struct {
	Clients   int           // WebSocket clients, one user each (default 2000)
	GroupSize int           // members per group chat (default 100)
	Rate      int           // messages sent per second, all groups together (default 200)
	Duration  time.Duration // sending time (default 10s)
	// DatabaseURL is PostgreSQL; empty means SQLite in a temporary directory.
	DatabaseURL string
	// SkipPeer skips the peer (tests).
	SkipPeer bool
}

// Result is what one system did.
type Result struct {
	Name                string
	Sent                int
	Expected, Delivered int64
	P50, P99, Max       time.Duration
	PerSecond           float64 // deliveries per second while sending
	// SendP50/SendP99 are the send call alone (for souk: the commit, and
	// the hand-off to the hub); fan-out latency includes it.
	SendP50, SendP99 time.Duration
	ConnectTime      time.Duration

	window time.Duration
}

// Report is souk and its peer.
type Report struct {
	Config     Config
	Backend    string
	Souk, Peer Result
}

func (c *Config) defaults() {
	if c.Clients <= 0 {
		c.Clients = 2000
	}
	if c.GroupSize <= 0 {
		c.GroupSize = 100
	}
	c.GroupSize = min(c.GroupSize, c.Clients)
	if c.Rate <= 0 {
		c.Rate = 200
	}
	if c.Duration <= 0 {
		c.Duration = 10 * time.Second
	}
}

// Run runs souk, then the peer, and reports both. Progress goes to logw.
func Run(ctx context.Context, cfg Config, logw io.Writer) (*Report, error) {
	cfg.defaults()
	if err := raiseFileLimit(cfg.Clients*2 + 512); err != nil {
		return nil, err
	}
	rep := &Report{Config: cfg}
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

// Print writes the report as a table with the ratios.
func (r *Report) Print(w io.Writer) {
	c := r.Config
	fmt.Fprintf(w, "chat fan-out: %d clients, groups of %d, %d msg/s for %v (%d deliveries/s offered), %s\n",
		c.Clients, c.GroupSize, c.Rate, c.Duration, c.Rate*c.GroupSize, r.Backend)
	fmt.Fprintf(w, "%-6s %8s %12s %12s %10s %10s %10s %14s %10s %10s %10s\n", "system", "sent", "expected", "delivered", "p50", "p99", "max", "deliveries/s", "connect", "send p50", "send p99")
	for _, x := range []Result{r.Souk, r.Peer} {
		if x.Name == "" {
			continue
		}
		fmt.Fprintf(w, "%-6s %8d %12d %12d %10s %10s %10s %14.0f %10s %10s %10s\n", x.Name, x.Sent, x.Expected, x.Delivered,
			round(x.P50), round(x.P99), round(x.Max), x.PerSecond, round(x.ConnectTime), round(x.SendP50), round(x.SendP99))
	}
	if r.Peer.Name != "" && r.Peer.P50 > 0 && r.Peer.PerSecond > 0 {
		fmt.Fprintf(w, "souk/peer: p50 %.2fx, p99 %.2fx, deliveries/s %.2fx\n",
			float64(r.Souk.P50)/float64(r.Peer.P50), float64(r.Souk.P99)/float64(max(r.Peer.P99, 1)), r.Souk.PerSecond/r.Peer.PerSecond)
	}
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

// raiseFileLimit lifts RLIMIT_NOFILE to at least n (up to the hard limit):
// every client holds two descriptors, its own and the server's.
func raiseFileLimit(n int) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return err
	}
	if lim.Cur >= uint64(n) {
		return nil
	}
	lim.Cur = min(max(uint64(n), lim.Cur), lim.Max)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return fmt.Errorf("raise the open-file limit to %d: %w", n, err)
	}
	if lim.Cur < uint64(n) {
		return fmt.Errorf("the open-file hard limit %d is below the %d this run needs (ulimit -Hn)", lim.Max, n)
	}
	return nil
}

// stamp is embedded in each message text: the send time in Unix ns.
func stamp() string { return "t=" + strconv.FormatInt(time.Now().UnixNano(), 10) }

// recv is one client's reader: it records the latency of every message
// frame carrying a stamp.
type recv struct {
	ws    *websocket.Conn
	lat   []time.Duration
	count atomic.Int64
	ready chan struct{}
	once  sync.Once
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
					r.lat = append(r.lat, now.Sub(time.Unix(0, ns)))
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

// drive sends Rate messages per second for Duration through send(group,
// member), spreading sends over the groups, then waits for delivery.
func drive(ctx context.Context, cfg Config, groups int, rs []*recv, send func(g, m int) error) (Result, error) {
	var res Result
	interval := time.Second / time.Duration(cfg.Rate)
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
	total := int(cfg.Duration.Seconds() * float64(cfg.Rate))
	for sent < total && ctx.Err() == nil {
		<-tick.C
		due := min(int(time.Since(start).Seconds()*float64(cfg.Rate)), total)
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
	res.Delivered = received(rs)
	res.window = elapsed
	return res, nil
}

// finish computes the latency figures once every reader has stopped.
func (res *Result) finish(rs []*recv) {
	var all []time.Duration
	for _, r := range rs {
		all = append(all, r.lat...)
	}
	slices.Sort(all)
	if len(all) > 0 {
		res.P50 = all[len(all)/2]
		res.P99 = all[len(all)*99/100]
		res.Max = all[len(all)-1]
		// Deliveries per second over the sending window plus the time the
		// last delivery took to land, not the idle wait for stragglers.
		res.PerSecond = float64(len(all)) / (res.window + res.Max).Seconds()
	}
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

func runSouk(ctx context.Context, cfg Config, logw io.Writer) (Result, string, error) {
	res := Result{Name: "souk"}
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
		GroupMemberCap: max(cfg.GroupSize, 500)})
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
	fmt.Fprintf(logw, "souk: %d clients ready in %v; sending %d msg/s for %v\n", cfg.Clients, connect.Round(time.Millisecond), cfg.Rate, cfg.Duration)
	r, err := drive(ctx, cfg, groups, rs, func(g, m int) error {
		body, _ := json.Marshal(map[string]string{"text": stamp()})
		_, err := svc.UserSend(ctx, users[g*cfg.GroupSize+m], convs[g], "text", body, "")
		return err
	})
	closeAll(rs)
	done.Wait()
	if err != nil {
		return res, "", err
	}
	r.finish(rs)
	r.Name, r.ConnectTime = res.Name, connect
	if slow := hub.Stats.SlowDropped.Load(); slow > 0 {
		fmt.Fprintf(logw, "souk: %d slow clients were disconnected\n", slow)
	}
	return r, backend, nil
}
