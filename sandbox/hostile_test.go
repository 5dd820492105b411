package sandbox

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The hostile suite runs every program under testdata/hostile/ (one attack
// per file; adding a file adds a case). Each file states what must happen
// in comment directives on its first lines:
//
//	// expect: killed|crashed   outcome(s) the receipt may show
//	// error: text              Result.Err (name + message) contains text
//	// value: text              the result JSON contains text
//	// not: text                neither the result, logs nor error contain text
//	// log: text                some captured log line contains text
//	// logs-dropped: true       the log cap dropped lines
//	// host-calls: N            the receipt counts N host calls
//	// stack: text              the (mapped) stack contains text
//	// runs: N                  run the program N times in a row
//	// timeout: ms              event deadline (default 400)
//	// survives: true           no worker dies: the pool starts no replacement
//
// For every case the suite also checks that a well-behaved app running
// concurrently on the same pool keeps succeeding, that the host's data of
// other installations is untouched and that the job's arguments (host
// memory) are unchanged; and, since the attacker's events run in a warm
// runtime of their installation, that no runtime halted by a timeout, the
// memory limit or a cancel is kept, and no later run finds it warm. The
// test process surviving is the first check.

type hostileSpec struct {
	expect      []string
	errorHas    []string
	valueHas    []string
	not         []string
	logHas      []string
	logsDropped bool
	hostCalls   int
	stackHas    []string
	runs        int
	timeout     time.Duration
	survives    bool
}

func parseHostileSpec(t *testing.T, src []byte) hostileSpec {
	spec := hostileSpec{runs: 1, timeout: 400 * time.Millisecond, hostCalls: -1}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		rest, ok := strings.CutPrefix(line, "//")
		if !ok {
			break
		}
		key, val, ok := strings.Cut(rest, ":")
		if !ok {
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch key {
		case "expect":
			spec.expect = strings.Split(val, "|")
		case "error":
			spec.errorHas = append(spec.errorHas, val)
		case "value":
			spec.valueHas = append(spec.valueHas, val)
		case "not":
			spec.not = append(spec.not, val)
		case "log":
			spec.logHas = append(spec.logHas, val)
		case "logs-dropped":
			spec.logsDropped = val == "true"
		case "host-calls":
			spec.hostCalls, _ = strconv.Atoi(val)
		case "stack":
			spec.stackHas = append(spec.stackHas, val)
		case "runs":
			spec.runs, _ = strconv.Atoi(val)
		case "timeout":
			ms, _ := strconv.Atoi(val)
			spec.timeout = time.Duration(ms) * time.Millisecond
		case "survives":
			spec.survives = val == "true"
		}
	}
	if len(spec.expect) == 0 {
		t.Fatal("hostile program has no '// expect:' line")
	}
	return spec
}

// testHost is the suite's HostCaller: per-installation storage, an echo,
// a call that hangs until canceled, and a denial for everything else
// (standing in for a permission the app was not granted). The installation
// is bound by the host when the event starts; JS cannot choose it.
type testHost struct {
	mu      sync.Mutex
	storage map[string]map[string]string // installation → key → value
	calls   atomic.Int64
}

func newTestHost() *testHost {
	return &testHost{storage: map[string]map[string]string{
		"victim": {"secret": "TOPSECRET-victim"},
	}}
}

func (h *testHost) forInstallation(inst string) HostCaller {
	return HostFunc(func(ctx context.Context, name string, args json.RawMessage) (json.RawMessage, error) {
		h.calls.Add(1)
		var a struct {
			Key   string `json:"key"`
			Value string `json:"value"`
		}
		_ = json.Unmarshal(args, &a)
		h.mu.Lock()
		defer h.mu.Unlock()
		switch name {
		case "echo":
			return args, nil
		case "hang":
			h.mu.Unlock()
			<-ctx.Done()
			h.mu.Lock()
			return nil, ctx.Err()
		case "storage.get":
			v, ok := h.storage[inst][a.Key]
			if !ok {
				return json.RawMessage("null"), nil
			}
			return json.Marshal(v)
		case "storage.set":
			if h.storage[inst] == nil {
				h.storage[inst] = map[string]string{}
			}
			h.storage[inst][a.Key] = a.Value
			return json.RawMessage("true"), nil
		case "storage.list":
			keys := []string{}
			for k := range h.storage[inst] {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			return json.Marshal(keys)
		}
		return nil, &HostError{Code: "permission_denied", Message: fmt.Sprintf("the app was not granted %q", name)}
	})
}

// goodApp is the well-behaved neighbour: async, with a host call.
const goodApp = `var __soukApp = { async render(page, params, ctx) {
	const echoed = await souk.call("echo", { page });
	return { type: "card", title: "ok " + echoed.page, items: [1, 2, 3].map(n => ({ type: "text", text: "#" + n })) };
} };`

func TestHostileSuite(t *testing.T) {
	// A generous grace: on a loaded 2-core machine an interrupted event may
	// need a moment to report; "killed" must mean "ignored the interrupt".
	runHostileSuite(t, newTestPool(t, PoolConfig{Size: 2, KillGrace: scaled(500 * time.Millisecond), Quarantine: QuarantinePolicy{Threshold: 1e9}}))
}

// TestHostileSuiteProductionDefaults runs the same attacks on a pool with
// the settings a node runs with: host.New starts
// sandbox.NewPool(sandbox.PoolConfig{}), every field at its default (NumCPU
// workers, 512 MiB each, 500 ms kill grace, the default quarantine). Only
// the worker command differs: this test binary instead of souk.
func TestHostileSuiteProductionDefaults(t *testing.T) {
	if testing.Short() {
		t.Skip("the hostile suite under production settings is not short")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPool(PoolConfig{Command: []string{exe}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	runHostileSuite(t, p)
}

func runHostileSuite(t *testing.T, p *Pool) {
	files, err := filepath.Glob("testdata/hostile/*.js")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 30 {
		t.Fatalf("hostile suite has %d programs; the acceptance asks for at least 30", len(files))
	}
	host := newTestHost()
	good := Job{AppID: "good", Version: "1.0.0", InstallationID: "good-inst", Script: []byte(goodApp), Handler: "render",
		Args: jsonArgs(t, "home", map[string]any{}, map[string]any{"installation": "good-inst"})}

	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".js")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			spec := parseHostileSpec(t, src)

			// The neighbour runs for as long as the attack does.
			stop := make(chan struct{})
			var goodRuns, goodFails atomic.Int64
			var goodErr atomic.Value
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					res, err := p.Run(context.Background(), good, host.forInstallation(good.InstallationID))
					if err != nil || res.Receipt.Outcome != OutcomeOK {
						goodFails.Add(1)
						goodErr.Store(fmt.Sprintf("%v %+v %+v", err, res.Receipt, res.Err))
					}
					goodRuns.Add(1)
				}
			}()

			args := jsonArgs(t, "home", map[string]any{"name": "attacker", "nested": map[string]any{"a": []int{1, 2}}},
				map[string]any{"installation": "attacker-inst", "shopper": "s1"})
			argsBefore := slices.Clone(args)
			for i := range argsBefore {
				argsBefore[i] = slices.Clone(args[i])
			}
			waitFullStrength(t, p) // replacements for an earlier case's victims
			workersBefore := p.WorkersStarted()
			poisoned := false // the previous run halted its runtime: the next must not find it warm
			for run := 0; run < spec.runs; run++ {
				job := Job{AppID: "hostile/" + name, Version: "0.0.1", InstallationID: "attacker-inst", Script: src,
					Handler: "render", Args: args, Limits: Limits{Timeout: scaled(spec.timeout)}}
				start := time.Now()
				res, err := p.Run(testCtx(t), job, host.forInstallation(job.InstallationID))
				if err != nil {
					t.Fatalf("run %d: host-side error %v", run, err)
				}
				checkHostile(t, spec, res, time.Since(start))
				if poisoned && res.Receipt.Runtime == RuntimeWarm {
					t.Errorf("run %d reused the warm runtime of a run that was halted", run)
				}
				switch res.Receipt.Outcome {
				case OutcomeOK, OutcomeError, OutcomeTooLarge:
					poisoned = false
				default:
					poisoned = true
					if res.Receipt.Runtime != "" && res.Receipt.RuntimeDiscarded == "" {
						t.Errorf("a runtime that ended %s was kept warm", res.Receipt.Outcome)
					}
				}
			}
			if spec.survives {
				if n := p.WorkersStarted() - workersBefore; n != 0 {
					t.Errorf("%d workers were replaced; the attack must not kill one", n)
				}
			}
			if err := p.Ready(); err != nil {
				t.Errorf("pool not ready after the attack: %v", err)
			}
			// A fast attack may end before the neighbour's first event; let it finish one.
			for deadline := time.Now().Add(5 * time.Second); goodRuns.Load() == 0 && time.Now().Before(deadline); {
				time.Sleep(time.Millisecond)
			}
			close(stop)
			wg.Wait()
			if goodFails.Load() > 0 {
				t.Errorf("the well-behaved app failed %d of %d events while %s ran: %v", goodFails.Load(), goodRuns.Load(), name, goodErr.Load())
			}
			if goodRuns.Load() == 0 {
				t.Errorf("the well-behaved app ran no events")
			}
			for i := range args {
				if !bytes.Equal(args[i], argsBefore[i]) {
					t.Errorf("job argument %d changed in host memory: %s", i, args[i])
				}
			}
			host.mu.Lock()
			victim := maps2str(host.storage["victim"])
			host.mu.Unlock()
			if victim != "secret=TOPSECRET-victim;" {
				t.Errorf("another installation's storage changed: %s", victim)
			}
		})
	}
}

func maps2str(m map[string]string) string {
	var b strings.Builder
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b.WriteString(k + "=" + m[k] + ";")
	}
	return b.String()
}

func checkHostile(t *testing.T, spec hostileSpec, res Result, took time.Duration) {
	t.Helper()
	rc := res.Receipt
	errText := ""
	if res.Err != nil {
		errText = res.Err.Name + ": " + res.Err.Message
	}
	var logs strings.Builder
	for _, l := range res.Logs {
		logs.WriteString(l.Level + " " + l.Message + "\n")
	}
	t.Logf("outcome=%s wall=%v cpu=%v hostcalls=%d logs=%d dropped=%d reason=%q value=%.120s",
		rc.Outcome, rc.Wall.Round(time.Millisecond), rc.CPU.Round(time.Millisecond), rc.HostCalls, len(res.Logs), rc.LogsDropped, rc.Reason, res.Value)
	if !slices.Contains(spec.expect, rc.Outcome) {
		t.Errorf("outcome %q, want one of %v (error: %s)", rc.Outcome, spec.expect, errText)
	}
	if rc.Outcome != OutcomeOK && rc.Reason == "" {
		t.Errorf("a failed event's receipt has no reason")
	}
	if rc.Outcome != OutcomeOK && res.Err == nil {
		t.Errorf("a failed event has no error for the developer")
	}
	for _, s := range spec.errorHas {
		if !strings.Contains(errText, s) {
			t.Errorf("error %q does not contain %q", errText, s)
		}
	}
	for _, s := range spec.valueHas {
		if !strings.Contains(string(res.Value), s) {
			t.Errorf("value %.300s does not contain %q", res.Value, s)
		}
	}
	stack := ""
	if res.Err != nil {
		stack = res.Err.Stack + "\n" + res.Err.GeneratedStack
	}
	for _, s := range spec.not {
		if strings.Contains(string(res.Value), s) || strings.Contains(logs.String(), s) || strings.Contains(errText, s) || strings.Contains(stack, s) {
			t.Errorf("%q leaked into the result, logs or error", s)
		}
	}
	for _, s := range spec.logHas {
		if !strings.Contains(logs.String(), s) {
			t.Errorf("logs %.500q do not contain %q", logs.String(), s)
		}
	}
	if spec.logsDropped && rc.LogsDropped == 0 {
		t.Errorf("expected the log cap to drop lines")
	}
	if spec.hostCalls >= 0 && rc.HostCalls != spec.hostCalls {
		t.Errorf("host calls %d, want %d", rc.HostCalls, spec.hostCalls)
	}
	for _, s := range spec.stackHas {
		if !strings.Contains(stack, s) {
			t.Errorf("stack %q does not contain %q", stack, s)
		}
	}
	if limit := scaled(spec.timeout+500*time.Millisecond) + 3*time.Second; took > limit {
		t.Errorf("the event took %v; deadline+grace should bound it", took)
	}
}

// waitFullStrength waits until every worker of p is alive (a killed worker's
// replacement starts in the background).
func waitFullStrength(t *testing.T, p *Pool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; {
		alive := 0
		p.mu.Lock()
		for w := range p.procs {
			if !w.isDead() && !w.killed() {
				alive++
			}
		}
		p.mu.Unlock()
		if alive >= p.cfg.Size {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the pool has %d of %d workers alive after 20s", alive, p.cfg.Size)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
