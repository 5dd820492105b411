package runtime

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/sandbox"
)

// TestExampleInSandbox runs the built example through the real sandbox
// pool: render returns a valid view, and a runtime error is reported
// against the original .ts file and line.
func TestExampleInSandbox(t *testing.T) {
	bun, dir := buildExample(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pool, err := sandbox.NewPool(sandbox.PoolConfig{Size: 1, Command: []string{exe}, MemoryLimit: 256 << 20, KillGrace: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()

	var mu sync.Mutex
	store := map[string]json.RawMessage{}
	host := sandbox.HostFunc(func(ctx context.Context, name string, args json.RawMessage) (json.RawMessage, error) {
		var a struct {
			Key   string          `json:"key"`
			Value json.RawMessage `json:"value"`
		}
		json.Unmarshal(args, &a)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case name == "storage.get" && bun.Manifest.HasPermission("storage"):
			if v, ok := store[a.Key]; ok {
				return v, nil
			}
			return json.RawMessage("null"), nil
		case name == "storage.set" && bun.Manifest.HasPermission("storage"):
			store[a.Key] = a.Value
			return json.RawMessage("null"), nil
		case strings.HasPrefix(name, "log.") && bun.Manifest.HasPermission("log"):
			return json.RawMessage("null"), nil
		}
		return nil, &sandbox.HostError{Code: "permission_denied", Message: name + " is not granted"}
	})

	lim := bun.Manifest.EffectiveLimits()
	job := func(handler string, args ...any) sandbox.Job {
		raw := make([]json.RawMessage, len(args))
		for i, a := range args {
			raw[i], _ = json.Marshal(a)
		}
		return sandbox.Job{AppID: bun.Manifest.Name, Version: bun.Manifest.Version, InstallationID: "inst1",
			BundleHash: hex.EncodeToString(bun.Hash[:]), Script: bun.Script, SourceMap: bun.SourceMap,
			Handler: handler, Args: raw,
			Limits: sandbox.Limits{Timeout: time.Duration(lim.TimeoutMs) * time.Millisecond, MaxHostCalls: lim.HostCalls,
				MaxLogBytes: lim.LogBytes, MaxResultBytes: lim.ViewBytes}}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	evCtx := map[string]string{"installationId": "inst1", "brandId": "brand1", "locale": "en"}

	res, err := pool.Run(ctx, job("render", "home", map[string]string{"name": "Ann"}, evCtx), host)
	if err != nil {
		t.Fatal(err)
	}
	if res.Receipt.Outcome != sandbox.OutcomeOK {
		t.Fatalf("render: %s %+v", res.Receipt.Outcome, res.Err)
	}
	view, err := ValidateView(res.Value, ViewLimitsFor(bun.Manifest))
	if err != nil {
		t.Fatalf("render returned an invalid view: %v\n%s", err, res.Value)
	}
	if n := view.Find("visits"); n == nil || n.Text != "Visit number 1" || string(store["visits:anonymous"]) != "1" {
		t.Fatalf("view %s, storage %v", res.Value, store)
	}

	res, err = pool.Run(ctx, job("action", "boom", nil, evCtx), host)
	if err != nil {
		t.Fatal(err)
	}
	if res.Receipt.Outcome != sandbox.OutcomeError || res.Err == nil || len(res.Err.Frames) == 0 {
		t.Fatalf("boom: %s %+v", res.Receipt.Outcome, res.Err)
	}
	want := throwLine(t, dir)
	f := res.Err.Frames[0]
	if !f.Mapped || f.File != "src/index.ts" || f.Line != want {
		t.Fatalf("top frame %+v, want src/index.ts:%d\n%s", f, want, res.Err.Stack)
	}
	if !strings.Contains(res.Err.Stack, "src/index.ts:"+strconv.Itoa(want)+":") || !strings.Contains(res.Err.Message, "deliberate") {
		t.Fatalf("stack: %s", res.Err.Stack)
	}
}
