package marketplace_test

import (
	"testing"
	"time"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// A sandbox quarantine is told to the app's developers once per
// QuarantineNoticeGap, however many nodes (or sweeps) report it; a
// quarantine of an app souk does not know (an anonymous bundle) is not.
func TestQuarantineNotice(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a, _ := f.svc.CreateApp(ctx, f.dev.ID, "shop", "Shop")
		now := time.Now()
		q := sandbox.Quarantine{Key: a.ID, AppID: a.ID, Version: "1.0.0", Until: now.Add(5 * time.Minute), Kills: 3, LastReason: "worker killed: out of memory"}
		anon := sandbox.Quarantine{Key: "bundle:abc"}
		unknown := sandbox.Quarantine{Key: "app_gone", AppID: "app_gone"}
		for i := 0; i < 3; i++ { // three sweeps, or three nodes
			n, err := f.svc.NoteQuarantines(ctx, []sandbox.Quarantine{q, anon, unknown}, now.Add(time.Duration(i)*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{true: 1, false: 0}[i == 0]; n != want {
				t.Fatalf("sweep %d told %d", i, n)
			}
		}
		notes, err := f.svc.Notifications(ctx, f.dev.ID, 0)
		if err != nil || len(notes) != 1 {
			t.Fatalf("notes %+v %v", notes, err)
		}
		ev := notes[0].Event
		if ev.Type != marketplace.EventAppQuarantined || ev.Kills != 3 || ev.Version != "1.0.0" || ev.Reason != q.LastReason || ev.Until == nil || ev.AppName != "Shop" {
			t.Fatalf("event %+v", ev)
		}
		// After the gap a quarantine still in force is told again.
		if n, err := f.svc.NoteQuarantines(ctx, []sandbox.Quarantine{q}, now.Add(marketplace.QuarantineNoticeGap+time.Minute)); err != nil || n != 1 {
			t.Fatalf("after the gap: %d %v", n, err)
		}
	})
}
