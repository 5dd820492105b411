// Package livebench (souk bench live) measures a live room on one node:
// thousands of viewers watching one room over the chat WebSocket, viewers'
// messages at a set rate and likes at a set rate (likes aggregated: the
// room flushes one like-count update per period, never one frame per
// like), the latency from the send call to receipt at every viewer's
// socket, and then a flash sale — many concurrent one-tap buys of a pinned
// SKU with little stock — counting what sold (it must be exactly the
// stock) and how long a buy took.
package livebench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	goruntime "runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fasthttp/websocket"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/bench"
	"github.com/soukhq/souk/bench/machine"
	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/chat/realtime"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Config is one run.
type Config struct {
	Viewers   int           // WebSocket viewers in the room (default 5000)
	MsgRate   int           // viewers' messages per second (default 5)
	LikeRate  int           // likes per second (default 200)
	LikeEvery time.Duration // like-count flush period (default 1s, as the host)
	Duration  time.Duration // how long messages and likes run (default 10s)
	Limit     time.Duration // the fan-out p99 to keep (default 250ms)
	Buys      int           // concurrent one-tap buys (default 500)
	Stock     int64         // the pinned SKU's stock (default 100)
	// DatabaseURL is PostgreSQL; empty means SQLite in a temporary directory.
	DatabaseURL string
}

func (c *Config) defaults() {
	def := func(p *int, v int) {
		if *p <= 0 {
			*p = v
		}
	}
	def(&c.Viewers, 5000)
	def(&c.MsgRate, 5)
	def(&c.LikeRate, 200)
	def(&c.Buys, 500)
	if c.Stock <= 0 {
		c.Stock = 100
	}
	if c.LikeEvery <= 0 {
		c.LikeEvery = time.Second
	}
	if c.Duration <= 0 {
		c.Duration = 10 * time.Second
	}
	if c.Limit <= 0 {
		c.Limit = 250 * time.Millisecond
	}
}

// Report is what one run measured.
type Report struct {
	Config                Config
	Backend               string
	ConnectTime           time.Duration
	Sent                  int
	Expected, Delivered   int64
	P50, P99, Max         time.Duration
	Likes, LikesCounted   int64 // likes sent; the room's count after the last flush
	StatsFrames           int64 // like-count frames received, all viewers
	StatsPerViewer        float64
	Sold, Refused         int
	BuyP50, BuyP99        time.Duration
	BuyTime               time.Duration
	OnHand, Reserved      int64
	SlowDropped           int64
	LoadBefore, LoadAfter string
}

// Holds is whether fan-out kept up: every message delivered, p99 within
// the limit.
func (r *Report) Holds() bool {
	return r.Sent > 0 && r.Delivered == r.Expected && r.P99 <= r.Config.Limit
}

// Summary is the report in the shape every benchmark prints.
func (r *Report) Summary() *bench.Report {
	c := r.Config
	out := &bench.Report{
		Title: fmt.Sprintf("live: one room, %d viewers, %d msg/s and %d likes/s for %v (likes flushed every %v), then %d concurrent buys of %d in stock, %s",
			c.Viewers, c.MsgRate, c.LikeRate, c.Duration, c.LikeEvery, c.Buys, c.Stock, r.Backend),
		CPUs: goruntime.NumCPU(), LoadBefore: r.LoadBefore, LoadAfter: r.LoadAfter,
	}
	t := bench.Table{Title: "fan-out (send call → every viewer's socket)",
		Columns: []string{"connect", "sent", "expected", "delivered", "p50", "p99", "max", "likes sent", "likes counted", "like frames/viewer", "slow dropped"}}
	t.Row(r.ConnectTime, r.Sent, r.Expected, r.Delivered, r.P50, r.P99, r.Max, r.Likes, r.LikesCounted, fmt.Sprintf("%.1f", r.StatsPerViewer), r.SlowDropped)
	b := bench.Table{Title: "flash sale (one-tap buys of one pinned SKU)",
		Columns: []string{"buys", "stock", "sold", "out of stock", "buy p50", "buy p99", "all buys", "on hand", "reserved"}}
	b.Row(c.Buys, c.Stock, r.Sold, r.Refused, r.BuyP50, r.BuyP99, r.BuyTime, r.OnHand, r.Reserved)
	out.Tables = append(out.Tables, t, b)
	out.Targets = append(out.Targets,
		bench.Target{Name: "fan-out p99, every message delivered", Got: bench.Round(r.P99).String(), Want: "≤ " + c.Limit.String(), Met: r.Holds()},
		bench.Target{Name: "buys sold", Got: strconv.Itoa(r.Sold), Want: "exactly " + strconv.FormatInt(min(c.Stock, int64(c.Buys)), 10),
			Met: int64(r.Sold) == min(c.Stock, int64(c.Buys)) && r.Reserved == int64(r.Sold)},
		bench.Target{Name: "likes counted", Got: strconv.FormatInt(r.LikesCounted, 10), Want: "all " + strconv.FormatInt(r.Likes, 10),
			Met: r.LikesCounted == r.Likes})
	return out
}

// Print writes the summary.
func (r *Report) Print(w io.Writer) { r.Summary().Print(w) }

// viewer is one socket's reader.
type viewer struct {
	ws    *websocket.Conn
	mu    sync.Mutex
	lat   []time.Duration
	count atomic.Int64
	stats atomic.Int64
	ready chan struct{}
	once  sync.Once
}

// The viewers run in the same process as the node and share its CPUs, so
// they read frames cheaply: the type and the stamp are found by search,
// not by decoding the JSON.
var (
	typeMessage = []byte(`"type":"live_message"`)
	typeStats   = []byte(`"type":"live_stats"`)
	typeReady   = []byte(`"type":"ready"`)
	stampMark   = []byte(`"text":"t=`)
)

func (v *viewer) loop(done *sync.WaitGroup) {
	defer done.Done()
	for {
		_, data, err := v.ws.ReadMessage()
		now := time.Now()
		if err != nil {
			v.once.Do(func() { close(v.ready) })
			return
		}
		switch {
		case bytes.Contains(data, typeMessage):
			i := bytes.Index(data, stampMark)
			if i < 0 {
				continue
			}
			rest := data[i+len(stampMark):]
			j := bytes.IndexByte(rest, '"')
			if j < 0 {
				continue
			}
			if ns, err := strconv.ParseInt(string(rest[:j]), 10, 64); err == nil {
				v.mu.Lock()
				v.lat = append(v.lat, now.Sub(time.Unix(0, ns)))
				v.mu.Unlock()
				v.count.Add(1)
			}
		case bytes.Contains(data, typeStats):
			v.stats.Add(1)
		case bytes.Contains(data, typeReady):
			v.once.Do(func() { close(v.ready) })
		}
	}
}

// Run sets up a node in this process, runs the room, then the flash sale.
func Run(ctx context.Context, cfg Config, logw io.Writer) (*Report, error) {
	cfg.defaults()
	if err := bench.RaiseFileLimit(cfg.Viewers*2 + 512); err != nil {
		return nil, err
	}
	rep := &Report{Config: cfg, LoadBefore: machine.LoadAverage()}
	defer func() { rep.LoadAfter = machine.LoadAverage() }()
	log := slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: slog.LevelWarn}))
	opts := store.Options{DatabaseURL: cfg.DatabaseURL}
	rep.Backend = "postgres"
	if cfg.DatabaseURL == "" {
		dir, err := os.MkdirTemp("", "souk-bench-live")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		opts.DataDir, rep.Backend = dir, "sqlite"
	}
	db, err := store.Open(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	ids := identity.New(db)
	l := ledger.New(db, ledger.Options{})
	defer l.Close()
	pay := payments.New(db, l, payments.Options{Funding: payments.NewSimBank()})
	q := jobs.New(db, log)
	blobDir, err := os.MkdirTemp("", "souk-bench-live-blobs")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(blobDir)
	blobs, err := blob.OpenLocal(blob.Config{Dir: blobDir, MaxObjectSize: 1 << 20})
	if err != nil {
		return nil, err
	}
	defer blobs.Close()
	shop := commerce.New(db, pay, q, blobs, commerce.Options{Log: log})
	svc := chat.New(db, chat.Options{Log: log})
	defer svc.Close()
	hub := realtime.New(db, svc, log, realtime.Config{SendQueue: 1024})
	defer hub.Close()
	svc.SetPublisher(hub)
	shop.SetLiveBroadcaster(hub)
	hub.SetRoomCheck(shop.CanWatchLive)

	fmt.Fprintf(logw, "souk: creating %d viewers (%s)\n", cfg.Viewers, rep.Backend)
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	users := make([]string, cfg.Viewers)
	tokens := make([]string, cfg.Viewers)
	for i := range users {
		users[i] = store.NewID("usr")
		// Fixtures: no password (signing in is not what is measured).
		if _, err := db.ExecContext(ctx, `INSERT INTO users (id, email, password_hash, display_name, platform_role, created_at) VALUES ($1, $2, '!', '', '', $3)`,
			users[i], fmt.Sprintf("bench-live-%s-%d@example.com", run, i), store.Now()); err != nil {
			return nil, err
		}
		if tokens[i], _, err = ids.CreateAPIToken(ctx, users[i], "bench", []string{identity.ScopeRead}, time.Hour); err != nil {
			return nil, err
		}
	}
	brand, err := ids.CreateOrg(ctx, users[0], identity.OrgBrand, "Live bench")
	if err != nil {
		return nil, err
	}
	host := commerce.Actor{Kind: commerce.ActorBrand, ID: users[0], Brand: brand.ID}
	p, err := shop.CreateProduct(ctx, brand.ID, commerce.ProductInput{Title: "Flash tee", Description: "Cotton", Currency: "USD"})
	if err != nil {
		return nil, err
	}
	sku, err := shop.AddSKU(ctx, brand.ID, p.ID, commerce.SKUInput{Options: map[string]string{"size": "M"}, Price: money.Amount(2000), OnHand: cfg.Stock})
	if err != nil {
		return nil, err
	}
	room, err := shop.OpenLiveRoom(ctx, brand.ID, commerce.NewLiveRoom{Title: "Bench", StreamURL: "https://video.example/bench.m3u8"}, host)
	if err != nil {
		return nil, err
	}
	if _, err := shop.PinLive(ctx, room.ID, commerce.PinInput{SKUID: sku.ID, FlashPrice: money.Amount(990)}, host); err != nil {
		return nil, err
	}

	srv := api.New(api.Deps{DB: db, Identity: ids, Realtime: hub, Log: log})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	go func() { _ = srv.App.Listener(ln) }()
	defer func() { _ = srv.App.ShutdownWithTimeout(5 * time.Second) }()

	fmt.Fprintf(logw, "souk: connecting %d viewers\n", cfg.Viewers)
	t0 := time.Now()
	vs, done, err := dialAll(ctx, "ws://"+ln.Addr().String()+"/api/v1/chat/ws", tokens, room.ID)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, v := range vs {
			_ = v.ws.Close()
		}
		done.Wait()
	}()
	for hub.RoomViewers(room.ID) < cfg.Viewers {
		if time.Since(t0) > 5*time.Minute {
			return nil, fmt.Errorf("only %d of %d viewers watch the room", hub.RoomViewers(room.ID), cfg.Viewers)
		}
		time.Sleep(20 * time.Millisecond)
	}
	rep.ConnectTime = time.Since(t0)
	fmt.Fprintf(logw, "souk: %d viewers watching in %v; messages and likes for %v\n", cfg.Viewers, rep.ConnectTime.Round(time.Millisecond), cfg.Duration)

	fctx, stopFlush := context.WithCancel(ctx)
	flushed := make(chan struct{})
	go func() {
		defer close(flushed)
		shop.RunLiveFlusher(fctx, cfg.LikeEvery, func(err error) { log.Warn("flush", "error", err.Error()) })
	}()
	if err := drive(ctx, cfg, shop, room.ID, users, vs, rep); err != nil {
		stopFlush()
		return nil, err
	}
	stopFlush()
	<-flushed
	if err := shop.FlushLive(ctx); err != nil {
		return nil, err
	}
	r, err := shop.LiveRoom(ctx, room.ID)
	if err != nil {
		return nil, err
	}
	rep.LikesCounted = r.Likes
	for _, v := range vs {
		rep.StatsFrames += v.stats.Load()
	}
	rep.StatsPerViewer = float64(rep.StatsFrames) / float64(len(vs))

	fmt.Fprintf(logw, "souk: %d concurrent buys of %d in stock\n", cfg.Buys, cfg.Stock)
	if err := flashSale(ctx, cfg, shop, db, room.ID, sku.ID, users, rep); err != nil {
		return nil, err
	}
	rep.SlowDropped = hub.Stats.SlowDropped.Load()
	return rep, nil
}

// drive sends MsgRate messages and LikeRate likes per second for Duration
// on a fixed schedule, then waits for every message to reach every viewer.
func drive(ctx context.Context, cfg Config, shop *commerce.Service, roomID string, users []string, vs []*viewer, rep *Report) error {
	start := time.Now()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	totalMsgs := int(cfg.Duration.Seconds() * float64(cfg.MsgRate))
	totalLikes := int64(cfg.Duration.Seconds() * float64(cfg.LikeRate))
	var wg sync.WaitGroup
	var sendErr atomic.Pointer[error]
	sent, likes := 0, int64(0)
	for (sent < totalMsgs || likes < totalLikes) && ctx.Err() == nil {
		<-tick.C
		el := time.Since(start).Seconds()
		for due := min(int(el*float64(cfg.MsgRate)), totalMsgs); sent < due; sent++ {
			// Each message from another viewer (1 is the host, skipped).
			u := users[1+sent%(len(users)-1)]
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := shop.SendLiveMessage(ctx, roomID, u, "t="+strconv.FormatInt(time.Now().UnixNano(), 10)); err != nil {
					sendErr.CompareAndSwap(nil, &err)
				}
			}()
		}
		for due := min(int64(el*float64(cfg.LikeRate)), totalLikes); likes < due; likes++ {
			if err := shop.LikeLive(ctx, roomID, 1); err != nil {
				return err
			}
		}
	}
	wg.Wait()
	if p := sendErr.Load(); p != nil {
		return *p
	}
	rep.Sent, rep.Likes = sent, likes
	rep.Expected = int64(sent) * int64(len(vs))
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && received(vs) < rep.Expected {
		time.Sleep(20 * time.Millisecond)
	}
	var all []time.Duration
	for _, v := range vs {
		v.mu.Lock()
		all = append(all, v.lat...)
		v.mu.Unlock()
	}
	rep.Delivered = int64(len(all))
	slices.Sort(all)
	if len(all) > 0 {
		rep.P50, rep.P99, rep.Max = all[len(all)/2], all[len(all)*99/100], all[len(all)-1]
	}
	return nil
}

func received(vs []*viewer) int64 {
	var n int64
	for _, v := range vs {
		n += v.count.Load()
	}
	return n
}

// flashSale runs Buys concurrent one-tap buys, one per viewer in turn.
func flashSale(ctx context.Context, cfg Config, shop *commerce.Service, db *store.DB, roomID, skuID string, users []string, rep *Report) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		lat  []time.Duration
		errp atomic.Pointer[error]
	)
	start := time.Now()
	for i := range cfg.Buys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			_, err := shop.BuyLive(ctx, roomID, users[1+i%(len(users)-1)], skuID, 1)
			d := time.Since(t0)
			mu.Lock()
			defer mu.Unlock()
			lat = append(lat, d)
			switch {
			case err == nil:
				rep.Sold++
			case commerce.Code(err) == commerce.ErrOutOfStock.Code:
				rep.Refused++
			default:
				errp.CompareAndSwap(nil, &err)
			}
		}()
	}
	wg.Wait()
	rep.BuyTime = time.Since(start)
	if p := errp.Load(); p != nil {
		return *p
	}
	slices.Sort(lat)
	rep.BuyP50, rep.BuyP99 = lat[len(lat)/2], lat[len(lat)*99/100]
	return db.QueryRowContext(ctx, `SELECT on_hand, reserved FROM commerce_skus WHERE id = $1`, skuID).Scan(&rep.OnHand, &rep.Reserved)
}

// dialAll connects one socket per token (50 dials at a time): resume,
// wait for ready, watch the room.
func dialAll(ctx context.Context, url string, tokens []string, roomID string) ([]*viewer, *sync.WaitGroup, error) {
	out := make([]*viewer, len(tokens))
	done := &sync.WaitGroup{}
	d := websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 4096, WriteBufferSize: 1024}
	sem := make(chan struct{}, 50)
	var firstErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	watch, _ := json.Marshal(map[string]string{"type": "watch", "room_id": roomID})
	for i, tok := range tokens {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			ws, _, err := d.DialContext(ctx, url, http.Header{"Authorization": {"Bearer " + tok}})
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = fmt.Errorf("viewer %d: %w", i, err)
				}
				mu.Unlock()
				return
			}
			v := &viewer{ws: ws, ready: make(chan struct{})}
			out[i] = v
			done.Add(1)
			go v.loop(done)
			_ = ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"resume","cursors":{}}`))
			select {
			case <-v.ready:
			case <-time.After(60 * time.Second):
			}
			_ = ws.WriteMessage(websocket.TextMessage, watch)
		}()
	}
	wg.Wait()
	if firstErr != nil {
		for _, v := range out {
			if v != nil {
				_ = v.ws.Close()
			}
		}
		done.Wait()
		return nil, nil, firstErr
	}
	for _, v := range out {
		if v == nil {
			return nil, nil, errors.New("a viewer did not connect")
		}
	}
	return out, done, nil
}
