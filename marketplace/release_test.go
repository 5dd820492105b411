package marketplace_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// render runs the installation's render for a shopper through RunEvent and
// returns the text of the view.
func render(t *testing.T, f *fixture, insID, shopper string) string {
	t.Helper()
	res, err := f.svc.RunEvent(ctx, f.engine(t), marketplace.EventRequest{InstallationID: insID, ShopperID: shopper, Handler: "render",
		Args: []json.RawMessage{json.RawMessage(`"home"`), json.RawMessage(`{}`)}})
	if err != nil {
		t.Fatal(err)
	}
	if res.View == nil {
		t.Fatalf("render: %+v", res.Receipt)
	}
	return res.View.Root.Text
}

func shoppers(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("usr_shopper%03d", i)
	}
	return out
}

// Gray release: with v2 at 50 %, a fixed set of 200 shoppers splits near
// half and half, every shopper sees the same version on every call, raising
// the percentage keeps everyone already on v2 there, 100 % moves all, and a
// rollback moves all back at once.
func TestGrayReleaseAndRollback(t *testing.T) {
	v1 := appBundle(t, "1.0.0", []string{"storage"}, "")
	v2 := appBundle(t, "2.0.0", []string{"storage"}, "")
	v3 := appBundle(t, "3.0.0", []string{"storage"}, "")
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a, _ := f.svc.CreateApp(ctx, f.dev.ID, "shop", "Shop")
		approved(t, f.svc, a.ID, v1)
		approved(t, f.svc, a.ID, v2)
		approved(t, f.svc, a.ID, v3)
		release(t, f.svc, a.ID, "1.0.0", 100)
		ins, err := f.svc.Install(ctx, f.brand.ID, "usr_owner", marketplace.InstallInput{AppID: a.ID, Permissions: []string{"storage"}})
		if err != nil {
			t.Fatal(err)
		}
		seen := func(shopper string) string {
			in, err := f.svc.Installation(ctx, ins.ID)
			if err != nil {
				t.Fatal(err)
			}
			v, err := f.svc.ResolveVersion(ctx, in, shopper)
			if err != nil {
				t.Fatal(err)
			}
			return v.Version
		}
		all := shoppers(200)
		for _, s := range all[:5] {
			if got := seen(s); got != "1.0.0" {
				t.Fatalf("before the gray release %s sees %s", s, got)
			}
		}

		st := release(t, f.svc, a.ID, "2.0.0", 50)
		if st.Stable != "1.0.0" || st.Candidate != "2.0.0" || st.Percent != 50 {
			t.Fatalf("state: %+v", st)
		}
		first := map[string]string{}
		onV2 := 0
		for _, s := range all {
			first[s] = seen(s)
			if first[s] == "2.0.0" {
				onV2++
			}
			if (first[s] == "2.0.0") != (marketplace.Bucket(a.ID, s) < 50) {
				t.Fatalf("%s in bucket %d sees %s", s, marketplace.Bucket(a.ID, s), first[s])
			}
		}
		if onV2 < 80 || onV2 > 120 {
			t.Fatalf("50%% release: %d of 200 on 2.0.0", onV2)
		}
		// Sticky: the same answer on every call, through the sandbox too.
		for _, s := range all[:12] {
			for i := 0; i < 2; i++ {
				if got := seen(s); got != first[s] {
					t.Fatalf("%s saw %s, then %s", s, first[s], got)
				}
				text := render(t, f, ins.ID, s)
				if want := "version " + first[s] + " brand " + f.brand.ID + " shopper " + s; text != want {
					t.Fatalf("render for %s: %q, want %q", s, text, want)
				}
			}
		}

		if _, err := f.svc.Release(ctx, a.ID, "2.0.0", 30, "usr_dev"); code(err) != marketplace.CodePercentLowered {
			t.Fatalf("lower the percentage: %v", err)
		}
		if st, err := f.svc.Release(ctx, a.ID, "2.0.0", 50, "usr_dev"); err != nil || st.Percent != 50 {
			t.Fatalf("same percentage again (a retry): %+v %v", st, err)
		}
		release(t, f.svc, a.ID, "2.0.0", 80)
		more := 0
		for _, s := range all {
			got := seen(s)
			if first[s] == "2.0.0" && got != "2.0.0" {
				t.Fatalf("%s left the gray release when it grew", s)
			}
			if got == "2.0.0" {
				more++
			}
		}
		if more <= onV2 || more < 140 {
			t.Fatalf("80%%: %d on 2.0.0 (was %d)", more, onV2)
		}
		st = release(t, f.svc, a.ID, "2.0.0", 100)
		if st.Stable != "2.0.0" || st.Candidate != "" {
			t.Fatalf("state at 100: %+v", st)
		}
		for _, s := range all {
			if got := seen(s); got != "2.0.0" {
				t.Fatalf("after 100%% %s sees %s", s, got)
			}
		}
		if _, err := f.svc.Release(ctx, a.ID, "2.0.0", 100, "usr_dev"); code(err) != marketplace.CodeAlreadyStable {
			t.Fatalf("release the stable again: %v", err)
		}
		if _, err := f.svc.Release(ctx, a.ID, "1.0.0", 100, "usr_dev"); code(err) != marketplace.CodeVersionNotNewer {
			t.Fatalf("release an older version: %v", err)
		}

		// 3.0.0 to 10 %, then roll back to 1.0.0: everyone, gray or not, is on 1.0.0.
		release(t, f.svc, a.ID, "3.0.0", 10)
		if kept, _ := f.svc.KeptVersions(ctx, a.ID); !reflect.DeepEqual(kept, []string{"1.0.0"}) {
			t.Fatalf("kept: %v", kept)
		}
		if _, err := f.svc.Rollback(ctx, a.ID, "3.0.0", "usr_dev"); code(err) != marketplace.CodeNotKept {
			t.Fatalf("rollback to a version never stable: %v", err)
		}
		st, err = f.svc.Rollback(ctx, a.ID, "1.0.0", "usr_dev")
		if err != nil || st.Stable != "1.0.0" || st.Candidate != "" || st.Percent != 0 {
			t.Fatalf("rollback: %+v %v", st, err)
		}
		for _, s := range all {
			if got := seen(s); got != "1.0.0" {
				t.Fatalf("after rollback %s sees %s", s, got)
			}
		}
		if text := render(t, f, ins.ID, all[0]); !strings.HasPrefix(text, "version 1.0.0 ") {
			t.Fatalf("render after rollback: %q", text)
		}
		if kept, _ := f.svc.KeptVersions(ctx, a.ID); !reflect.DeepEqual(kept, []string{"2.0.0"}) {
			t.Fatalf("kept after rollback: %v", kept)
		}
		hist, _ := f.svc.Releases(ctx, a.ID)
		var steps []string
		for _, e := range hist {
			steps = append(steps, fmt.Sprintf("%s %s %d", e.Action, e.Version, e.Percent))
		}
		want := []string{"rollback 1.0.0 100", "gray 3.0.0 10", "stable 2.0.0 100", "gray 2.0.0 80", "gray 2.0.0 50", "stable 1.0.0 100"}
		if !reflect.DeepEqual(steps, want) {
			t.Fatalf("history:\n%v\nwant\n%v", steps, want)
		}
	})
}

// Only the last KeptVersions stable versions can be rolled back to.
func TestRollbackKeepsTen(t *testing.T) {
	var archives [][]byte
	for i := 1; i <= 12; i++ {
		archives = append(archives, appBundle(t, fmt.Sprintf("1.%d.0", i), []string{}, ""))
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a, _ := f.svc.CreateApp(ctx, f.dev.ID, "shop", "Shop")
		for _, ar := range archives {
			v := approved(t, f.svc, a.ID, ar)
			release(t, f.svc, a.ID, v.Version, 100)
		}
		kept, err := f.svc.KeptVersions(ctx, a.ID)
		if err != nil || len(kept) != marketplace.KeptVersions || kept[0] != "1.11.0" || kept[9] != "1.2.0" {
			t.Fatalf("kept: %v %v", kept, err)
		}
		if _, err := f.svc.Rollback(ctx, a.ID, "1.1.0", "usr_dev"); code(err) != marketplace.CodeNotKept {
			t.Fatalf("rollback past the kept ten: %v", err)
		}
		if st, err := f.svc.Rollback(ctx, a.ID, "1.2.0", "usr_dev"); err != nil || st.Stable != "1.2.0" {
			t.Fatalf("rollback to the oldest kept: %+v %v", st, err)
		}
	})
}
