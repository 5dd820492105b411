package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// hostCode calls name through b and returns the HostError code ("" on success).
func hostCode(t *testing.T, b *Bridge, name, args string) (json.RawMessage, string) {
	t.Helper()
	out, err := b.CallHost(context.Background(), name, json.RawMessage(args))
	if err == nil {
		return out, ""
	}
	var he *sandbox.HostError
	if !errors.As(err, &he) {
		t.Fatalf("%s(%s): not a HostError: %v", name, args, err)
	}
	return nil, he.Code
}

func testRegistry(db *store.DB) *Registry {
	return NewRegistry(append(StorageAPIs(NewKV(db)), LogAPIs()...)...)
}

func TestBridgeChecks(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		reg := testRegistry(db)
		all := reg.Bridge(HostEvent{AppID: "app1", InstallationID: "inst1", Granted: []string{"storage", "log"}}, BridgeLimits{MaxCalls: 100}, nil)
		logOnly := reg.Bridge(HostEvent{AppID: "app1", InstallationID: "inst1", Granted: []string{"log"}}, BridgeLimits{MaxCalls: 100}, nil)

		for _, tc := range []struct {
			b          *Bridge
			name, args string
			code       string
		}{
			{logOnly, "storage.get", `{"key":"a"}`, CodePermissionDenied},
			{all, "storage.nope", `{}`, CodeUnknownAPI},
			{all, "catalog.list", `{}`, CodeUnknownAPI},
			{all, "storage.get", `{"key":5}`, CodeInvalidArgs},
			{all, "storage.get", `{"key":"a","installationId":"inst2"}`, CodeInvalidArgs},
			{all, "storage.get", `{"key":"a","key":"b"}`, CodeInvalidArgs},
			{all, "storage.get", `["a"]`, CodeInvalidArgs},
			{all, "storage.get", `"a"`, CodeInvalidArgs},
			{all, "storage.get", `{}`, CodeInvalidArgs},
			{all, "storage.get", `{"key":"tab\there"}`, CodeInvalidArgs},
			{all, "storage.get", `{"key":"` + strings.Repeat("k", MaxStorageKeyBytes+1) + `"}`, CodeInvalidArgs},
			{all, "storage.set", `{"key":"a"}`, CodeInvalidArgs},
			{all, "storage.set", `{"key":"a","value":"` + strings.Repeat("v", MaxStorageValueBytes) + `"}`, CodeQuotaExceeded},
			{all, "storage.list", `{"limit":"10"}`, CodeInvalidArgs},
			{all, "storage.list", `{"limit":1000}`, CodeInvalidArgs},
			{all, "log.info", `{"message":1}`, CodeInvalidArgs},
			{all, "log.info", `{"message":"x","level":"info"}`, CodeInvalidArgs},
			{all, "storage.get", `{"key":"a"}`, ""},
			{all, "storage.list", `null`, ""},
			{all, "log.warn", `{"message":"ok","fields":{"n":1}}`, ""},
		} {
			if _, code := hostCode(t, tc.b, tc.name, tc.args); code != tc.code {
				t.Errorf("%s(%.60s): code %q, want %q", tc.name, tc.args, code, tc.code)
			}
		}
		logs, dropped := all.Logs()
		if len(logs) != 1 || logs[0].Level != "warn" || logs[0].Message != "ok" || string(logs[0].Fields) != `{"n":1}` || dropped != 0 {
			t.Fatalf("logs %+v dropped %d", logs, dropped)
		}
	})
}

func TestBridgeCallCaps(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		reg := testRegistry(db)
		b := reg.Bridge(HostEvent{InstallationID: "inst1", Granted: []string{"storage", "log"}}, BridgeLimits{MaxCalls: 3, MaxLogLines: 1}, nil)
		for i, want := range []string{"", "", "", CodeCallLimit, CodeCallLimit} {
			if _, code := hostCode(t, b, "log.info", `{"message":"m"}`); code != want {
				t.Fatalf("call %d: %q, want %q", i+1, code, want)
			}
		}
		if logs, dropped := b.Logs(); len(logs) != 1 || dropped != 2 {
			t.Fatalf("log budget: %d kept, %d dropped", len(logs), dropped)
		}
		// storage.set has its own per-event cap below the overall one.
		b = reg.Bridge(HostEvent{InstallationID: "inst1", Granted: []string{"storage"}}, BridgeLimits{MaxCalls: 1000}, nil)
		for i := range 101 {
			_, code := hostCode(t, b, "storage.set", `{"key":"k","value":1}`)
			if want := map[bool]string{true: CodeCallLimit, false: ""}[i == 100]; code != want {
				t.Fatalf("set %d: %q, want %q", i+1, code, want)
			}
		}
	})
}

func TestStorageIsolationAndQuotas(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		reg := testRegistry(db)
		mine := reg.Bridge(HostEvent{InstallationID: "inst_a", Granted: []string{"storage"}}, BridgeLimits{MaxCalls: 1000}, nil)
		theirs := reg.Bridge(HostEvent{InstallationID: "inst_b", Granted: []string{"storage"}}, BridgeLimits{MaxCalls: 1000}, nil)

		for _, k := range []string{"cart:1", "cart:2", "cart:3", "user:1", "ünï cødé"} {
			if _, code := hostCode(t, mine, "storage.set", `{"key":"`+k+`","value": {"k": "`+k+`", "n": [1, 2]}}`); code != "" {
				t.Fatalf("set %s: %s", k, code)
			}
		}
		out, _ := hostCode(t, mine, "storage.get", `{"key":"cart:2"}`)
		if string(out) != `{"k":"cart:2","n":[1,2]}` {
			t.Fatalf("get: %s", out)
		}
		// Another installation sees none of it, whatever it asks.
		if out, _ := hostCode(t, theirs, "storage.get", `{"key":"cart:2"}`); string(out) != "null" {
			t.Fatalf("other installation read %s", out)
		}
		if out, _ := hostCode(t, theirs, "storage.list", `{}`); string(out) != `{"keys":[]}` {
			t.Fatalf("other installation listed %s", out)
		}
		if out, _ := hostCode(t, theirs, "storage.delete", `{"key":"cart:2"}`); string(out) != "false" {
			t.Fatalf("other installation deleted: %s", out)
		}

		out, _ = hostCode(t, mine, "storage.list", `{"prefix":"cart:","limit":2}`)
		var page storageListResult
		json.Unmarshal(out, &page)
		if strings.Join(page.Keys, ",") != "cart:1,cart:2" || page.Cursor != "cart:2" {
			t.Fatalf("page 1: %s", out)
		}
		out, _ = hostCode(t, mine, "storage.list", `{"prefix":"cart:","cursor":"cart:2","limit":2}`)
		if string(out) != `{"keys":["cart:3"]}` {
			t.Fatalf("page 2: %s", out)
		}
		if out, _ := hostCode(t, mine, "storage.delete", `{"key":"cart:3"}`); string(out) != "true" {
			t.Fatalf("delete: %s", out)
		}
		kv := NewKV(db)
		if n, _, err := kv.Usage(context.Background(), "inst_a"); err != nil || n != 4 {
			t.Fatalf("usage after delete: %d %v", n, err)
		}

		// Bytes: 16 values of ~64 KiB fill the 1 MiB quota.
		ctx := context.Background()
		big := `"` + strings.Repeat("x", MaxStorageValueBytes-100) + `"`
		var err error
		i := 0
		for ; i < 20 && err == nil; i++ {
			err = kv.Set(ctx, "inst_q", "big:"+strings.Repeat("0", i), []byte(big))
		}
		var he *sandbox.HostError
		if !errors.As(err, &he) || he.Code != CodeQuotaExceeded || i != 17 {
			t.Fatalf("after %d big values: %v", i, err)
		}
		// Overwriting an existing key within quota still works.
		if err := kv.Set(ctx, "inst_q", "big:", []byte(`1`)); err != nil {
			t.Fatal(err)
		}
		// Keys: the 1,001st new key is refused; the usage row is exact.
		for i := range MaxStorageKeys {
			if err := kv.Set(ctx, "inst_k", "k"+strings.Repeat("0", 3)+string(rune('a'+i%26))+itoa(i), []byte(`0`)); err != nil {
				t.Fatalf("key %d: %v", i, err)
			}
		}
		if err := kv.Set(ctx, "inst_k", "one-too-many", []byte(`0`)); !errors.As(err, &he) || he.Code != CodeQuotaExceeded {
			t.Fatalf("1001st key: %v", err)
		}
		if n, _, _ := kv.Usage(ctx, "inst_k"); n != MaxStorageKeys {
			t.Fatalf("usage %d keys", n)
		}
	})
}

func itoa(i int) string { return strconv.Itoa(i) }
