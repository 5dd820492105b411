package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web"
	"github.com/soukhq/souk/web/webtest"
)

// opsWorld is a souk server with the operator console's services: the
// marketplace (review queue) and payments (ledger check), and a developer
// org whose app has versions waiting for review.
type opsWorld struct {
	*world
	market *marketplace.Service
	app    marketplace.App
	dev    identity.User
	quar   *quarantines
	com    *commerce.Service
}

// quarantines stands in for the runtime engine's pool quarantine (the
// sandbox's own tests quarantine and release a real app: see
// TestPoolReleaseQuarantine); the page is what is tested here.
type quarantines struct {
	mu sync.Mutex
	qs map[string]sandbox.Quarantine
}

func (q *quarantines) Quarantined() []sandbox.Quarantine {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []sandbox.Quarantine
	for _, x := range q.qs {
		out = append(out, x)
	}
	return out
}

func (q *quarantines) ReleaseQuarantine(appID string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	_, ok := q.qs[appID]
	delete(q.qs, appID)
	return ok
}

func (q *quarantines) has(appID string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	_, ok := q.qs[appID]
	return ok
}

func startOpsServer(t *testing.T, db *store.DB) *opsWorld {
	t.Helper()
	ids := identity.New(db)
	l := ledger.New(db, ledger.Options{})
	t.Cleanup(l.Close)
	bank := payments.NewSimBank()
	pay := payments.New(db, l, payments.Options{Funding: bank})
	bank.Handler = pay.HandleFundingResult
	blobs, err := blob.OpenLocal(blob.Config{Dir: t.TempDir(), MaxObjectSize: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	market := marketplace.New(db, blobs)
	quar := &quarantines{qs: map[string]sandbox.Quarantine{}}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := api.New(api.Deps{DB: db, Identity: ids, Payments: pay, Log: log, AuthRateLimit: 10000,
		Ready: map[string]api.Pinger{"database": db}})
	q := jobs.New(db, log)
	ui, err := q.UI("/ops/jobs")
	if err != nil {
		t.Fatal(err)
	}
	uiCtx, stopUI := context.WithCancel(context.Background())
	t.Cleanup(stopUI)
	if err := ui.Start(uiCtx); err != nil {
		t.Fatal(err)
	}
	com := commerce.New(db, pay, q, blobs, commerce.Options{})
	web.Mount(srv.App, web.Deps{Identity: ids, Market: market, Payments: pay, Commerce: com, Quarantine: quar, PINs: pay, Jobs: ui,
		AuthRateLimit: 10000, Log: log})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.App.Listener(ln) }()
	t.Cleanup(func() { _ = srv.App.ShutdownWithTimeout(5 * time.Second) })
	w := &opsWorld{world: &world{base: "http://" + ln.Addr().String(), ids: ids, pay: pay, bank: bank, jobs: q}, market: market, quar: quar, com: com}
	w.dev = w.user(t, developer, "dev@example.com")
	ms, err := ids.Memberships(ctx, w.dev.ID)
	if err != nil || len(ms) != 1 {
		t.Fatal(ms, err)
	}
	if w.app, err = market.CreateApp(ctx, ms[0].OrgID, "tea-shop", "Tea Shop"); err != nil {
		t.Fatal(err)
	}
	quar.qs[w.app.ID] = sandbox.Quarantine{Key: w.app.ID, AppID: w.app.ID, Version: "1.0.0", Until: time.Now().Add(time.Hour),
		Kills: 3, Score: 3.2, LastReason: "sandbox worker died: out of memory"}
	return w
}

// submitted builds, uploads and submits a version of the app asking for
// perms, from a TypeScript source (so the bundle carries a source map).
func (w *opsWorld) submitted(t *testing.T, version string, perms []string) marketplace.Version {
	t.Helper()
	dir := t.TempDir()
	p, _ := json.Marshal(perms)
	manifest := fmt.Sprintf(`{"name": "tea-shop", "version": %q, "entry": "main.ts", "permissions": %s}`, version, p)
	src := `const greeting: string = "welcome to the tea shop";
export default {
  render(page: string) { return { type: "text", text: greeting + " " + page }; },
};
`
	if err := os.WriteFile(filepath.Join(dir, "souk.json"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.ts"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := runtime.Build(dir, runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	v, err := w.market.UploadVersion(ctx, w.app.ID, bytes.NewReader(res.Archive), int64(len(res.Archive)))
	if err != nil {
		t.Fatal(err)
	}
	if v.Status != marketplace.StatusReady {
		t.Fatalf("%s: %s %+v", version, v.Status, v.Checks)
	}
	if v, err = w.market.Submit(ctx, w.app.ID, version, w.dev.ID); err != nil {
		t.Fatal(err)
	}
	return v
}

func (w *opsWorld) status(t *testing.T, version string) marketplace.Version {
	t.Helper()
	v, err := w.market.Version(ctx, w.app.ID, version)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A reviewer works the queue in Chromium: opens a version, reads the
// permission diff in words, the automatic checks and the original source,
// approves one with a note and rejects another with reason codes (a
// rejection without a reason is refused and explained).
func TestOpsReviewInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		w.submitted(t, "1.0.0", []string{"storage", "catalog"})
		w.submitted(t, "1.1.0", []string{"storage", "payments"})
		w.user(t, reviewer, "reviewer@example.com")

		b := webtest.New(t, w.base)
		b.SignIn("reviewer@example.com", password, "/")
		b.Open("/ops")
		b.Find("heading", "Operator console")
		b.Click("link", "Versions waiting for review: 2")
		b.WaitPath("/ops/review")
		b.Find("heading", "Review queue")
		shots(t, b, "ops-review-queue")

		b.Click("link", "Review Tea Shop 1.0.0")
		b.WaitPath("/ops/review/" + w.app.ID + "/1.0.0")
		b.Find("heading", "Tea Shop 1.0.0")
		b.FindContaining("listitem", "read the installing brand's products, prices and stock")
		b.FindContaining("listitem", "keep its own data for each brand")
		b.Find("heading", "Automatic checks")
		b.Click("button", "main.ts") // the original file from the source map
		if !strings.Contains(b.HTML(), "welcome to the tea shop") {
			t.Error("the original source is not on the page")
		}
		shots(t, b, "ops-review-version")
		b.Fill("Note for the developer (optional)", "Looks good.")
		b.Submit("Approve")
		if got := b.Text("status", ""); !strings.Contains(got, "Tea Shop 1.0.0 is approved") {
			t.Errorf("notice after approving: %q", got)
		}
		if b.Has("button", "Approve") {
			t.Error("an approved version still offers the decision")
		}
		v := w.status(t, "1.0.0")
		if v.Status != marketplace.StatusApproved || v.Review == nil || v.Review.Message != "Looks good." {
			t.Fatalf("after approving in the page: %+v %+v", v.Status, v.Review)
		}

		b.Open("/ops/review")
		b.Click("link", "Review Tea Shop 1.1.0")
		b.WaitPath("/ops/review/" + w.app.ID + "/1.1.0")
		b.FindContaining("listitem", "ask the shopper to pay for an order")
		b.Fill("What the developer must change", "Explain why the shop takes payments.")
		b.Submit("Reject") // no reason ticked: refused by the service
		if got := b.Text("alert", ""); !strings.Contains(got, "reason") {
			t.Errorf("alert after rejecting without a reason: %q", got)
		}
		if w.status(t, "1.1.0").Status != marketplace.StatusInReview {
			t.Fatal("a refused rejection moved the version")
		}
		b.Axe()
		b.Click("checkbox", "Asks for more permissions than it needs")
		b.Submit("Reject")
		if got := b.Text("status", ""); !strings.Contains(got, "Tea Shop 1.1.0 is rejected") {
			t.Errorf("notice after rejecting: %q", got)
		}
		v = w.status(t, "1.1.0")
		if v.Status != marketplace.StatusRejected || v.Review == nil || len(v.Review.Reasons) != 1 ||
			v.Review.Reasons[0] != "permission_overreach" || v.Review.Message != "Explain why the shop takes payments." {
			t.Fatalf("after rejecting in the page: %+v %+v", v.Status, v.Review)
		}
		b.Open("/ops/review")
		b.Find("heading", "Review queue")
		if b.Has("link", "Review Tea Shop 1.1.0") {
			t.Error("a decided version is still in the queue")
		}
	})
}

// An admin runs the ledger check and the order reconciliation from the
// page; the figures are the services' own.
func TestOpsLedgerInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		shopperU := w.user(t, shopper, "shopper@example.com")
		usd := money.MustLookup("USD")
		amt, _ := money.ParsePositive(usd, "25.00")
		op, err := w.pay.TopUp(ctx, shopperU.ID, "fund-ops", "USD", amt)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.bank.Complete(ctx, op.ID, true); err != nil {
			t.Fatal(err)
		}
		w.user(t, admin, "admin@example.com")
		b := webtest.New(t, w.base)
		b.SignIn("admin@example.com", password, "/")
		b.Open("/ops")
		b.Click("link", "Ledger check")
		b.WaitPath("/ops/ledger")
		b.Submit("Run the check")
		if got := b.Text("status", ""); !strings.Contains(got, "All money is accounted for") {
			t.Fatalf("ledger check result: %q", got)
		}
		rep, err := w.pay.LedgerCheck(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("Checked: accounts %d, transfers %d, entries %d.", rep.Accounts, rep.Transfers, rep.Entries); !strings.Contains(b.HTML(), want) {
			t.Errorf("the page does not say %q", want)
		}
		if got := b.RowCells("USD"); got != "USD 0.00 0.00 25.00" {
			t.Errorf("USD sums: %q", got)
		}
		shots(t, b, "ops-ledger")
	})
}

// Only operators reach the operator console, and only admins the money
// pages: with a valid session and CSRF token, a shopper's, a developer's
// and (for the ledger) a reviewer's requests get the 404 page and change
// nothing; strangers are sent to sign in. SQLite is enough: this is the
// access policy, not the store.
func TestOpsRolesEnforcedOnTheServer(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		w.submitted(t, "1.0.0", []string{})
		sh := w.user(t, shopper, "shopper@example.com")
		w.user(t, reviewer, "reviewer@example.com")
		w.user(t, admin, "admin@example.com")
		stuck := w.topUp(t, sh.ID, "stuck-1", "5.00")
		c := noRedirects()
		session := func(email string) (url.Values, string) {
			sess, _, err := w.ids.Login(ctx, email, password)
			if err != nil {
				t.Fatal(err)
			}
			return url.Values{"csrf_token": {sess.CSRFToken}, "message": {"ok"}, "reason": {"other"},
				"base": {"USD"}, "quote": {"JPY"}, "rate": {"150"}}, "souk_session=" + sess.Token
		}
		ver := w.base + "/ops/review/" + w.app.ID + "/1.0.0"
		devMs, _ := w.ids.Memberships(ctx, w.dev.ID)
		share := "/ops/shares/" + devMs[0].OrgID
		for _, who := range []string{"shopper@example.com", "dev@example.com"} {
			form, cookie := session(who)
			for _, p := range []string{"/ops", "/ops/review", "/ops/review/" + w.app.ID + "/1.0.0", "/ops/ledger", "/ops/funding", "/ops/quarantine", "/ops/users", "/ops/shares", "/ops/orgs", "/ops/fx"} {
				if res := get(t, c, w.base+p, "Cookie", cookie); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s opening %s: %d, want 404", who, p, res.StatusCode)
				}
			}
			for _, p := range []string{ver + "/approve", ver + "/reject", w.base + "/ops/ledger", w.base + "/ops/funding/" + stuck.ID + "/fail", w.base + "/ops/funding/" + stuck.ID + "/retry", w.base + "/ops/quarantine/" + w.app.ID + "/release", w.base + "/ops/users/" + w.dev.ID + "/role", w.base + "/ops/users/" + w.dev.ID + "/suspend", w.base + share, w.base + "/ops/fx/rates"} {
				if res := post(t, c, p, withRole(form), "Cookie", cookie); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s posting %s: %d, want 404", who, p, res.StatusCode)
				}
			}
		}
		if got := w.status(t, "1.0.0").Status; got != marketplace.StatusInReview {
			t.Fatalf("a refused post moved the version: %s", got)
		}
		if op, _ := w.pay.GetFunding(ctx, stuck.ID); op.Status != payments.FundingPending {
			t.Fatalf("a refused post decided the funding operation: %s", op.Status)
		}
		if rates, _ := w.pay.Rates(ctx); len(rates) != 0 {
			t.Fatalf("a refused post recorded an FX rate: %+v", rates)
		}
		if res := get(t, c, w.base+"/ops/review"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("a stranger opening the queue: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		// A reviewer reviews but does not run the money pages.
		form, cookie := session("reviewer@example.com")
		for _, p := range []string{"/ops/ledger", "/ops/funding", "/ops/quarantine", "/ops/users", "/ops/shares", "/ops/orgs?q=Mini+Labs", "/ops/fx"} {
			if res := get(t, c, w.base+p, "Cookie", cookie); res.StatusCode != http.StatusNotFound {
				t.Errorf("reviewer opening %s: %d, want 404", p, res.StatusCode)
			}
		}
		for _, p := range []string{"/ops/ledger", "/ops/funding/" + stuck.ID + "/fail", "/ops/funding/" + stuck.ID + "/retry", "/ops/quarantine/" + w.app.ID + "/release", "/ops/users/" + w.dev.ID + "/role", "/ops/users/" + w.dev.ID + "/suspend", share, "/ops/fx/rates"} {
			if res := post(t, c, w.base+p, withRole(form), "Cookie", cookie); res.StatusCode != http.StatusNotFound {
				t.Errorf("reviewer posting %s: %d, want 404", p, res.StatusCode)
			}
		}
		if res := get(t, c, w.base+"/ops/review/"+w.app.ID+"/9.9.9", "Cookie", cookie); res.StatusCode != http.StatusNotFound {
			t.Errorf("an unknown version: %d, want 404", res.StatusCode)
		}
		// Without the CSRF token the reviewer's post is refused too.
		if res := post(t, c, ver+"/approve", url.Values{"message": {"x"}}, "Cookie", cookie); res.StatusCode < 400 {
			t.Errorf("approve without a CSRF token: %d", res.StatusCode)
		}
		if got := w.status(t, "1.0.0").Status; got != marketplace.StatusInReview {
			t.Fatalf("a post without CSRF moved the version: %s", got)
		}
		if res := post(t, c, ver+"/approve", form, "Cookie", cookie); res.StatusCode != http.StatusOK {
			t.Fatalf("reviewer approving: %d", res.StatusCode)
		}
		if got := w.status(t, "1.0.0").Status; got != marketplace.StatusApproved {
			t.Fatalf("reviewer's approval: %s", got)
		}
		// Approving twice is a conflict, shown on the page.
		if res := post(t, c, ver+"/approve", form, "Cookie", cookie); res.StatusCode != http.StatusConflict {
			t.Errorf("approving an approved version: %d, want 409", res.StatusCode)
		}
		if !w.quar.has(w.app.ID) {
			t.Fatal("a refused post released the quarantine")
		}
		if u, _ := w.ids.UserByID(ctx, w.dev.ID); u.PlatformRole != "" {
			t.Fatalf("a refused post gave the developer the platform role %q", u.PlatformRole)
		}
		if sus, _ := w.ids.SuspensionOf(ctx, w.dev.ID); sus.Suspended {
			t.Fatal("a refused post suspended the developer")
		}
		if op, _ := w.pay.GetFunding(ctx, stuck.ID); op.Status != payments.FundingPending {
			t.Fatalf("a reviewer's post decided the funding operation: %s", op.Status)
		}
		form, cookie = session("admin@example.com")
		if res := post(t, c, w.base+"/ops/ledger", form, "Cookie", cookie); res.StatusCode != http.StatusOK {
			t.Errorf("admin running the ledger check: %d", res.StatusCode)
		}
		if res := post(t, c, w.base+"/ops/funding/"+stuck.ID+"/fail", form, "Cookie", cookie); res.StatusCode != http.StatusOK {
			t.Errorf("admin failing a stuck operation: %d", res.StatusCode)
		}
		if res := post(t, c, w.base+"/ops/funding/"+stuck.ID+"/retry", form, "Cookie", cookie); res.StatusCode != http.StatusConflict {
			t.Errorf("retrying a failed operation: %d, want 409", res.StatusCode)
		}
		if res := post(t, c, w.base+"/ops/funding/fnd_nope/fail", form, "Cookie", cookie); res.StatusCode != http.StatusNotFound {
			t.Errorf("failing an unknown operation: %d, want 404", res.StatusCode)
		}
		if res := post(t, c, w.base+"/ops/users/"+w.dev.ID+"/role", url.Values{"csrf_token": form["csrf_token"], "role": {"root"}}, "Cookie", cookie); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("an unknown role: %d, want 422", res.StatusCode)
		}
		if res := post(t, c, w.base+"/ops/users/usr_nobody/role", withRole(form), "Cookie", cookie); res.StatusCode != http.StatusNotFound {
			t.Errorf("the role of nobody: %d, want 404", res.StatusCode)
		}
		adminU, _ := w.ids.UserByEmail(ctx, "admin@example.com")
		if res := post(t, c, w.base+"/ops/users/"+adminU.ID+"/suspend", form, "Cookie", cookie); res.StatusCode != http.StatusConflict {
			t.Errorf("an admin suspending themselves: %d, want 409", res.StatusCode)
		}
		// A suspended user's sign-in page says so (only with the right password).
		if err := w.ids.Suspend(ctx, w.dev.ID, adminU.ID); err != nil {
			t.Fatal(err)
		}
		if res := post(t, c, w.base+"/login", url.Values{"email": {"dev@example.com"}, "password": {password}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("a suspended user signing in: %d, want 403", res.StatusCode)
		}
		if res := post(t, c, w.base+"/login", url.Values{"email": {"dev@example.com"}, "password": {"not the password"}}); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("a wrong password for a suspended user: %d, want 401", res.StatusCode)
		}
		rel := w.base + "/ops/quarantine/" + w.app.ID + "/release"
		if res := post(t, c, rel, form, "Cookie", cookie); res.StatusCode != http.StatusOK || w.quar.has(w.app.ID) {
			t.Errorf("admin releasing a quarantine: %d", res.StatusCode)
		}
		if res := post(t, c, rel, form, "Cookie", cookie); res.StatusCode != http.StatusConflict {
			t.Errorf("releasing twice: %d, want 409", res.StatusCode)
		}
	})
}

// topUp starts a top-up the bank has not answered yet.
func (w *opsWorld) topUp(t *testing.T, userID, id, amount string) payments.FundingOp {
	t.Helper()
	amt, err := money.ParsePositive(money.MustLookup("USD"), amount)
	if err != nil {
		t.Fatal(err)
	}
	op, err := w.pay.TopUp(ctx, userID, id, "USD", amt)
	if err != nil {
		t.Fatal(err)
	}
	return op
}

// An admin lists funding operations stuck at the bank past a threshold,
// sends one to the bank again (a refusing bank is explained and changes
// nothing; then the bank takes it and its answer still settles it) and
// fails another with a reason its owner sees (the reservation is released);
// the ledger check still holds.
func TestOpsFundingInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		sh := w.user(t, shopper, "shopper@example.com")
		retried := w.topUp(t, sh.ID, "bank-quiet-1", "7.00")
		failed := w.topUp(t, sh.ID, "bank-quiet-2", "9.00")
		w.user(t, admin, "admin@example.com")
		b := webtest.New(t, w.base)
		b.SignIn("admin@example.com", password, "/")
		b.Open("/ops")
		b.Click("link", "Stuck funding")
		b.WaitPath("/ops/funding")
		b.Find("heading", "Pending for at least 30 minutes")
		if b.Has("button", "Fail "+failed.ID) {
			t.Error("an operation a minute old is listed as stuck past 30 minutes")
		}
		b.Fill("Pending for at least (minutes)", "0")
		b.Submit("Show")
		b.Find("heading", "Pending for at least 0 minutes")
		b.Find("heading", "Top-up · 7.00 USD")
		shots(t, b, "ops-funding")

		w.bank.Refuse = true
		b.Submit("Send to the bank again: " + retried.ID)
		if got := b.Text("alert", ""); !strings.Contains(got, "the bank did not take the operation") {
			t.Errorf("alert when the bank refuses a retry: %q", got)
		}
		w.bank.Refuse = false
		b.Submit("Send to the bank again: " + retried.ID)
		if got := b.Text("status", ""); !strings.Contains(got, retried.ID+" was sent to the bank again") {
			t.Errorf("notice after retrying: %q", got)
		}
		if op, _ := w.pay.GetFunding(ctx, retried.ID); op.Status != payments.FundingPending || op.BankRef != retried.BankRef {
			t.Errorf("after retrying: %+v", op)
		}
		b.Fill("Reason for failing "+failed.ID+" (shown to its owner)", "the bank lost it")
		b.Submit("Fail " + failed.ID)
		if got := b.Text("status", ""); !strings.Contains(got, failed.ID+" is failed") {
			t.Errorf("notice after failing: %q", got)
		}
		if op, _ := w.pay.GetFunding(ctx, failed.ID); op.Status != payments.FundingFailed || op.Failure != "the bank lost it" {
			t.Errorf("after failing: %+v", op)
		}
		if b.Has("button", "Fail "+failed.ID) {
			t.Error("a failed operation is still listed")
		}
		b.Find("button", "Fail "+retried.ID)
		// The bank's answer to the retried operation still settles it; the
		// failed one's late answer moves nothing.
		if op, err := w.bank.Complete(ctx, retried.ID, true); err != nil || op.Status != payments.FundingSucceeded {
			t.Fatalf("bank answering the retried operation: %+v %v", op, err)
		}
		if op, _ := w.bank.Complete(ctx, failed.ID, true); op.Status != payments.FundingFailed {
			t.Fatalf("the bank's late word changed a failed operation: %+v", op)
		}
		rep, err := w.pay.LedgerCheck(ctx)
		if err != nil || !rep.OK {
			t.Fatalf("ledger check after the operator's moves: %+v %v", rep, err)
		}
		bal, err := w.pay.Balances(ctx, sh.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(bal) != 1 || bal[0].Posted != 700 || bal[0].PendingCredits != 0 {
			t.Errorf("shopper's wallet: %+v, want 7.00 posted and nothing pending", bal)
		}
	})
}

// An admin sees the quarantined apps with why, and releases one; a second
// release is explained. (The app's name is read from the store.)
func TestOpsQuarantineInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		w.user(t, admin, "admin@example.com")
		b := webtest.New(t, w.base)
		b.SignIn("admin@example.com", password, "/")
		b.Open("/ops")
		b.Click("link", "Quarantined apps")
		b.WaitPath("/ops/quarantine")
		b.Find("heading", "Tea Shop")
		if !strings.Contains(b.HTML(), "3 workers killed, 0 timeouts (score 3.20)") || !strings.Contains(b.HTML(), "out of memory") {
			t.Error("the quarantine's figures or reason are not on the page")
		}
		shots(t, b, "ops-quarantine")
		b.Submit("Release Tea Shop")
		if got := b.Text("status", ""); !strings.Contains(got, w.app.ID+" is released") {
			t.Errorf("notice after releasing: %q", got)
		}
		if w.quar.has(w.app.ID) {
			t.Fatal("the page's release did not reach the engine")
		}
		b.Find("heading", "Quarantined apps")
		if b.Has("heading", "Tea Shop") {
			t.Error("a released app is still listed")
		}
	})
}

// withRole adds role=admin to a form (what a reviewer or shopper would post
// to make the developer an admin).
func withRole(v url.Values) url.Values {
	out := url.Values{}
	for k, x := range v {
		out[k] = x
	}
	out.Set("role", identity.RoleAdmin)
	return out
}

// An admin finds a user by the whole email (a part finds nobody), sees
// their organisations and makes them a reviewer; they can then open the
// review queue.
func TestOpsUsersInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		w.user(t, admin, "admin@example.com")
		b := webtest.New(t, w.base)
		b.SignIn("admin@example.com", password, "/")
		b.Open("/ops")
		b.Click("link", "Users")
		b.WaitPath("/ops/users")
		b.Find("heading", "All users, by id")
		b.Find("heading", "dev@example.com")
		b.Fill("Email, handle or user id", "dev@")
		b.Submit("Find")
		b.Find("heading", "Search result")
		if b.Has("heading", "dev@example.com") {
			t.Error("part of an email found a user")
		}
		b.Fill("Email, handle or user id", "dev@example.com")
		b.Submit("Find")
		b.Find("heading", "dev@example.com")
		if !strings.Contains(b.HTML(), "Mini Labs (developer, Owner)") {
			t.Error("the user's organisations are not shown")
		}
		shots(t, b, "ops-users")
		b.Select("Platform role of dev@example.com", "reviewer")
		b.Submit("Save role of dev@example.com")
		if got := b.Text("status", ""); !strings.Contains(got, "now has the platform role: reviewer") {
			t.Errorf("notice after setting the role: %q", got)
		}
		if u, _ := w.ids.UserByID(ctx, w.dev.ID); u.PlatformRole != identity.RoleReviewer {
			t.Fatalf("role after the page: %q", u.PlatformRole)
		}
		b.Find("heading", "dev@example.com") // the search is kept

		// Suspending ends the user's session at once; lifting lets them back.
		mallory := w.user(t, shopper, "mallory@example.com")
		msess, _, err := w.ids.Login(ctx, "mallory@example.com", password)
		if err != nil {
			t.Fatal(err)
		}
		b.Fill("Email, handle or user id", "mallory@example.com")
		b.Submit("Find")
		b.Submit("Suspend mallory@example.com")
		if got := b.Text("status", ""); !strings.Contains(got, mallory.ID+" is suspended") {
			t.Errorf("notice after suspending: %q", got)
		}
		if _, err := w.ids.Authenticate(ctx, msess.Token); err == nil {
			t.Fatal("a suspended user's session still works")
		}
		if _, _, err := w.ids.Login(ctx, "mallory@example.com", password); !identity.IsCode(err, "account_suspended") {
			t.Fatalf("a suspended user signs in: %v", err)
		}
		b.Axe()
		b.Submit("Lift the suspension of mallory@example.com")
		if got := b.Text("status", ""); !strings.Contains(got, mallory.ID+" may sign in again") {
			t.Errorf("notice after lifting: %q", got)
		}
		if sus, _ := w.ids.SuspensionOf(ctx, mallory.ID); sus.Suspended {
			t.Fatal("still suspended after lifting")
		}
		b.Fill("Email, handle or user id", "admin@example.com")
		b.Submit("Find")
		b.Find("heading", "admin@example.com")
		if b.Has("button", "Suspend admin@example.com") {
			t.Error("an admin is offered to suspend themselves")
		}
		b.Open("/")
		b.Submit("Sign out")
		b.WaitPath("/")
		b.SignIn("dev@example.com", password, "/")
		b.Open("/ops/review")
		b.Find("heading", "Review queue")
		if b.Has("link", "Users") {
			t.Error("a reviewer is offered the admin pages")
		}
	})
}

// An admin finds a brand from its owner on the users page, reads its fee
// and sets it as a percentage (basis points underneath); a bad figure is
// explained and changes nothing; non-admins get 404 for the page and the
// post, and a developer org has no fee page.
func TestOpsFeesInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		owner := w.user(t, brandOwner, "owner@example.com")
		ms, err := w.ids.Memberships(ctx, owner.ID)
		if err != nil || len(ms) != 1 {
			t.Fatal(ms, err)
		}
		brandID := ms[0].OrgID
		devMs, _ := w.ids.Memberships(ctx, w.dev.ID)
		w.user(t, admin, "admin@example.com")
		w.user(t, reviewer, "reviewer@example.com")

		c := noRedirects()
		for _, who := range []string{"owner@example.com", "reviewer@example.com"} {
			sess, _, err := w.ids.Login(ctx, who, password)
			if err != nil {
				t.Fatal(err)
			}
			cookie := "souk_session=" + sess.Token
			if res := get(t, c, w.base+"/ops/fees?brand="+brandID, "Cookie", cookie); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s opening the fees: %d, want 404", who, res.StatusCode)
			}
			if res := post(t, c, w.base+"/ops/fees/"+brandID, url.Values{"csrf_token": {sess.CSRFToken}, "percent": {"0"}}, "Cookie", cookie); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s setting the fee: %d, want 404", who, res.StatusCode)
			}
		}
		before, err := w.pay.BrandFee(ctx, brandID)
		if err != nil {
			t.Fatal(err)
		}
		sess, _, _ := w.ids.Login(ctx, "admin@example.com", password)
		if res := post(t, c, w.base+"/ops/fees/"+devMs[0].OrgID, url.Values{"csrf_token": {sess.CSRFToken}, "percent": {"1"}}, "Cookie", "souk_session="+sess.Token); res.StatusCode != http.StatusNotFound {
			t.Errorf("a developer org's fee: %d, want 404", res.StatusCode)
		}

		b := webtest.New(t, w.base)
		b.SignIn("admin@example.com", password, "/")
		b.Open("/ops/users?q=owner%40example.com")
		b.Click("link", "Ada's Teas")
		b.WaitPath("/ops/fees")
		b.Find("heading", "Ada's Teas")
		if got := webtest.Eval[string](b, `document.getElementById("percent").value`); got != bpsString(int64(before)) {
			t.Errorf("the page shows the fee %q, the service %d bps", got, before)
		}
		b.Fill("Platform fee (%)", "abc")
		b.Submit("Save fee")
		if got := b.Text("alert", ""); !strings.Contains(got, "percentage from 0 to 100") {
			t.Errorf("alert for a bad fee: %q", got)
		}
		if got, _ := w.pay.BrandFee(ctx, brandID); got != before {
			t.Fatalf("a refused fee changed it: %d", got)
		}
		b.Fill("Platform fee (%)", "2.5")
		b.Submit("Save fee")
		if got := b.Text("status", ""); !strings.Contains(got, "The fee of Ada's Teas is now 2.5%.") {
			t.Errorf("notice after saving: %q", got)
		}
		if got, _ := w.pay.BrandFee(ctx, brandID); got != 250 {
			t.Fatalf("fee after the page: %d bps, want 250", got)
		}
		shots(t, b, "ops-fees")
	})
}

// bpsString writes basis points as the page does (2.5 for 250).
func bpsString(bps int64) string {
	s := fmt.Sprintf("%d.%02d", bps/100, bps%100)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" {
		return "0"
	}
	return s
}
