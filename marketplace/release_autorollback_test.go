package marketplace_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// failingSrc throws on the events whose params.n ends in a digit below
// fail: fail 3 fails 30 % of events numbered 0, 1, 2, …
func failingSrc(fail int) string {
	return fmt.Sprintf(`const FAIL = %d;
export default {
  render(page, params, ctx) {
    if (params.n %% 10 < FAIL) throw new Error("boom on event " + params.n);
    return { type: "text", text: "version " + VERSION };
  },
};`, fail)
}

// grayWorld is an app with stable 1.0.0 (failing stableFail in 10) and
// 2.0.0 (failing candFail in 10) in gray release at 50 %, installed by a
// brand, with the rules margin 10 points and 20 events.
type grayWorld struct {
	f     *fixture
	app   string
	ins   string
	on    map[string][]string // version → shoppers who see it
	count map[string]int      // version → events run
}

func newGrayWorld(t *testing.T, db *store.DB, stableFail, candFail int) *grayWorld {
	t.Helper()
	v1 := appBundle(t, "1.0.0", []string{"storage"}, failingSrc(stableFail))
	v2 := appBundle(t, "2.0.0", []string{"storage"}, failingSrc(candFail))
	f := newFixture(t, db)
	a, err := f.svc.CreateApp(ctx, f.dev.ID, "shop", "Shop")
	if err != nil {
		t.Fatal(err)
	}
	approved(t, f.svc, a.ID, v1)
	approved(t, f.svc, a.ID, v2)
	release(t, f.svc, a.ID, "1.0.0", 100)
	ins, err := f.svc.Install(ctx, f.brand.ID, "usr_owner", marketplace.InstallInput{AppID: a.ID, Permissions: []string{"storage"}})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := f.svc.AutoRollback(ctx, a.ID); err != nil || r != marketplace.DefaultAutoRollback() || !r.Enabled {
		t.Fatalf("default rules: %+v %v", r, err)
	}
	if _, err := f.svc.SetAutoRollback(ctx, a.ID, marketplace.AutoRollbackRules{Enabled: true, MarginPoints: 10, MinEvents: 20}, "usr_dev"); err != nil {
		t.Fatal(err)
	}
	release(t, f.svc, a.ID, "2.0.0", 50)
	w := &grayWorld{f: f, app: a.ID, ins: ins.ID, on: map[string][]string{}, count: map[string]int{}}
	for _, s := range shoppers(200) {
		v := "1.0.0"
		if marketplace.Bucket(a.ID, s) < 50 {
			v = "2.0.0"
		}
		w.on[v] = append(w.on[v], s)
	}
	return w
}

// run has n more events of each version, through RunEvent and the
// sandbox, each numbered by its version's count so far.
func (w *grayWorld) run(t *testing.T, n int) {
	t.Helper()
	for _, v := range []string{"1.0.0", "2.0.0"} {
		for i := 0; i < n; i++ {
			k := w.count[v]
			shopper := w.on[v][k%len(w.on[v])]
			res, err := w.f.svc.RunEvent(ctx, w.f.engine(t), marketplace.EventRequest{InstallationID: w.ins, ShopperID: shopper, Handler: "render",
				Args: []json.RawMessage{json.RawMessage(`"home"`), json.RawMessage(fmt.Sprintf(`{"n": %d}`, k))}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Receipt.Version != v {
				t.Fatalf("%s was served %s, want %s", shopper, res.Receipt.Version, v)
			}
			w.count[v]++
		}
	}
}

// figures waits until every event run is counted (receipts may be written
// behind the events) and returns the comparison.
func (w *grayWorld) figures(t *testing.T) *marketplace.AutoRollbackFigures {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := w.f.svc.AutoRollbackStatus(ctx, w.app)
		if err != nil {
			t.Fatal(err)
		}
		c := st.Comparison
		if c == nil {
			t.Fatal("no comparison during a gray release")
		}
		if c.Candidate.Events == w.count["2.0.0"] && c.Stable.Events == w.count["1.0.0"] {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("figures %+v, ran %v", c, w.count)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func metric(f *marketplace.AutoRollbackFigures, m string) marketplace.MetricFigures {
	for _, x := range f.Metrics {
		if x.Metric == m {
			return x
		}
	}
	return marketplace.MetricFigures{}
}

// Acceptance: a gray release of a version that fails 30 % of its events,
// over a stable version that never fails, is rolled back automatically
// once both versions have the minimum number of events — not before — and
// the history and the developer's notification say why with the figures.
func TestAutoRollbackOfFailingVersion(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		w := newGrayWorld(t, db, 0, 3)
		svc := w.f.svc

		// Under the minimum (10 of 20 events each): compared to nothing yet.
		w.run(t, 10)
		f := w.figures(t)
		if m := metric(f, marketplace.MetricErrors); m.Compared || m.CandidateBP != 3000 || m.StableBP != 0 {
			t.Fatalf("under the minimum: %+v", m)
		}
		if _, rolled, err := svc.CheckAutoRollback(ctx, w.app); err != nil || rolled {
			t.Fatalf("rolled back under the minimum: %v %v", rolled, err)
		}

		w.run(t, 20)
		f = w.figures(t)
		m := metric(f, marketplace.MetricErrors)
		if !m.Compared || !m.Exceeded || m.CandidateBP != 3000 || m.CandidateOf != 30 || m.StableBP != 0 || m.StableOf != 30 || m.DifferenceBP != 3000 {
			t.Fatalf("30 events each: %+v", m)
		}
		if f.Candidate.Errors != 9 || f.Stable.Errors != 0 {
			t.Fatalf("figures: %+v", f)
		}
		// The host's sweep: every app in gray release.
		n, err := svc.CheckAutoRollbacks(ctx)
		if err != nil || n != 1 {
			t.Fatalf("sweep rolled back %d: %v", n, err)
		}
		st, err := svc.ReleaseState(ctx, w.app)
		if err != nil || st.Stable != "1.0.0" || st.Candidate != "" || st.Percent != 0 {
			t.Fatalf("after the automatic rollback: %+v %v", st, err)
		}
		// Every shopper is back on 1.0.0.
		for _, s := range w.on["2.0.0"][:5] {
			if text := render(t, w.f, w.ins, s); text != "version 1.0.0" {
				t.Fatalf("%s after rollback: %q", s, text)
			}
		}
		// A second sweep (another node) finds nothing to do.
		if n, err := svc.CheckAutoRollbacks(ctx); err != nil || n != 0 {
			t.Fatalf("second sweep: %d %v", n, err)
		}

		status, err := svc.AutoRollbackStatus(ctx, w.app)
		if err != nil {
			t.Fatal(err)
		}
		if status.Comparison != nil || len(status.History) != 1 {
			t.Fatalf("status: %+v", status)
		}
		h := status.History[0]
		if h.ActorID != marketplace.ActorAutoRollback || h.Action != marketplace.ReleaseRollback || h.Version != "1.0.0" || h.Figures == nil ||
			h.Figures.Candidate.Errors != 9 || !slices.Equal(h.Figures.Exceeded, []string{marketplace.MetricErrors}) {
			t.Fatalf("history: %+v", h)
		}
		want := "version 2.0.0 rolled back to 1.0.0 automatically: error rate 30.00% over 30 events against 0.00% over 30 events for 1.0.0 (margin 10 points)"
		if h.Reason != want {
			t.Fatalf("reason %q\nwant %q", h.Reason, want)
		}

		notes, err := svc.Notifications(ctx, w.f.dev.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) == 0 || notes[0].Event.Type != marketplace.EventAutoRolledBack || notes[0].Event.Reason != want ||
			notes[0].Event.Figures == nil || notes[0].Event.RolledBack != "1.0.0" || notes[0].Event.Version != "2.0.0" || notes[0].Read {
			t.Fatalf("newest notification: %+v", notes)
		}
	})
}

// Acceptance: a version that fails no more than its predecessor (30 % over
// 30 %) is not rolled back; neither is any release with the rules off.
func TestAutoRollbackSparesNoWorseVersion(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		w := newGrayWorld(t, db, 3, 3)
		w.run(t, 30)
		f := w.figures(t)
		m := metric(f, marketplace.MetricErrors)
		if !m.Compared || m.Exceeded || m.CandidateBP != 3000 || m.StableBP != 3000 {
			t.Fatalf("same rate: %+v", m)
		}
		if _, rolled, err := w.f.svc.CheckAutoRollback(ctx, w.app); err != nil || rolled {
			t.Fatalf("rolled back a version no worse than its predecessor: %v", err)
		}
		if st, _ := w.f.svc.ReleaseState(ctx, w.app); st.Candidate != "2.0.0" || st.Percent != 50 {
			t.Fatalf("state: %+v", st)
		}
	})
}

// The rates from receipts: timeouts and payment failures (failed orderPaid
// events, over orderPaid events only) trip the rule as errors do; outcomes
// that say nothing about a version are not counted; disabled rules never
// roll back; rules out of range are refused.
func TestAutoRollbackRatesFromReceipts(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a, _ := f.svc.CreateApp(ctx, f.dev.ID, "shop", "Shop")
		approved(t, f.svc, a.ID, appBundle(t, "1.0.0", []string{"storage"}, ""))
		approved(t, f.svc, a.ID, appBundle(t, "2.0.0", []string{"storage"}, ""))
		release(t, f.svc, a.ID, "1.0.0", 100)
		for _, bad := range []marketplace.AutoRollbackRules{{MarginPoints: 0, MinEvents: 5}, {MarginPoints: 101, MinEvents: 5}, {MarginPoints: 5, MinEvents: 0}} {
			if _, err := f.svc.SetAutoRollback(ctx, a.ID, bad, "usr_dev"); code(err) != marketplace.CodeInvalidRules {
				t.Fatalf("%+v: %v", bad, err)
			}
		}
		if _, err := f.svc.SetAutoRollback(ctx, a.ID, marketplace.AutoRollbackRules{Enabled: false, MarginPoints: 5, MinEvents: 10}, "usr_dev"); err != nil {
			t.Fatal(err)
		}
		release(t, f.svc, a.ID, "2.0.0", 10)
		seq := 0
		receipt := func(version, event, outcome string, n int) {
			for i := 0; i < n; i++ {
				seq++
				if _, err := db.ExecContext(ctx, `INSERT INTO receipts (id, app_id, version, installation_id, event, outcome, bundle_hash, started_at,
					wall_us, cpu_us, compile_us, host_calls, bytes_in, bytes_out, log_lines, logs_dropped)
					VALUES ($1, $2, $3, 'ins_x', $4, $5, 'h', $6, 0, 0, 0, 0, 0, 0, 0, 0)`,
					fmt.Sprintf("rcp_%05d", seq), a.ID, version, event, outcome, store.Now()); err != nil {
					t.Fatal(err)
				}
			}
		}
		// 1.0.0: 20 ok orderPaid, 20 ok render, 1 timeout. 2.0.0: 20
		// orderPaid of which 4 failed (20 %), 20 ok render, 1 timeout, and
		// 50 overloaded and canceled events that do not count.
		receipt("1.0.0", "orderPaid", "ok", 20)
		receipt("1.0.0", "render", "ok", 20)
		receipt("1.0.0", "render", "timeout", 1)
		receipt("2.0.0", "orderPaid", "ok", 16)
		receipt("2.0.0", "orderPaid", "error", 4)
		receipt("2.0.0", "render", "ok", 20)
		receipt("2.0.0", "render", "timeout", 1)
		receipt("2.0.0", "render", "overloaded", 40)
		receipt("2.0.0", "render", "canceled", 10)

		// Off: figures, but no rollback.
		if fig, rolled, err := f.svc.CheckAutoRollback(ctx, a.ID); err != nil || rolled || fig != nil {
			t.Fatalf("rules off: %+v %v %v", fig, rolled, err)
		}
		if _, err := f.svc.SetAutoRollback(ctx, a.ID, marketplace.AutoRollbackRules{Enabled: true, MarginPoints: 5, MinEvents: 10}, "usr_dev"); err != nil {
			t.Fatal(err)
		}
		fig, rolled, err := f.svc.CheckAutoRollback(ctx, a.ID)
		if err != nil || !rolled {
			t.Fatalf("payment failures 20%% over 0%%: %+v %v %v", fig, rolled, err)
		}
		if fig.Candidate.Events != 41 || fig.Candidate.PaymentEvents != 20 || fig.Candidate.PaymentFailures != 4 || fig.Candidate.Errors != 4 || fig.Candidate.Timeouts != 1 {
			t.Fatalf("candidate figures: %+v", fig.Candidate)
		}
		// Errors: 4/41 = 9.75 % vs 0 %: over 5 points too; timeouts 2.43 % both: not.
		if !slices.Equal(fig.Exceeded, []string{marketplace.MetricErrors, marketplace.MetricPaymentFailures}) {
			t.Fatalf("exceeded: %v", fig.Exceeded)
		}
		if m := metric(fig, marketplace.MetricPaymentFailures); m.CandidateBP != 2000 || m.CandidateOf != 20 || m.StableOf != 20 {
			t.Fatalf("payment failures: %+v", m)
		}
		if !strings.Contains(fig.Reason(), "payment-failure rate 20.00% over 20 events against 0.00% over 20 events") {
			t.Fatalf("reason: %s", fig.Reason())
		}
	})
}
