// Package runtimebench measures the sandbox runtime against a Node.js peer for
// `souk bench runtime`: cold start, warm latency, events/s through the pool,
// and the same bundle in Node with a fresh node:vm context per event and
// with one warm context (per installation, as souk's warm runtimes).
package runtimebench

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/soukhq/souk/bench"
	"github.com/soukhq/souk/bench/machine"
	"github.com/soukhq/souk/sandbox"
)

//go:embed app.js
var appJS []byte

//go:embed hello.js
var helloJS []byte

// npmJS is the souk build of runtime/testdata/npmcompat/bench-app: a
// catalog page written with zod, decimal.js, dayjs, lodash-es and
// validator, about 520 KB (runtime's TestNPMBenchBundleUpToDate keeps it
// equal to the build).
//
//go:embed npm.js
var npmJS []byte

// Apps are the benchmark bundles: "catalog" (default) renders a 20-product
// list view; "hello" returns one text component, measuring the fixed cost
// of an event; "npm" renders the catalog with real npm libraries.
var Apps = map[string][]byte{"catalog": appJS, "hello": helloJS, "npm": npmJS}

//go:embed node_peer.js
var nodePeerJS []byte

// Config sets the benchmark's shape. Zero values are defaults.
type Config struct {
	Workers     int           // pool size (default NumCPU)
	Callers     int           // concurrent callers in the throughput phase (default 2×Workers)
	Phase       time.Duration // length of each timed phase (default 3s)
	ColdBundles int           // distinct bundles for the cold-start phase (default 5)
	Rounds      int           // throughput rounds, ours and node alternating (default 3)
	App         string        // benchmark bundle: "catalog" (default) or "hello"
	Node        string        // node binary ("" = look up "node"; "-" = skip the peer)
	NodeProcs   int           // node processes in parallel (default Workers, one per core like the pool)
	Command     []string      // worker command (default: this executable + "sandbox-worker")
	WorkerEnv   []string      // extra worker environment (sandbox.EnvCPUProfile for --worker-cpuprofile)
}

// Report holds the measurements.
type Report struct {
	Workers, Callers int
	PoolStart        time.Duration // starting the pool (all workers said hello)
	ColdP50          time.Duration // first event of a newly seen bundle (send + compile + run)
	ColdRuntimeP50   time.Duration // first event of a new installation: compiled bundle, new runtime (top level + handler)
	WarmP50, WarmP99 time.Duration // one caller, sequential warm events
	WarmShare        float64       // share of the throughput events that ran in a warm runtime
	WarmEvents       int
	Throughput       float64   // events/s with Callers concurrent callers (median of rounds)
	Rounds           []float64 // ours events/s per round
	ThroughputEvents int

	// FloorP50 and FloorP99 time the handler alone in a bare goja runtime
	// in this process (engineFloor), FloorCPUPerEvent is the process's CPU
	// per call there: the handler's own cost in the engine, under which
	// souk's warm event cannot go. FloorSkipped says why it did not run.
	FloorP50, FloorP99, FloorCPUPerEvent time.Duration
	FloorSkipped                         string

	NodeProcs        int
	NodeP50, NodeP99 time.Duration // per event, in one node process
	NodeThroughput   float64       // events/s summed over NodeProcs processes (median of rounds)
	NodeRounds       []float64     // node events/s per round
	NodeSkipped      string        // why the peer did not run, if it did not
	RatioThroughput  float64       // ours / node events/s
	RatioWarmP50     float64       // node p50 / ours p50 (>1: we are faster)
	// The peer with one warm context per process (per installation).
	NodeWarmP50, NodeWarmP99 time.Duration
	NodeWarmThroughput       float64
	NodeWarmRounds           []float64
	RatioThroughputWarm      float64 // ours / node-warm events/s
	RatioWarmP50Warm         float64 // node-warm p50 / ours p50
	NodeWarmCPUPerEvent      time.Duration
	RatioCPUWarm             float64 // node-warm CPU per event / ours
	// CPU per event, independent of what else the machine runs: ours is
	// the server process plus the workers, node is the peer processes.
	CPUPerEvent, NodeCPUPerEvent time.Duration
	HostCPUPerEvent              time.Duration // the server process's part of CPUPerEvent
	RatioCPU                     float64       // node CPU per event / ours
	App                          string
	ResultBytes, ArgsBytes       int
	BundleBytes                  int
	CPUs                         int
	// LoadBefore and LoadAfter are the machine's 1-minute load average
	// (/proc/loadavg) when the run started and ended: the events/s ratios
	// shift with what else the machine runs, the CPU ratios much less.
	LoadBefore, LoadAfter string
}

// Args returns the benchmark event's handler arguments: a page, a catalog
// of 20 products and the context.
func Args() []json.RawMessage {
	type product struct {
		ID    string   `json:"id"`
		Title string   `json:"title"`
		Price int      `json:"price"`
		Stock int      `json:"stock"`
		Image string   `json:"image"`
		Tags  []string `json:"tags"`
	}
	ps := make([]product, 20)
	for i := range ps {
		ps[i] = product{ID: fmt.Sprintf("p%02d", i), Title: fmt.Sprintf("Product %d", i), Price: 1000 + (i*7919)%5000,
			Stock: i % 7, Image: fmt.Sprintf("https://cdn.example/p%02d.jpg", i), Tags: []string{"tea", []string{"green", "black", "oolong"}[i%3]}}
	}
	m := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	return []json.RawMessage{
		m("catalog"),
		m(map[string]any{"products": ps}),
		m(map[string]any{"installation": "inst-1", "brand": "Leaf & Co", "shopper": "s-42", "currency": "EUR"}),
	}
}

// Job returns the benchmark job.
func Job(app string) sandbox.Job {
	return sandbox.Job{AppID: "bench-" + app, Version: "1.0.0", InstallationID: "inst-1", BundleHash: "bench-" + app,
		Script: Apps[app], Handler: "render", Args: Args(), Limits: sandbox.Limits{Timeout: 5 * time.Second}}
}

// Run runs all phases, printing progress to log.
func Run(ctx context.Context, cfg Config, log io.Writer) (*Report, error) {
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	if cfg.Callers <= 0 {
		cfg.Callers = 2 * cfg.Workers
	}
	if cfg.Phase <= 0 {
		cfg.Phase = 3 * time.Second
	}
	if cfg.ColdBundles <= 0 {
		cfg.ColdBundles = 5
	}
	if cfg.NodeProcs <= 0 {
		cfg.NodeProcs = cfg.Workers
	}
	if cfg.Rounds <= 0 {
		cfg.Rounds = 3
	}
	if cfg.App == "" {
		cfg.App = "catalog"
	}
	script, ok := Apps[cfg.App]
	if !ok {
		return nil, fmt.Errorf("unknown benchmark app %q (catalog, hello, npm)", cfg.App)
	}
	r := &Report{App: cfg.App, BundleBytes: len(script), Workers: cfg.Workers, Callers: cfg.Callers, NodeProcs: cfg.NodeProcs, CPUs: runtime.NumCPU()}
	r.LoadBefore = machine.LoadAverage()
	defer func() { r.LoadAfter = machine.LoadAverage() }()
	for _, a := range Args() {
		r.ArgsBytes += len(a)
	}

	fmt.Fprintf(log, "starting a pool of %d workers…\n", cfg.Workers)
	t0 := time.Now()
	// The benchmark runs one app and measures the runtime, not the share
	// of the pool one app may take among many (PoolConfig.AppConcurrency,
	// half the workers by default): like the peer's NodeProcs processes, the
	// app may use every worker.
	pool, err := sandbox.NewPool(sandbox.PoolConfig{Size: cfg.Workers, Command: cfg.Command, Env: cfg.WorkerEnv, AppConcurrency: cfg.Workers})
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	r.PoolStart = time.Since(t0)

	// Cold: a bundle no worker has seen (a distinct hash each time).
	var cold []time.Duration
	for i := 0; i < cfg.ColdBundles; i++ {
		j := Job(cfg.App)
		j.BundleHash = fmt.Sprintf("bench-cold-%d-%d", time.Now().UnixNano(), i)
		j.Script = append(slices.Clone(j.Script), fmt.Sprintf("\n// cold %d\n", i)...)
		t := time.Now()
		res, err := pool.Run(ctx, j, nil)
		if err != nil {
			return nil, err
		}
		if res.Receipt.Outcome != sandbox.OutcomeOK || !res.Receipt.Compiled {
			return nil, fmt.Errorf("cold event: %s %v", res.Receipt.Outcome, res.Err)
		}
		cold = append(cold, time.Since(t))
	}
	r.ColdP50 = percentile(cold, 0.5)

	// Cold runtime: the bundle is compiled, the installation is new, so the
	// event makes a runtime and runs the bundle's top level.
	var coldRT []time.Duration
	for i := 0; i < max(cfg.ColdBundles, 5); i++ {
		j := Job(cfg.App)
		j.InstallationID = fmt.Sprintf("bench-cold-inst-%d-%d", time.Now().UnixNano(), i)
		t := time.Now()
		res, err := pool.Run(ctx, j, nil)
		if err != nil {
			return nil, err
		}
		if res.Receipt.Outcome != sandbox.OutcomeOK {
			return nil, fmt.Errorf("cold-runtime event: %s %v", res.Receipt.Outcome, res.Err)
		}
		if res.Receipt.Compiled || res.Receipt.Runtime != sandbox.RuntimeCold {
			continue // a worker that had not compiled it yet
		}
		coldRT = append(coldRT, time.Since(t))
	}
	r.ColdRuntimeP50 = percentile(coldRT, 0.5)

	job := Job(cfg.App)
	workerPIDs := map[int]bool{}
	var view []byte
	// Warm every worker up (compile + JIT-free goja warm caches).
	for i := 0; i < 50*cfg.Workers; i++ {
		res, err := pool.Run(ctx, job, nil)
		if err != nil {
			return nil, err
		}
		if res.Receipt.Outcome != sandbox.OutcomeOK {
			return nil, fmt.Errorf("warm-up event: %s %v", res.Receipt.Outcome, res.Err)
		}
		r.ResultBytes = len(res.Value)
		view = res.Value
	}
	// Every worker's CPU counts: an installation's events prefer the worker
	// with its warm runtime, so the warm-up may not have visited them all.
	for _, pid := range pool.WorkerPIDs() {
		workerPIDs[pid] = true
	}

	fmt.Fprintf(log, "warm latency, one caller, %v…\n", cfg.Phase)
	var lat []time.Duration
	end := time.Now().Add(cfg.Phase)
	for time.Now().Before(end) {
		t := time.Now()
		res, err := pool.Run(ctx, job, nil)
		if err != nil {
			return nil, err
		}
		if res.Receipt.Outcome != sandbox.OutcomeOK {
			return nil, fmt.Errorf("warm event: %s %v", res.Receipt.Outcome, res.Err)
		}
		lat = append(lat, time.Since(t))
	}
	r.WarmEvents = len(lat)
	r.WarmP50, r.WarmP99 = percentile(lat, 0.5), percentile(lat, 0.99)

	fmt.Fprintf(log, "engine floor: the handler alone in a bare goja runtime, %v…\n", cfg.Phase)
	if fl, err := engineFloor(script, view, cfg.Phase); err != nil {
		r.FloorSkipped = err.Error()
	} else {
		r.FloorP50, r.FloorP99, r.FloorCPUPerEvent = fl.p50, fl.p99, fl.cpuPerEvent
	}

	node, nodeErr := findNode(cfg.Node)
	if nodeErr == nil {
		// Per-event latency of the peer: one process, sequential, like ours.
		fmt.Fprintf(log, "node peer (%s) latency, one process, fresh context per event, %v…\n", node, cfg.Phase)
		res, err := runNode(ctx, node, script, 1, cfg.Phase, "fresh")
		if err != nil {
			nodeErr = err
		} else {
			r.NodeP50, r.NodeP99 = res[0].p50(), res[0].p99()
		}
	}
	if nodeErr == nil {
		fmt.Fprintf(log, "node peer latency, one process, warm context, %v…\n", cfg.Phase)
		res, err := runNode(ctx, node, script, 1, cfg.Phase, "warm")
		if err != nil {
			nodeErr = err
		} else {
			r.NodeWarmP50, r.NodeWarmP99 = res[0].p50(), res[0].p99()
		}
	}
	var ourCPU, hostCPU, nodeCPU, nodeWarmCPU []float64
	warmEvents := 0
	// Throughput rounds alternate ours and the peer so that a change in the
	// machine's load hits both; the medians are compared.
	for round := 0; round < cfg.Rounds; round++ {
		fmt.Fprintf(log, "round %d: souk, %d callers, %v…\n", round+1, cfg.Callers, cfg.Phase)
		cpu0, host0 := processCPU(workerPIDs), int64(machine.SelfCPU())
		n, warm, secs, err := throughput(ctx, pool, job, cfg.Callers, cfg.Phase)
		if err != nil {
			return nil, err
		}
		warmEvents += warm
		ourCPU = append(ourCPU, float64(processCPU(workerPIDs)-cpu0)/float64(n))
		hostCPU = append(hostCPU, float64(int64(machine.SelfCPU())-host0)/float64(n))
		r.ThroughputEvents += n
		r.Rounds = append(r.Rounds, float64(n)/secs)
		if nodeErr != nil {
			continue
		}
		for _, mode := range []string{"fresh", "warm"} {
			fmt.Fprintf(log, "round %d: node, %d processes, %s context, %v…\n", round+1, cfg.NodeProcs, mode, cfg.Phase)
			res, err := runNode(ctx, node, script, cfg.NodeProcs, cfg.Phase, mode)
			if err != nil {
				nodeErr = err
				break
			}
			total, cpu, events := 0.0, 0.0, 0
			for _, x := range res {
				total += float64(x.Events) / x.Seconds
				cpu += x.CPUus * 1000
				events += x.Events
			}
			if mode == "fresh" {
				nodeCPU = append(nodeCPU, cpu/float64(max(events, 1)))
				r.NodeRounds = append(r.NodeRounds, total)
			} else {
				nodeWarmCPU = append(nodeWarmCPU, cpu/float64(max(events, 1)))
				r.NodeWarmRounds = append(r.NodeWarmRounds, total)
			}
		}
	}
	if r.ThroughputEvents > 0 {
		r.WarmShare = float64(warmEvents) / float64(r.ThroughputEvents)
	}
	r.Throughput = median(r.Rounds)
	r.CPUPerEvent = time.Duration(median(ourCPU))
	r.HostCPUPerEvent = time.Duration(median(hostCPU))
	if nodeErr != nil {
		r.NodeSkipped = nodeErr.Error()
		return r, nil
	}
	r.NodeThroughput = median(r.NodeRounds)
	if r.NodeThroughput > 0 {
		r.RatioThroughput = r.Throughput / r.NodeThroughput
	}
	if r.WarmP50 > 0 {
		r.RatioWarmP50 = float64(r.NodeP50) / float64(r.WarmP50)
	}
	r.NodeCPUPerEvent = time.Duration(median(nodeCPU))
	if r.CPUPerEvent > 0 {
		r.RatioCPU = float64(r.NodeCPUPerEvent) / float64(r.CPUPerEvent)
	}
	r.NodeWarmThroughput = median(r.NodeWarmRounds)
	if r.NodeWarmThroughput > 0 {
		r.RatioThroughputWarm = r.Throughput / r.NodeWarmThroughput
	}
	if r.WarmP50 > 0 {
		r.RatioWarmP50Warm = float64(r.NodeWarmP50) / float64(r.WarmP50)
	}
	r.NodeWarmCPUPerEvent = time.Duration(median(nodeWarmCPU))
	if r.CPUPerEvent > 0 {
		r.RatioCPUWarm = float64(r.NodeWarmCPUPerEvent) / float64(r.CPUPerEvent)
	}
	return r, nil
}

type nodeResult struct {
	Events  int     `json:"events"`
	Seconds float64 `json:"seconds"`
	P50us   float64 `json:"p50_us"`
	P99us   float64 `json:"p99_us"`
	CPUus   float64 `json:"cpu_us"`
}

func (n nodeResult) p50() time.Duration { return time.Duration(n.P50us * 1000) }
func (n nodeResult) p99() time.Duration { return time.Duration(n.P99us * 1000) }

// throughput runs callers concurrent callers for d and counts events, and
// those that ran in a warm runtime.
func throughput(ctx context.Context, pool *sandbox.Pool, job sandbox.Job, callers int, d time.Duration) (int, int, float64, error) {
	var n, warm atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	end := start.Add(d)
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) {
				res, err := pool.Run(ctx, job, nil)
				if err == nil && res.Receipt.Outcome != sandbox.OutcomeOK {
					err = fmt.Errorf("%s: %v", res.Receipt.Outcome, res.Err)
				}
				if err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				n.Add(1)
				if res.Receipt.Runtime == sandbox.RuntimeWarm {
					warm.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if err, ok := firstErr.Load().(error); ok {
		return 0, 0, 0, err
	}
	return int(n.Load()), int(warm.Load()), time.Since(start).Seconds(), nil
}

// processCPU is the user+system CPU of this process and the given worker
// processes (from /proc), in nanoseconds.
func processCPU(pids map[int]bool) int64 {
	total := machine.SelfCPU()
	for pid := range pids {
		total += machine.ProcessCPU(pid)
	}
	return int64(total)
}

func findNode(node string) (string, error) {
	switch node {
	case "-":
		return "", fmt.Errorf("skipped by flag")
	case "":
		p, err := exec.LookPath("node")
		if err != nil {
			return "", fmt.Errorf("node not found: %w", err)
		}
		return p, nil
	}
	return node, nil
}

// runNode runs procs peer processes at once for d, each with a fresh
// context per event (mode "fresh") or one warm context (mode "warm").
func runNode(ctx context.Context, node string, script []byte, procs int, d time.Duration, mode string) ([]nodeResult, error) {
	dir, err := os.MkdirTemp("", "souk-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	args, _ := json.Marshal(Args())
	files := map[string][]byte{"peer.js": nodePeerJS, "bundle.js": script, "args.json": args}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			return nil, err
		}
	}
	results := make([]nodeResult, procs)
	errs := make([]error, procs)
	var wg sync.WaitGroup
	for i := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.CommandContext(ctx, node, filepath.Join(dir, "peer.js"), filepath.Join(dir, "bundle.js"),
				filepath.Join(dir, "args.json"), fmt.Sprint(d.Milliseconds()), mode)
			out, err := cmd.Output()
			if err != nil {
				errs[i] = fmt.Errorf("node peer: %w", err)
				return
			}
			errs[i] = json.Unmarshal(out, &results[i])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return results, nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// FloorCeiling is the events/s the pool's workers (as many as the peer's
// processes, by default the CPUs) would give if each event cost only the
// engine floor's CPU.
func (r *Report) FloorCeiling() float64 {
	if r.FloorCPUPerEvent <= 0 {
		return 0
	}
	return float64(r.Workers) / r.FloorCPUPerEvent.Seconds()
}

// Summary is the report in the shape every benchmark prints.
func (r *Report) Summary() *bench.Report {
	us := func(d time.Duration) string { return d.Round(time.Microsecond).String() }
	out := &bench.Report{
		Title: fmt.Sprintf("runtime: app %q, %d workers, %d callers, bundle %d B, args %d B, view %d B", r.App, r.Workers, r.Callers, r.BundleBytes, r.ArgsBytes, r.ResultBytes),
		CPUs:  r.CPUs, LoadBefore: r.LoadBefore, LoadAfter: r.LoadAfter,
	}
	souk := bench.Table{Title: "souk (sandbox pool)", Columns: []string{"measure", "value", "note"}}
	souk.Row(fmt.Sprintf("pool start (%d workers)", r.Workers), us(r.PoolStart), "")
	souk.Row("cold start (new bundle) p50", us(r.ColdP50), "send + compile + run")
	souk.Row("cold runtime (new installation) p50", us(r.ColdRuntimeP50), "compiled bundle, new runtime: its top level runs")
	souk.Row("warm event p50 / p99", us(r.WarmP50)+" / "+us(r.WarmP99), "one caller")
	souk.Row("events/s", fmt.Sprintf("%.0f", r.Throughput), fmt.Sprintf("median of rounds %.0f; %.1f%% in warm runtimes", r.Rounds, 100*r.WarmShare))
	souk.Row("CPU per event", us(r.CPUPerEvent), "server "+us(r.HostCPUPerEvent)+" + workers")
	out.Tables = append(out.Tables, souk)
	if r.FloorSkipped == "" {
		floor := bench.Table{Title: "engine floor: the handler alone in one bare goja runtime in this process (no sandbox, pipe, JSON, receipt)", Columns: []string{"measure", "value", "note"}}
		floor.Row("handler p50 / p99", us(r.FloorP50)+" / "+us(r.FloorP99), "")
		floor.Row("CPU per event", us(r.FloorCPUPerEvent), "the collector's work included")
		floor.Row(fmt.Sprintf("ceiling with %d workers", r.Workers), fmt.Sprintf("%.0f events/s", r.FloorCeiling()), "workers / CPU per event: souk's own share of an event taken as zero")
		out.Tables = append(out.Tables, floor)
	} else {
		out.Notes = append(out.Notes, "engine floor: not measured ("+r.FloorSkipped+")")
	}
	warmTarget := time.Millisecond
	if r.App == "npm" {
		warmTarget = 2 * time.Millisecond // the target for an app built from real npm libraries
	}
	out.Targets = []bench.Target{
		{Name: "warm event p50", Got: us(r.WarmP50), Want: "≤ " + warmTarget.String(), Met: r.WarmP50 <= warmTarget},
		{Name: "warm event p99", Got: us(r.WarmP99), Want: "≤ 5ms", Met: r.WarmP99 <= 5*time.Millisecond},
	}
	if r.FloorSkipped == "" && r.FloorP50 > warmTarget {
		out.Notes = append(out.Notes, fmt.Sprintf("the warm p50 target (≤ %v) is below the engine floor's p50 (%v): goja alone takes longer to run this handler", warmTarget, us(r.FloorP50)))
	}
	if r.NodeSkipped != "" {
		out.Notes = append(out.Notes, "node peer: not run ("+r.NodeSkipped+")")
		return out
	}
	node := bench.Table{Title: fmt.Sprintf("peer: node, %d processes", r.NodeProcs), Columns: []string{"context", "p50 / p99 per event", "events/s", "CPU per event", "rounds"}}
	node.Row("fresh node:vm context per event", us(r.NodeP50)+" / "+us(r.NodeP99), fmt.Sprintf("%.0f", r.NodeThroughput), us(r.NodeCPUPerEvent), fmt.Sprintf("%.0f", r.NodeRounds))
	node.Row("warm context per installation", us(r.NodeWarmP50)+" / "+us(r.NodeWarmP99), fmt.Sprintf("%.0f", r.NodeWarmThroughput), us(r.NodeWarmCPUPerEvent), fmt.Sprintf("%.0f", r.NodeWarmRounds))
	out.Tables = append(out.Tables, node)
	out.Ratios = []bench.Ratio{
		{Name: "events/s souk / node (fresh context)", Value: r.RatioThroughput, Min: 1.5},
		{Name: "p50 node (fresh context) / souk", Value: r.RatioWarmP50},
		{Name: "CPU per event node (fresh context) / souk", Value: r.RatioCPU},
		{Name: "events/s souk / node (warm context)", Value: r.RatioThroughputWarm},
		{Name: "p50 node (warm context) / souk", Value: r.RatioWarmP50Warm},
		{Name: "CPU per event node (warm context) / souk", Value: r.RatioCPUWarm},
	}
	if r.FloorSkipped == "" && r.NodeProcs == r.Workers {
		out.Ratios = append(out.Ratios, bench.Ratio{Name: "engine floor's ceiling / node (fresh context) events/s", Value: r.FloorCeiling() / r.NodeThroughput})
	}
	return out
}

// Print writes the summary.
func (r *Report) Print(w io.Writer) { r.Summary().Print(w) }
