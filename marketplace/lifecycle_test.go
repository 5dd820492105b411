package marketplace_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// shopSrc renders which version served it, and the ctx the host passed.
const shopSrc = `export default {
  render(page, params, ctx) { return { type: "text", text: "version " + VERSION + " brand " + ctx.brandId + " shopper " + ctx.shopperId }; },
};`

// appBundle builds app "shop" at version asking for perms; src defaults to shopSrc.
func appBundle(t *testing.T, version string, perms []string, src string) []byte {
	t.Helper()
	if src == "" {
		src = shopSrc
	}
	dir := t.TempDir()
	p, _ := json.Marshal(perms)
	manifest := fmt.Sprintf(`{"name": "shop", "version": %q, "entry": "index.js", "permissions": %s}`, version, p)
	src = fmt.Sprintf("const VERSION = %q;\n", version) + src
	os.WriteFile(filepath.Join(dir, "souk.json"), []byte(manifest), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte(src), 0o644)
	res, err := runtime.Build(dir, runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	return res.Archive
}

func upload(t *testing.T, svc *marketplace.Service, appID string, archive []byte) marketplace.Version {
	t.Helper()
	v, err := svc.UploadVersion(ctx, appID, bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// approved uploads, submits and approves a version.
func approved(t *testing.T, svc *marketplace.Service, appID string, archive []byte) marketplace.Version {
	t.Helper()
	v := upload(t, svc, appID, archive)
	if v.Status != marketplace.StatusReady {
		t.Fatalf("%s: %s %+v", v.Version, v.Status, v.Checks)
	}
	if _, err := svc.Submit(ctx, appID, v.Version, "usr_dev"); err != nil {
		t.Fatal(err)
	}
	v, err := svc.Approve(ctx, appID, v.Version, "usr_reviewer", "")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func release(t *testing.T, svc *marketplace.Service, appID, version string, percent int) marketplace.ReleaseState {
	t.Helper()
	st, err := svc.Release(ctx, appID, version, percent, "usr_dev")
	if err != nil {
		t.Fatalf("release %s at %d: %v", version, percent, err)
	}
	return st
}

func failedChecks(v marketplace.Version) []string {
	var out []string
	for _, c := range v.Checks {
		if !c.OK {
			out = append(out, c.Check+":"+c.Code)
		}
	}
	return out
}

func TestUploadChecks(t *testing.T) {
	v1 := appBundle(t, "1.0.0", []string{"storage"}, "")
	evil := appBundle(t, "1.1.0", []string{"storage"}, `export default { render() { return { type: "text", text: String(eval("1+1")) }; } };`)
	big := appBundle(t, "1.2.0", []string{"storage"}, "")
	more := appBundle(t, "1.3.0", []string{"storage", "orders"}, "")
	older := appBundle(t, "0.9.0", []string{"storage"}, "")
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a, _ := f.svc.CreateApp(ctx, f.dev.ID, "shop", "Shop")

		v := upload(t, f.svc, a.ID, v1)
		if v.Status != marketplace.StatusReady || !reflect.DeepEqual(failedChecks(v), []string{"permission_diff:permissions_added"}) {
			t.Fatalf("clean upload: %s %+v", v.Status, v.Checks)
		}
		// Nothing released yet: everything asked for is new (shown, not a failure).
		if !reflect.DeepEqual(v.PermissionsAdded, []string{"storage"}) || v.PermissionsBase != "" {
			t.Fatalf("first diff: %+v", v)
		}
		checks := map[string]bool{}
		for _, c := range v.Checks {
			checks[c.Check] = true
		}
		for _, want := range []string{"bundle", "manifest_name", "manifest_version_order", "size_archive", "size_script", "size_source_map", "size_assets", "permission_diff", "static_scan"} {
			if !checks[want] {
				t.Errorf("check %s missing: %+v", want, v.Checks)
			}
		}

		v = upload(t, f.svc, a.ID, evil)
		if v.Status != marketplace.StatusChecksFailed || !reflect.DeepEqual(failedChecks(v), []string{"permission_diff:permissions_added", "static_scan:forbidden_eval"}) {
			t.Fatalf("eval upload: %s %v", v.Status, failedChecks(v))
		}
		for _, c := range v.Checks {
			if c.Code == "forbidden_eval" && !strings.Contains(c.Message, "app.js:") {
				t.Fatalf("finding without a position: %+v", c)
			}
		}
		// Stored as uploaded, so the developer can read why; it cannot go to review.
		if got, err := f.svc.Version(ctx, a.ID, "1.1.0"); err != nil || !reflect.DeepEqual(got.Checks, v.Checks) {
			t.Fatalf("stored checks: %+v %v", got.Checks, err)
		}
		if _, err := f.svc.Submit(ctx, a.ID, "1.1.0", "usr_dev"); code(err) != marketplace.CodeInvalidTransition {
			t.Fatalf("submit a failed version: %v", err)
		}

		capped := f.svc.WithSizeCaps(marketplace.SizeCaps{Archive: 1 << 20, Script: 10, SourceMap: 1 << 20, Assets: 1 << 20})
		v = upload(t, capped, a.ID, big)
		if v.Status != marketplace.StatusChecksFailed || !strings.Contains(strings.Join(failedChecks(v), " "), "size_script:size_script_over_cap") {
			t.Fatalf("over the script cap: %s %v", v.Status, failedChecks(v))
		}

		// Once 1.0.0 is released, later uploads are diffed against it.
		if _, err := f.svc.Submit(ctx, a.ID, "1.0.0", "usr_dev"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Approve(ctx, a.ID, "1.0.0", "usr_rev", "fine"); err != nil {
			t.Fatal(err)
		}
		release(t, f.svc, a.ID, "1.0.0", 100)
		v = upload(t, f.svc, a.ID, more)
		if v.Status != marketplace.StatusReady || !reflect.DeepEqual(v.PermissionsAdded, []string{"orders"}) ||
			len(v.PermissionsRemoved) != 0 || v.PermissionsBase != "1.0.0" {
			t.Fatalf("permission diff: %+v", v)
		}
		if !reflect.DeepEqual(failedChecks(v), []string{"permission_diff:permissions_added"}) {
			t.Fatalf("diff check: %+v", v.Checks)
		}
		v = upload(t, f.svc, a.ID, older)
		if v.Status != marketplace.StatusChecksFailed || !reflect.DeepEqual(failedChecks(v), []string{"manifest_version_order:version_not_newer"}) {
			t.Fatalf("older than released: %s %v", v.Status, failedChecks(v))
		}
	})
}

func TestReviewFlow(t *testing.T) {
	v1 := appBundle(t, "1.0.0", []string{"storage"}, "")
	v2 := appBundle(t, "2.0.0", []string{"storage"}, "")
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a, _ := f.svc.CreateApp(ctx, f.dev.ID, "shop", "Shop")
		upload(t, f.svc, a.ID, v1)
		upload(t, f.svc, a.ID, v2)

		illegal := func(what string, err error) {
			t.Helper()
			if code(err) != marketplace.CodeInvalidTransition {
				t.Fatalf("%s: %v, want invalid_transition", what, err)
			}
		}
		_, err := f.svc.Approve(ctx, a.ID, "1.0.0", "usr_rev", "")
		illegal("approve a version not submitted", err)
		_, err = f.svc.Withdraw(ctx, a.ID, "1.0.0", "usr_dev")
		illegal("withdraw a version not in review", err)
		if _, err := f.svc.Release(ctx, a.ID, "1.0.0", 100, "usr_dev"); code(err) != marketplace.CodeNotApproved {
			t.Fatalf("release an unreviewed version: %v", err)
		}
		if _, err := f.svc.Submit(ctx, a.ID, "1.0.0", "usr_dev"); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Submit(ctx, a.ID, "1.0.0", "usr_dev")
		illegal("submit twice", err)
		if q, _ := f.svc.ReviewQueue(ctx); len(q) != 1 || q[0].Version != "1.0.0" || q[0].SubmittedBy != "usr_dev" || q[0].SubmittedAt == nil {
			t.Fatalf("queue: %+v", q)
		}
		if v, err := f.svc.Withdraw(ctx, a.ID, "1.0.0", "usr_dev"); err != nil || v.Status != marketplace.StatusReady {
			t.Fatalf("withdraw: %+v %v", v, err)
		}
		if q, _ := f.svc.ReviewQueue(ctx); len(q) != 0 {
			t.Fatalf("queue after withdraw: %+v", q)
		}
		f.svc.Submit(ctx, a.ID, "1.0.0", "usr_dev")
		for _, tc := range []struct {
			reasons []string
			msg     string
			code    string
		}{
			{nil, "broken", marketplace.CodeInvalidReason},
			{[]string{"ugly"}, "broken", marketplace.CodeInvalidReason},
			{[]string{"other", "other"}, "broken", marketplace.CodeInvalidReason},
			{[]string{"security_risk"}, "  ", marketplace.CodeInvalidMessage},
		} {
			if _, err := f.svc.Reject(ctx, a.ID, "1.0.0", "usr_rev", tc.reasons, tc.msg); code(err) != tc.code {
				t.Errorf("reject %v %q: %v, want %s", tc.reasons, tc.msg, err, tc.code)
			}
		}
		v, err := f.svc.Reject(ctx, a.ID, "1.0.0", "usr_rev", []string{"permission_overreach", "security_risk"}, "storage is never used")
		if err != nil || v.Status != marketplace.StatusRejected || v.Review == nil || v.Review.Decision != "rejected" ||
			!reflect.DeepEqual(v.Review.Reasons, []string{"permission_overreach", "security_risk"}) || v.Review.Message != "storage is never used" ||
			v.Review.ReviewerID != "usr_rev" || v.Review.At.IsZero() {
			t.Fatalf("reject: %+v %v", v, err)
		}
		_, err = f.svc.Approve(ctx, a.ID, "1.0.0", "usr_rev", "")
		illegal("approve a rejected version", err)
		_, err = f.svc.Submit(ctx, a.ID, "1.0.0", "usr_dev")
		illegal("resubmit a rejected version", err)
		if _, err := f.svc.Release(ctx, a.ID, "1.0.0", 50, "usr_dev"); code(err) != marketplace.CodeNotApproved {
			t.Fatalf("release a rejected version: %v", err)
		}
		evs, _ := f.svc.VersionEvents(ctx, a.ID, "1.0.0")
		var actions []string
		for _, e := range evs {
			actions = append(actions, e.Action+"/"+e.ActorID)
		}
		if !reflect.DeepEqual(actions, []string{"submit/usr_dev", "withdraw/usr_dev", "submit/usr_dev", "reject/usr_rev"}) {
			t.Fatalf("history: %v", actions)
		}

		f.svc.Submit(ctx, a.ID, "2.0.0", "usr_dev")
		v, err = f.svc.Approve(ctx, a.ID, "2.0.0", "usr_rev", "looks good")
		if err != nil || v.Status != marketplace.StatusApproved || v.Review == nil || v.Review.Decision != "approved" || v.Review.Message != "looks good" {
			t.Fatalf("approve: %+v", v)
		}
		_, err = f.svc.Reject(ctx, a.ID, "2.0.0", "usr_rev", []string{"other"}, "changed my mind")
		illegal("reject an approved version", err)
		// Versions are immutable: the same version cannot be uploaded again.
		if _, err := f.svc.UploadVersion(ctx, a.ID, bytes.NewReader(v2), -1); code(err) != marketplace.CodeVersionExists {
			t.Fatalf("re-upload: %v", err)
		}
		if _, err := f.svc.Release(ctx, a.ID, "2.0.0", 0, "usr_dev"); code(err) != marketplace.CodeInvalidPercent {
			t.Fatalf("percent 0: %v", err)
		}
		if _, err := f.svc.Release(ctx, a.ID, "2.0.0", 101, "usr_dev"); code(err) != marketplace.CodeInvalidPercent {
			t.Fatalf("percent 101: %v", err)
		}
	})
}
