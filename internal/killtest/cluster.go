package killtest

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/soukhq/souk/store"
)

// ClusterConfig is one multi-node run (issue 16): two `souk serve` nodes on
// one PostgreSQL and one S3 store behind a real HAProxy, the money load of
// Run plus chat over WebSockets on both nodes, image uploads and app events,
// one node SIGKILLed and restarted mid-load and the other SIGTERMed with
// requests and sockets in flight.
type ClusterConfig struct {
	// Bin is the souk binary; HAProxy the haproxy binary.
	Bin, HAProxy string
	// DatabaseURL is a fresh PostgreSQL database.
	DatabaseURL string
	// S3 is the blob store every node shares.
	S3Endpoint, S3AccessKey, S3SecretKey, S3Bucket string
	// Dir holds the nodes' data directories and the HAProxy config.
	Dir string
	// AppBundle is AppSource built (runtime.Build).
	AppBundle []byte
	// Shoppers (default 4) each run the money load, a chat sender, an app
	// client and two chat devices.
	Shoppers int
	// Load is the time under load (default 12s), in three equal parts: the
	// SIGKILL of node a comes after the first, the SIGTERM of node b after
	// the second; restarts come on top.
	Load time.Duration
	Seed uint64
	// Checks are more whole-database checks (order reconciliation).
	Checks []Check
	Logf   func(format string, args ...any)
}

// ClusterReport is what a cluster run found: the money report plus the
// figures of the other loads.
type ClusterReport struct {
	Report
	Nodes, Terms int
	// Devices are chat sockets; Reconnects how often they reconnected;
	// Delivered the message frames they received; DevicesPerNode where they
	// first connected.
	Devices, Reconnects int
	Delivered           int64
	DevicesPerNode      map[string]int
	CloseCodes          map[int]int
	// InFlight are slow uploads pinned to the SIGTERMed node, sent before
	// the signal and answered after it; InFlightOK those answered 201.
	InFlight, InFlightOK int
	// Served counts answers by node (X-Souk-Node).
	Served map[string]int64
	// BalancerErrors are 502/503/504 answers the clients saw (retried with
	// their keys); TermErrors those from the SIGTERM to node b's exit,
	// which a graceful stop should not cause.
	BalancerErrors, TermErrors int64
	// NotOK counts app actions answered with an outcome other than ok, by
	// outcome.
	NotOK map[string]int
	// Unauthorized are 401 answers (a session a node did not honour).
	Unauthorized int64
	// Jobs by state at the end; OrderEventJobs those of app orders and
	// OrderCards the cards they posted (one each).
	Jobs                       map[string]int
	OrderEventJobs, OrderCards int
}

func (r *ClusterReport) String() string {
	return fmt.Sprintf("%s | cluster: %d nodes, %d SIGKILL, %d SIGTERM; %d chat devices %v, %d reconnects, %d messages delivered, close codes %v; in flight at SIGTERM %d (%d ok); served by %v; balancer errors %d (%d during the SIGTERM), 401s %d; app actions not ok %v; jobs %v, order-event jobs %d, order cards %d",
		r.Report.String(), r.Nodes, r.Kills, r.Terms, r.Devices, r.DevicesPerNode, r.Reconnects, r.Delivered, r.CloseCodes,
		r.InFlight, r.InFlightOK, r.Served, r.BalancerErrors, r.TermErrors, r.Unauthorized, r.NotOK, r.Jobs, r.OrderEventJobs, r.OrderCards)
}

// cluster is the state of one cluster run.
type cluster struct {
	*run
	ccfg         ClusterConfig
	nodes        map[string]*server
	lb           *balancer
	installation string
	devices      []*device
	crep         *ClusterReport
	served       sync.Map // node → *atomic.Int64
}

// RunCluster performs one multi-node run; an error means the run itself
// could not be carried out, problems found are in the report.
func RunCluster(ctx context.Context, cfg ClusterConfig) (*ClusterReport, error) {
	if cfg.Shoppers <= 0 {
		cfg.Shoppers = 4
	}
	if cfg.Load <= 0 {
		cfg.Load = 12 * time.Second
	}
	env := []string{"DATABASE_URL=" + cfg.DatabaseURL, "SOUK_LOG_LEVEL=warn",
		"SOUK_S3_ENDPOINT=" + cfg.S3Endpoint, "SOUK_S3_BUCKET=" + cfg.S3Bucket,
		"SOUK_S3_ACCESS_KEY=" + cfg.S3AccessKey, "SOUK_S3_SECRET_KEY=" + cfg.S3SecretKey, "SOUK_S3_SECURE=false",
		"SOUK_TRUSTED_PROXIES=" + proxySource + "/32", "SOUK_AUTH_RATE_LIMIT=10000",
		// Two nodes share two cores.
		"SOUK_SANDBOX_WORKERS=1",
		// The jobs node a held when it was SIGKILLed are taken over when
		// their lease ends: short, so the run can wait for them.
		"SOUK_JOB_LEASE=15s"}
	r := &cluster{ccfg: cfg, nodes: map[string]*server{}, crep: &ClusterReport{DevicesPerNode: map[string]int{},
		CloseCodes: map[int]int{}, Served: map[string]int64{}, Jobs: map[string]int{}, NotOK: map[string]int{}}}
	r.run = &run{cfg: Config{DatabaseURL: cfg.DatabaseURL, Shoppers: cfg.Shoppers, Seed: cfg.Seed, FundingDurable: true,
		Checks: cfg.Checks, Logf: cfg.Logf}, rep: &r.crep.Report}
	r.rep.Backend, r.rep.Acked = "postgres cluster", map[string]int{}

	adminEmail := "ops@killtest.example"
	mk := exec.CommandContext(ctx, cfg.Bin, "admin", "create", "--email", adminEmail, "--password", password)
	mk.Env = append(mk.Environ(), env...)
	if out, err := mk.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("souk admin create: %v\n%s", err, out)
	}
	addrs := map[string]string{}
	for _, name := range []string{"a", "b"} {
		addr, err := freeAddr()
		if err != nil {
			return nil, err
		}
		addrs[name] = addr
		r.nodes[name] = &server{bin: cfg.Bin, env: env, args: []string{"--data-dir", cfg.Dir + "/" + name}, addr: addr,
			logs: &bytes.Buffer{}, grace: "20s"}
	}
	defer func() {
		for _, n := range r.nodes {
			_ = n.kill()
		}
	}()
	// Both nodes start at once: migrations on one database from two nodes.
	errc := make(chan error, len(r.nodes))
	for _, n := range r.nodes {
		go func() { errc <- n.start(ctx) }()
	}
	for range r.nodes {
		if err := <-errc; err != nil {
			return nil, fmt.Errorf("%w\n%s", err, r.logs())
		}
	}
	r.crep.Nodes = len(r.nodes)
	lb, err := startBalancer(ctx, cfg.HAProxy, cfg.Dir, addrs)
	if err != nil {
		return nil, err
	}
	r.lb = lb
	defer lb.stop()
	r.c = &client{base: "http://" + lb.addr, hc: &http.Client{Timeout: 30 * time.Second}, giveUp: 90 * time.Second,
		prefix: fmt.Sprintf("cl%d", time.Now().UnixNano())}
	r.c.onAnswer = r.count

	if err := r.setup(ctx, adminEmail); err != nil {
		return nil, fmt.Errorf("setup: %w\n%s", err, r.logs())
	}
	if err := r.setupApp(ctx); err != nil {
		return nil, fmt.Errorf("app setup: %w\n%s", err, r.logs())
	}
	if err := r.forwardedFor(ctx); err != nil {
		return nil, err
	}

	// Two chat devices per shopper, dialled through the balancer.
	devCtx, stopDevices := context.WithCancel(ctx)
	defer stopDevices()
	var devWG sync.WaitGroup
	for _, s := range r.shoppers {
		for i := 0; i < 2; i++ {
			d := &device{name: fmt.Sprintf("%s/device%d", s.email, i), owner: s, cursors: map[string]int64{},
				nodes: map[string]int{}, closes: map[int]int{}}
			r.devices = append(r.devices, d)
			devWG.Add(1)
			go func() {
				defer devWG.Done()
				r.runDevice(devCtx, d)
			}()
		}
	}
	if err := r.waitDevicesReady(ctx); err != nil {
		return nil, err
	}
	for _, d := range r.devices {
		d.mu.Lock()
		r.crep.DevicesPerNode[d.node]++
		d.mu.Unlock()
	}

	started := time.Now()
	loadCtx, stopLoad := context.WithCancel(ctx)
	defer stopLoad()
	var wg sync.WaitGroup
	spawn := func(f func(ctx, loadCtx context.Context, s *shopper), s *shopper) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(ctx, loadCtx, s)
		}()
	}
	for _, s := range r.shoppers {
		spawn(r.shopperLoop, s)
		spawn(r.chatLoop, s)
		spawn(r.appLoop, s)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.brandLoop(ctx, loadCtx)
	}()

	third := cfg.Load / 3
	sleep := func(d time.Duration) error {
		select {
		case <-time.After(d):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	// Node a: SIGKILLed (with its sandbox workers) and started again.
	if err := sleep(third); err != nil {
		return nil, err
	}
	if err := r.nodes["a"].kill(); err != nil {
		return nil, err
	}
	r.rep.Kills++
	r.logf("cluster: SIGKILL node a at %s", time.Since(started).Round(time.Millisecond))
	restarted := time.Now()
	if err := r.nodes["a"].start(ctx); err != nil {
		return nil, fmt.Errorf("restart a: %w\n%s", err, r.logs())
	}
	r.restart += time.Since(restarted)

	// Node b: SIGTERMed with slow uploads in flight on it and sockets open.
	if err := sleep(third); err != nil {
		return nil, err
	}
	before := r.c.lbErrors.Load()
	if err := r.terminate(ctx, "b"); err != nil {
		return nil, err
	}
	r.crep.TermErrors = r.c.lbErrors.Load() - before
	r.crep.Terms++
	r.logf("cluster: node b stopped after SIGTERM at %s", time.Since(started).Round(time.Millisecond))
	restarted = time.Now()
	if err := r.nodes["b"].start(ctx); err != nil {
		return nil, fmt.Errorf("restart b: %w\n%s", err, r.logs())
	}
	r.restart += time.Since(restarted)
	if err := sleep(third); err != nil {
		return nil, err
	}
	stopLoad()
	wg.Wait()
	r.rep.Duration = time.Since(started)
	r.rep.Restarting = r.restart

	// Every device catches up with every conversation it belongs to.
	if err := r.catchUp(ctx); err != nil {
		return nil, err
	}
	stopDevices()
	for _, d := range r.devices {
		d.stop()
	}
	devWG.Wait()
	for _, d := range r.devices {
		r.crep.Devices++
		r.crep.Reconnects += int(d.reconnects.Load())
		r.crep.Delivered += d.messages.Load()
		for code, n := range d.closes {
			r.crep.CloseCodes[code] += n
		}
	}
	if err := r.drainJobs(ctx); err != nil {
		return nil, err
	}
	r.sessions(ctx)
	r.images(ctx)

	for _, name := range sortedKeys(r.nodes) {
		if err := r.nodes[name].stop(); err != nil {
			r.problem("node %s: clean stop: %v", name, err)
		}
	}
	r.rep.Requests, r.rep.Retried, r.rep.Replayed = r.c.sent.Load(), r.c.retried.Load(), r.c.replayed.Load()
	r.crep.Unauthorized = r.c.unauthorized.Load()
	r.crep.BalancerErrors = r.c.lbErrors.Load()
	r.served.Range(func(k, v any) bool {
		r.crep.Served[k.(string)] = v.(*atomic.Int64).Load()
		return true
	})
	if err := r.verify(ctx); err != nil {
		return nil, err
	}
	if err := r.verifyCluster(ctx); err != nil {
		return nil, err
	}
	r.rep.Problems = append(r.rep.Problems, r.problems...)
	if !r.rep.OK() {
		r.logf("logs:\n%s", r.logs())
	}
	return r.crep, nil
}

func (r *cluster) count(a answer) {
	if a.node == "" {
		return
	}
	v, _ := r.served.LoadOrStore(a.node, &atomic.Int64{})
	v.(*atomic.Int64).Add(1)
}

func (r *cluster) logs() string {
	var b strings.Builder
	for _, name := range sortedKeys(r.nodes) {
		fmt.Fprintf(&b, "--- node %s\n%s\n", name, r.nodes[name].logTail(3000))
	}
	if r.lb != nil {
		fmt.Fprintf(&b, "--- haproxy\n%s\n", r.lb.logTail())
	}
	return b.String()
}

func (r *cluster) waitDevicesReady(ctx context.Context) error {
	deadline := time.Now().Add(60 * time.Second)
	for {
		all := true
		for _, d := range r.devices {
			d.mu.Lock()
			all = all && d.ready
			d.mu.Unlock()
		}
		if all {
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("chat devices not ready in 60s\n%s", r.logs())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// terminate SIGTERMs node name while requests and sockets are in flight on
// it: slow uploads pinned to it (X-Souk-Pin) whose bodies are still coming
// when the signal arrives must be answered, the node must exit 0 within its
// grace, and its sockets must be closed with 1001 (the devices reconnect).
func (r *cluster) terminate(ctx context.Context, name string) error {
	n := r.nodes[name]
	const slow = 4
	type result struct {
		status int
		err    error
	}
	results := make(chan result, slow)
	started := make(chan struct{}, slow)
	for i := 0; i < slow; i++ {
		s := r.shoppers[i%len(r.shoppers)]
		go func() {
			// The body trickles in over ~1.5 s: the request is in flight
			// on the node for the whole time.
			pr, pw := io.Pipe()
			go func() {
				started <- struct{}{}
				for _, b := range tinyPNG {
					time.Sleep(1500 * time.Millisecond / time.Duration(len(tinyPNG)))
					if _, err := pw.Write([]byte{b}); err != nil {
						return
					}
				}
				pw.Close()
			}()
			req, _ := http.NewRequestWithContext(ctx, "POST", "http://"+r.lb.addr+"/api/v1/chat/images", pr)
			req.Header.Set("Authorization", "Bearer "+s.token)
			req.Header.Set("Content-Type", "image/png")
			req.Header.Set("X-Souk-Pin", name)
			req.ContentLength = int64(len(tinyPNG))
			resp, err := (&http.Client{Timeout: 60 * time.Second}).Do(req)
			if err != nil {
				results <- result{err: err}
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if got := resp.Header.Get("X-Souk-Node"); got != name {
				err = fmt.Errorf("answered by node %q, not %q", got, name)
			}
			results <- result{status: resp.StatusCode, err: err}
		}()
	}
	for i := 0; i < slow; i++ {
		<-started
	}
	time.Sleep(300 * time.Millisecond) // the bodies are under way
	r.crep.InFlight = slow
	if err := n.stop(); err != nil {
		r.problem("node %s after SIGTERM: %v\n%s", name, err, n.logTail(2000))
	}
	for i := 0; i < slow; i++ {
		res := <-results
		switch {
		case res.err != nil:
			r.problem("upload in flight at SIGTERM: %v", res.err)
		case res.status != http.StatusCreated:
			r.problem("upload in flight at SIGTERM: status %d", res.status)
		default:
			r.crep.InFlightOK++
		}
	}
	return nil
}

// catchUp waits until every device has, for every conversation of its
// owner, the last seq in the database.
func (r *cluster) catchUp(ctx context.Context) error {
	db, err := store.Open(ctx, store.Options{DatabaseURL: r.cfg.DatabaseURL})
	if err != nil {
		return err
	}
	defer db.Close()
	want := map[*shopper]map[string]int64{}
	for _, s := range r.shoppers {
		rows, err := db.QueryContext(ctx, `SELECT m.conversation_id, COALESCE(MAX(x.seq), 0) FROM chat_members m
			LEFT JOIN chat_messages x ON x.conversation_id = m.conversation_id WHERE m.user_id = $1 GROUP BY m.conversation_id`, s.id)
		if err != nil {
			return err
		}
		want[s] = map[string]int64{}
		for rows.Next() {
			var conv string
			var seq int64
			if err := rows.Scan(&conv, &seq); err != nil {
				rows.Close()
				return err
			}
			want[s][conv] = seq
		}
		rows.Close()
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		var behind []string
		for _, d := range r.devices {
			got := d.snapshot()
			for conv, seq := range want[d.owner] {
				if got[conv] < seq {
					behind = append(behind, fmt.Sprintf("%s at %d of %d in %s", d.name, got[conv], seq, conv))
				}
			}
		}
		if len(behind) == 0 {
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			sort.Strings(behind)
			for _, b := range behind {
				r.problem("chat device did not catch up: %s", b)
			}
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// drainJobs waits until no job is due or running (timers set for later,
// such as payment deadlines of paid orders, may stay scheduled). A job
// waiting to be retried counts as due whatever its time: one the killed
// node left running is handed back by River's rescuer as retryable a
// second in the future, and the run must wait for it.
func (r *cluster) drainJobs(ctx context.Context) error {
	db, err := store.Open(ctx, store.Options{DatabaseURL: r.cfg.DatabaseURL})
	if err != nil {
		return err
	}
	defer db.Close()
	deadline := time.Now().Add(90 * time.Second)
	for {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE state IN ('running', 'available', 'retryable')
			OR (state = 'scheduled' AND scheduled_at <= now())`).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			r.problem("%d jobs still due or running 90 s after the load", n)
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// sessions: every shopper's session, made through the balancer, is honoured
// by each node (pinned).
func (r *cluster) sessions(ctx context.Context) {
	for _, s := range r.shoppers {
		for _, name := range sortedKeys(r.nodes) {
			a, err := r.c.doRaw(ctx, "GET", "/api/v1/me", s.token, "", "", nil, http.Header{"X-Souk-Pin": {name}}, 0)
			switch {
			case err != nil:
				r.problem("session of %s on node %s: %v", s.email, name, err)
			case a.status != http.StatusOK || a.node != name:
				r.problem("session of %s on node %s: %s (node %q)", s.email, name, a, a.node)
			}
		}
	}
}

// images: every image message is readable through each node (the blob is in
// the shared store, not on the node that took the upload).
func (r *cluster) images(ctx context.Context) {
	db, err := store.Open(ctx, store.Options{DatabaseURL: r.cfg.DatabaseURL})
	if err != nil {
		r.problem("images: %v", err)
		return
	}
	defer db.Close()
	tokens := map[string]string{}
	for _, s := range r.shoppers {
		tokens[s.id] = s.token
	}
	rows, err := db.QueryContext(ctx, `SELECT conversation_id, seq, sender_id FROM chat_messages WHERE kind = 'image'`)
	if err != nil {
		r.problem("images: %v", err)
		return
	}
	type img struct {
		conv, sender string
		seq          int64
	}
	var all []img
	for rows.Next() {
		var i img
		if err := rows.Scan(&i.conv, &i.seq, &i.sender); err != nil {
			r.problem("images: %v", err)
		}
		all = append(all, i)
	}
	rows.Close()
	for _, i := range all {
		for _, name := range sortedKeys(r.nodes) {
			a, err := r.c.doRaw(ctx, "GET", fmt.Sprintf("/api/v1/chat/conversations/%s/messages/%d/image", i.conv, i.seq),
				tokens[i.sender], "", "", nil, http.Header{"X-Souk-Pin": {name}}, 0)
			if err != nil || a.status != http.StatusOK || !bytes.HasPrefix(a.body, tinyPNG) {
				r.problem("image %s/%d through node %s: %v %s", i.conv, i.seq, name, err, a)
			}
		}
	}
}

// forwardedFor checks SOUK_TRUSTED_PROXIES through HAProxy: a log-in from
// 127.0.0.3 and one from 127.0.0.1 carrying a forged X-Forwarded-For are
// counted against their real addresses (verifyCluster reads the limiter's
// subjects), never against the proxy's or the forged one.
func (r *cluster) forwardedFor(ctx context.Context) error {
	body := strings.NewReader(`{"email": "shopper0@killtest.example", "password": "` + password + `"}`)
	from3 := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DialContext: (&net.Dialer{
		LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.3")}}).DialContext}}
	resp, err := from3.Post("http://"+r.lb.addr+"/api/v1/auth/login", "application/json", body)
	if err != nil {
		return fmt.Errorf("log-in from 127.0.0.3: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("log-in from 127.0.0.3: %d", resp.StatusCode)
	}
	a, err := r.c.doRaw(ctx, "POST", "/api/v1/auth/login", "", "", "application/json",
		[]byte(`{"email": "shopper0@killtest.example", "password": "`+password+`"}`),
		http.Header{"X-Forwarded-For": {forgedAddr}}, 0)
	if err != nil || !a.ok() {
		return fmt.Errorf("log-in with a forged X-Forwarded-For: %v %s", err, a)
	}
	return nil
}

const forgedAddr = "203.0.113.7"

// verifyCluster checks, after verify's money checks, what the other loads
// were acknowledged and the jobs.
func (r *cluster) verifyCluster(ctx context.Context) error {
	db, err := store.Open(ctx, store.Options{DatabaseURL: r.cfg.DatabaseURL})
	if err != nil {
		return err
	}
	defer db.Close()
	rep := r.rep
	count := func(q string, args ...any) int {
		var n int
		if err := db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			r.problem("count %q: %v", q, err)
		}
		return n
	}
	compare := func(what string, server, acked int) {
		switch {
		case server > acked:
			rep.Duplicates += server - acked
			r.problem("%s: the server has %d, %d were acknowledged (duplicates)", what, server, acked)
		case server < acked:
			rep.Lost += acked - server
			r.problem("%s: the server has %d, %d were acknowledged (lost)", what, server, acked)
		}
	}
	for _, s := range r.shoppers {
		s.mu.Lock()
		acked := s.acked
		s.mu.Unlock()
		compare(s.email+" chat texts", count(`SELECT COUNT(*) FROM chat_messages WHERE sender_id = $1 AND kind = 'text'`, s.id), acked["chat_text"])
		compare(s.email+" chat images", count(`SELECT COUNT(*) FROM chat_messages WHERE sender_id = $1 AND kind = 'image'`, s.id), acked["chat_image"])
		// The uploads of the SIGTERM probe come on top of the load's.
		if n := count(`SELECT COUNT(*) FROM chat_uploads WHERE user_id = $1`, s.id); n < acked["upload"] {
			rep.Lost += acked["upload"] - n
			r.problem("%s uploads: the server has %d, %d were acknowledged (lost)", s.email, n, acked["upload"])
		}
		// The app's per-shopper count is the actions it ran to the end.
		var raw string
		err := db.QueryRowContext(ctx, `SELECT value FROM app_storage WHERE installation_id = $1 AND key = $2`, r.installation, "n:"+s.id).Scan(&raw)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			r.problem("app count of %s: %v", s.email, err)
		}
		var got int
		fmt.Sscan(raw, &got)
		if got < acked["app_event"] || got > acked["app_event"]+acked["app_event_not_ok"] {
			compare(s.email+" app actions", got, acked["app_event"])
		}
		for _, k := range []string{"chat_text", "chat_image", "upload", "app_event", "app_event_not_ok", "app_order"} {
			rep.Acked[k] += acked[k]
		}
	}

	// Jobs: none failed, none left due; every order event of an app order
	// ran its sinks once in effect — one card in the service conversation
	// and the app's paid mark for every paid app order.
	rows, err := db.QueryContext(ctx, `SELECT CASE state WHEN 'completed' THEN 'done' WHEN 'discarded' THEN 'failed'
		WHEN 'running' THEN 'running' WHEN 'cancelled' THEN 'cancelled' ELSE 'pending' END, COUNT(*) FROM river_job GROUP BY 1`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return err
		}
		r.crep.Jobs[st] = n
	}
	rows.Close()
	if n := r.crep.Jobs["failed"]; n > 0 {
		r.problem("%d jobs failed", n)
	}
	r.crep.OrderEventJobs = count(`SELECT COUNT(*) FROM river_job WHERE kind = 'order.event' AND state = 'completed' AND args::text LIKE $1`,
		"%"+r.installation+"%")
	r.crep.OrderCards = count(`SELECT COUNT(*) FROM chat_messages m JOIN chat_conversations c ON c.id = m.conversation_id
		WHERE c.installation_id = $1 AND m.kind = 'order_card'`, r.installation)
	if all := count(`SELECT COUNT(*) FROM river_job WHERE kind = 'order.event' AND args::text LIKE $1`, "%"+r.installation+"%"); all != r.crep.OrderEventJobs {
		r.problem("%d of %d order-event jobs of app orders are not done", all-r.crep.OrderEventJobs, all)
	}
	if r.crep.OrderCards != r.crep.OrderEventJobs {
		r.problem("%d order cards for %d order events", r.crep.OrderCards, r.crep.OrderEventJobs)
	}
	paid := count(`SELECT COUNT(*) FROM commerce_orders WHERE installation_id = $1 AND paid_at > 0`, r.installation)
	if marks := count(`SELECT COUNT(*) FROM app_storage WHERE installation_id = $1 AND key LIKE 'paid:%'`, r.installation); marks != paid {
		r.problem("the app's orderPaid ran for %d of %d paid orders", marks, paid)
	}

	// X-Forwarded-For through HAProxy: the limiter saw the real clients.
	var subjects []string
	rows, err = db.QueryContext(ctx, `SELECT DISTINCT subject FROM rate_limit_windows WHERE subject LIKE 'auth:login:%'`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return err
		}
		subjects = append(subjects, strings.TrimPrefix(s, "auth:login:"))
	}
	rows.Close()
	sort.Strings(subjects)
	want := []string{"127.0.0.1", "127.0.0.3"}
	if strings.Join(subjects, ",") != strings.Join(want, ",") {
		r.problem("log-ins through HAProxy were limited as %v, want the real clients %v (not the proxy %s nor the forged %s)",
			subjects, want, proxySource, forgedAddr)
	}
	if r.crep.Unauthorized > 0 {
		r.problem("%d answers were 401: a node did not honour a session", r.crep.Unauthorized)
	}
	return nil
}
