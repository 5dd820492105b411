package killtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/soukhq/souk/internal/testenv"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store/storetest"
)

// haproxyPath finds HAProxy (Debian's package puts it in /usr/sbin, which a
// user's PATH may lack); missing, it skips locally and fails under CI.
func haproxyPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"haproxy", "/usr/sbin/haproxy"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	testenv.Missing(t, "haproxy is not installed (apt-get install haproxy)")
	return ""
}

func appBundle(t *testing.T) []byte {
	t.Helper()
	dir := t.TempDir()
	for name, src := range AppSource {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := runtime.Build(dir, runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	return res.Archive
}

// The acceptance run of issue 16 item 2: two souk serve nodes on one
// PostgreSQL and one MinIO behind HAProxy, under a bounded mixed load (money,
// orders and payments, chat over WebSockets on both nodes, image uploads,
// app events); node a is SIGKILLed and restarted mid-load, node b SIGTERMed
// with uploads and sockets in flight. Nothing acknowledged is lost or
// duplicated, every chat device catches up gap-free, every job runs once in
// effect, sessions hold on both nodes, the ledger and order reconciliation
// pass, and X-Forwarded-For is believed from HAProxy only.
func TestClusterThroughHAProxy(t *testing.T) {
	lb := haproxyPath(t)
	endpoint := testenv.Get(t, testenv.S3Endpoint)
	access, secret := testenv.Get(t, testenv.S3AccessKey), testenv.Get(t, testenv.S3SecretKey)
	dbURL := storetest.PostgresURL(t)
	c := ClusterConfig{Bin: soukBin, HAProxy: lb, DatabaseURL: dbURL, S3Endpoint: endpoint, S3AccessKey: access,
		S3SecretKey: secret, S3Bucket: fmt.Sprintf("souk-cluster-%d", time.Now().UnixNano()), Dir: t.TempDir(),
		AppBundle: appBundle(t), Shoppers: 4, Load: 12 * time.Second, Seed: uint64(time.Now().UnixNano()),
		Checks: checks, Logf: t.Logf}
	if *long {
		c.Shoppers, c.Load = 8, 60*time.Second
	}
	t.Logf("seed %d", c.Seed)
	ctx, cancel := context.WithTimeout(context.Background(), c.Load+6*time.Minute)
	defer cancel()
	rep, err := RunCluster(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep.String())
	t.Logf("figures: operations %d (requests %d), SIGKILL %d, SIGTERM %d, chat reconnects %d, in flight at SIGTERM %d/%d ok, balancer errors %d (%d during the SIGTERM), lost %d, duplicates %d",
		rep.operations(), rep.Requests, rep.Kills, rep.Terms, rep.Reconnects, rep.InFlightOK, rep.InFlight,
		rep.BalancerErrors, rep.TermErrors, rep.Lost, rep.Duplicates)
	if rep.Kills != 1 || rep.Terms != 1 {
		t.Errorf("%d kills and %d terms, want 1 and 1", rep.Kills, rep.Terms)
	}
	for _, k := range []string{"payment", "transfer", "chat_text", "chat_image", "app_event", "app_order"} {
		if rep.Acked[k] == 0 {
			t.Errorf("the load did no %s: %v", k, rep.Acked)
		}
	}
	if len(rep.DevicesPerNode) < 2 {
		t.Errorf("chat devices connected to %v, want both nodes", rep.DevicesPerNode)
	}
	if rep.Reconnects == 0 {
		t.Errorf("no chat device reconnected: the kill and the stop did not reach them")
	}
	if rep.CloseCodes[1001] == 0 {
		t.Errorf("no socket was closed as going away (1001) by the SIGTERM: %v", rep.CloseCodes)
	}
	if rep.InFlight == 0 || rep.InFlightOK != rep.InFlight {
		t.Errorf("%d of %d requests in flight at SIGTERM finished", rep.InFlightOK, rep.InFlight)
	}
	for _, p := range rep.Problems {
		t.Error(p)
	}
}

// operations is every acknowledged operation of the run.
func (r *ClusterReport) operations() int {
	n := 0
	for _, v := range r.Acked {
		n += v
	}
	return n
}

// The chat check is not vacuous: a repeat and a gap are reported, per
// conversation, and a resumed device continues from its cursor.
func TestDeviceSeesRepeatsAndGaps(t *testing.T) {
	d := &device{name: "d", cursors: map[string]int64{"c2": 5}}
	var got []string
	for _, f := range []frame{{Type: "message", ConversationID: "c1", Seq: 1}, {Type: "message", ConversationID: "c1", Seq: 2},
		{Type: "message", ConversationID: "c2", Seq: 6}, {Type: "message", ConversationID: "c1", Seq: 2},
		{Type: "message", ConversationID: "c1", Seq: 4}, {Type: "message", ConversationID: "c1", Seq: 5}} {
		if p := d.see(f); p != "" {
			got = append(got, p)
		}
	}
	want := []string{"d: message 2 of c1 again after 2 (duplicate)", "d: message 4 of c1 after 2 (gap)"}
	if fmt.Sprint(got) != fmt.Sprint(want) || d.cursors["c1"] != 5 || d.cursors["c2"] != 6 || d.messages.Load() != 6 {
		t.Fatalf("problems %q, cursors %v; want %q", got, d.cursors, want)
	}
}
