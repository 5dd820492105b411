package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// A developer opens the portal, lands on their org's apps (one org: no
// picker), is told why a bad slug is refused, creates an app and reaches
// its page. A developer of another org gets the 404 page for both the org
// and the app, with a valid session.
func TestPortalAppsInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		b := webtest.New(t, w.base)
		b.SignIn("dev@example.com", password, "/")
		b.Open("/portal")
		b.Find("heading", "Apps")
		b.FindContaining("link", "Tea Shop")
		b.Axe()

		b.Fill("Slug", "Not A Slug")
		b.Fill("Name", "Noodle Bar")
		webtest.Eval[bool](b, "document.getElementById('slug').removeAttribute('pattern'), true")
		b.Submit("Create app")
		if got := b.Text("alert", ""); !strings.Contains(got, "lowercase") {
			t.Errorf("refused slug: alert %q", got)
		}
		apps, err := w.market.Apps(ctx, w.app.OrgID)
		if err != nil || len(apps) != 1 {
			t.Fatalf("a refused post changed the apps: %v %v", apps, err)
		}
		b.Fill("Slug", "noodle-bar")
		b.Submit("Create app")
		b.Find("heading", "Noodle Bar")
		if apps, _ := w.market.Apps(ctx, w.app.OrgID); len(apps) != 2 {
			t.Fatalf("apps after creating: %v", apps)
		}
		b.Axe()

		w.user(t, developer, "other@example.com")
		o := webtest.New(t, w.base)
		o.SignIn("other@example.com", password, "/")
		for _, p := range []string{"/portal/" + w.app.OrgID, "/portal/" + w.app.OrgID + "/apps/" + w.app.ID} {
			o.Open(p)
			o.Find("heading", "This page does not exist")
		}
	})
}

// archive builds the tea shop at version with souk build's code, from a
// TypeScript source (extra lines appended), and writes the archive where a
// developer's build would (name-version.zip); it returns the path.
func (w *opsWorld) archive(t *testing.T, version string, perms []string, extra ...string) string {
	t.Helper()
	dir := t.TempDir()
	p, _ := json.Marshal(perms)
	manifest := fmt.Sprintf(`{"name": "tea-shop", "version": %q, "entry": "main.ts", "permissions": %s}`, version, p)
	src := `const greeting: string = "welcome to the tea shop";
export default {
  render(page: string) { return { type: "text", text: greeting + " " + page }; },
};
` + strings.Join(extra, "\n")
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
	out := filepath.Join(t.TempDir(), "tea-shop-"+version+".zip")
	if err := os.WriteFile(out, res.Archive, 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

func (w *opsWorld) release(t *testing.T) marketplace.ReleaseState {
	t.Helper()
	st, err := w.market.ReleaseState(ctx, w.app.ID)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// A developer takes a version from archive to release in the portal, as a
// person would: drops the souk build archive on the upload's file input,
// reads the checks (the permission diff of a first upload is information,
// not a failure), submits; a reviewer approves (marketplace); the
// developer reads the decision, releases to 10 %, is refused 5 % with
// nothing changed, releases to 100 %, releases a second version to 30 %
// (the page says who sees which), then 100 %, and rolls back to the first.
// The overview shows the release and the quarantine; the installations
// page lists the brand that installed it.
func TestPortalReleaseInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		rev := w.user(t, reviewer, "reviewer@example.com")
		appURL := "/portal/" + w.app.OrgID + "/apps/" + w.app.ID
		b := webtest.New(t, w.base)
		b.SignIn("dev@example.com", password, "/")
		b.Open(appURL)
		b.Find("heading", "Tea Shop")
		if got := b.HTML(); !strings.Contains(got, "Nothing is released yet") || !strings.Contains(got, "Quarantined until") ||
			!strings.Contains(got, "sandbox worker died: out of memory") {
			t.Error("the overview does not show the release and the quarantine")
		}
		shots(t, b, "portal-app")
		w.quar.ReleaseQuarantine(w.app.ID)
		b.Open(appURL)
		pageHas(t, b, "Not quarantined: the sandbox runs this app's events.")

		b.Click("link", "Versions")
		b.WaitPath(appURL + "/versions")
		b.Find("heading", "Upload a version")
		shots(t, b, "portal-versions")
		b.Upload("Archive from souk build", w.archive(t, "1.0.0", []string{"storage", "catalog"}))
		b.Submit("Upload")
		b.WaitPath(appURL + "/versions/1.0.0")
		if got := b.Text("status", ""); !strings.Contains(got, "Uploaded") {
			t.Errorf("notice after upload: %q", got)
		}
		b.Find("heading", "Automatic checks")
		b.FindContaining("listitem", "read the installing brand's products, prices and stock")
		if got := b.HTML(); !strings.Contains(got, "everything it asks for is new. This is for information, not a failure") ||
			!strings.Contains(got, "Every automatic check passed.") || !strings.Contains(got, "<td>permission_diff</td><td>for information</td>") {
			t.Error("a first upload's permission diff is not worded as information")
		}
		shots(t, b, "portal-version")
		b.Submit("Submit for review")
		if got := b.Text("status", ""); !strings.Contains(got, "Submitted for review") {
			t.Errorf("notice after submitting: %q", got)
		}
		if v := w.status(t, "1.0.0"); v.Status != marketplace.StatusInReview {
			t.Fatalf("after submit: %s", v.Status)
		}
		b.Submit("Withdraw from review")
		if v := w.status(t, "1.0.0"); v.Status != marketplace.StatusReady {
			t.Fatalf("after withdraw: %s", v.Status)
		}
		b.Submit("Submit for review")
		if _, err := w.market.Approve(ctx, w.app.ID, "1.0.0", rev.ID, "Clear and small."); err != nil {
			t.Fatal(err)
		}
		b.Open(appURL + "/versions/1.0.0")
		if got := b.HTML(); !strings.Contains(got, "A reviewer approved this version") || !strings.Contains(got, "Clear and small.") {
			t.Error("the review decision is not on the page")
		}
		b.Click("link", "Approved: release it")
		b.WaitPath(appURL + "/release")

		b.Fill("Share of shoppers (%)", "10")
		b.Submit("Release")
		if got := b.Text("status", ""); !strings.Contains(got, "Released") {
			t.Errorf("notice after release: %q", got)
		}
		if st := w.release(t); st.Candidate != "1.0.0" || st.Percent != 10 {
			t.Fatalf("after 10 %%: %+v", st)
		}
		b.Fill("Share of shoppers (%)", "5")
		b.Submit("Release")
		if got := b.Text("alert", ""); !strings.Contains(got, "can only rise, so 5% is refused. Nothing changed.") {
			t.Errorf("lowering the gray release: alert %q", got)
		}
		if st := w.release(t); st.Candidate != "1.0.0" || st.Percent != 10 {
			t.Fatalf("a refused 5 %% changed the release: %+v", st)
		}
		b.Axe()
		b.Submit("Release 1.0.0 to every shopper (100 %)")
		if st := w.release(t); st.Stable != "1.0.0" || st.Candidate != "" {
			t.Fatalf("after 100 %%: %+v", st)
		}
		pageHas(t, b, "Every shopper sees 1.0.0.")

		// A second version, uploaded on the page, approved, released in
		// gray and then to everyone; then back to the first.
		b.Open(appURL + "/versions")
		b.Upload("Archive from souk build", w.archive(t, "1.1.0", []string{"storage", "catalog"}))
		b.Submit("Upload")
		b.WaitPath(appURL + "/versions/1.1.0")
		if !strings.Contains(b.HTML(), "Compared with 1.0.0") {
			t.Error("the second upload is not compared with the released version")
		}
		b.Submit("Submit for review")
		if _, err := w.market.Approve(ctx, w.app.ID, "1.1.0", rev.ID, ""); err != nil {
			t.Fatal(err)
		}
		b.Open(appURL + "/release")
		b.Fill("Share of shoppers (%)", "30")
		b.Submit("Release")
		pageHas(t, b, "30% of shoppers see 1.1.0; the other 70% still see 1.0.0.")
		b.FindContaining("link", "Automatic rollback")
		shots(t, b, "portal-release")
		b.Submit("Release 1.1.0 to every shopper (100 %)")
		if st := w.release(t); st.Stable != "1.1.0" {
			t.Fatalf("after 1.1.0 at 100 %%: %+v", st)
		}
		b.Select("Kept version", "1.0.0")
		b.Submit("Roll back")
		if got := b.Text("status", ""); !strings.Contains(got, "Rolled back") {
			t.Errorf("notice after rollback: %q", got)
		}
		if st := w.release(t); st.Stable != "1.0.0" || st.Candidate != "" {
			t.Fatalf("after rollback: %+v", st)
		}
		b.FindContaining("listitem", "rolled back to 1.0.0")

		// A version whose code calls eval fails the static scan; the page
		// shows the finding at its TypeScript line, and offers no submit.
		b.Open(appURL)
		pageHas(t, b, "1.1.0</a> · approved <span")
		b.Open(appURL + "/versions")
		b.Upload("Archive from souk build", w.archive(t, "1.2.0", []string{"storage", "catalog"}, `export const later = (code: string) => eval(code);`))
		b.Submit("Upload")
		b.WaitPath(appURL + "/versions/1.2.0")
		pageHas(t, b, "Automatic checks failed: 1.")
		pageHas(t, b, "In your source at main.ts:5:")
		pageHas(t, b, "export const later = (code: string) =&gt; eval(code);")
		if b.Has("button", "Submit for review") {
			t.Error("a version that failed its checks offers submit")
		}
		b.Axe()

		// A brand installs it: the installations page lists it.
		owner := w.user(t, brandOwner, "brand@example.com")
		ms, err := w.ids.Memberships(ctx, owner.ID)
		if err != nil || len(ms) != 1 {
			t.Fatal(ms, err)
		}
		if _, err := w.market.Install(ctx, ms[0].OrgID, owner.ID, marketplace.InstallInput{AppID: w.app.ID, Permissions: []string{"storage", "catalog"}}); err != nil {
			t.Fatal(err)
		}
		b.Click("link", "Installations")
		b.WaitPath(appURL + "/installations")
		pageHas(t, b, "<td>Ada's Teas</td><td>installed</td><td>1.0.0</td>")
		if !strings.Contains(b.HTML(), "Brands using it now: 1.") {
			t.Error("the installations page does not count the brand")
		}
		shots(t, b, "portal-installations")
	})
}

// An owner adds a developer by email (an unknown email is explained),
// changes a role and removes a member; the developer gets 403 on the
// members page; a rejected version shows the reasons in words and the
// reviewer's message; a developer of another org gets the 404 page on
// every page of the org and its app.
func TestPortalMembersInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		org := "/portal/" + w.app.OrgID
		if _, err := w.ids.Signup(ctx, "dev2@example.com", password); err != nil {
			t.Fatal(err)
		}
		b := webtest.New(t, w.base)
		b.SignIn("dev@example.com", password, "/")
		b.Open(org)
		b.Click("link", "Members")
		b.WaitPath(org + "/members")
		b.Fill("Email", "nobody@example.com")
		b.Submit("Add member")
		if got := b.Text("alert", ""); !strings.Contains(got, "No one has a souk account with this email") {
			t.Errorf("unknown email: alert %q", got)
		}
		b.Fill("Email", "dev2@example.com")
		b.Select("Role", identity.MemberDeveloper)
		b.Submit("Add member")
		if got := b.Text("status", ""); !strings.Contains(got, "Member added") {
			t.Errorf("notice after adding: %q", got)
		}
		pageHas(t, b, "<td>dev2@example.com</td><td>Developer</td>")
		shots(t, b, "portal-members")
		if _, role, _ := w.ids.RoleIn(ctx, userID(t, w.world, "dev2@example.com"), w.app.OrgID); role != identity.MemberDeveloper {
			t.Fatalf("dev2's role: %q", role)
		}

		d := webtest.New(t, w.base)
		d.SignIn("dev2@example.com", password, "/")
		d.Open(org + "/members")
		d.Find("heading", "You may not open this page with your role.")
		d.Open(org + "/apps/" + w.app.ID + "/release")
		d.Find("heading", "Release")
		if d.Has("link", "Members") {
			t.Error("a developer is offered the members page")
		}

		b.Select("Role of dev2@example.com", identity.MemberOwner)
		b.Submit("Change role of dev2@example.com")
		if _, role, _ := w.ids.RoleIn(ctx, userID(t, w.world, "dev2@example.com"), w.app.OrgID); role != identity.MemberOwner {
			t.Fatalf("dev2's role after the change: %q", role)
		}
		b.Submit("Remove dev2@example.com")
		if got := b.Text("status", ""); !strings.Contains(got, "Member removed") {
			t.Errorf("notice after removing: %q", got)
		}
		if _, role, _ := w.ids.RoleIn(ctx, userID(t, w.world, "dev2@example.com"), w.app.OrgID); role != "" {
			t.Fatalf("dev2 is still a member: %q", role)
		}

		// A rejected version: the developer reads the reasons in words and
		// the reviewer's message.
		if _, err := w.market.UploadVersion(ctx, w.app.ID, bytes.NewReader(mustRead(t, w.archive(t, "1.0.0", []string{"storage"}))), -1); err != nil {
			t.Fatal(err)
		}
		rev := w.user(t, reviewer, "reviewer@example.com")
		if _, err := w.market.Submit(ctx, w.app.ID, "1.0.0", w.dev.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.market.Reject(ctx, w.app.ID, "1.0.0", rev.ID, []string{"permission_overreach", "other"}, "Storage is not used yet."); err != nil {
			t.Fatal(err)
		}
		b.Open(org + "/apps/" + w.app.ID + "/versions/1.0.0")
		b.Find("heading", "Review")
		b.FindContaining("listitem", "Asks for more permissions than it needs")
		pageHas(t, b, "Storage is not used yet.")
		pageHas(t, b, "A reviewer rejected this version")
		if b.Has("button", "Submit for review") {
			t.Error("a rejected version offers submit")
		}
		b.Axe()
		w.user(t, developer, "other@example.com")
		o := webtest.New(t, w.base)
		o.SignIn("other@example.com", password, "/")
		app := org + "/apps/" + w.app.ID
		for _, p := range []string{org + "/members", app + "/versions", app + "/versions/1.0.0", app + "/release", app + "/installations"} {
			o.Open(p)
			o.Find("heading", "This page does not exist")
		}
	})
}

// pageHas fails the test when the page's HTML lacks text.
func pageHas(t *testing.T, b *webtest.Browser, text string) {
	t.Helper()
	if !strings.Contains(b.HTML(), text) {
		t.Errorf("%s does not say %q", b.Path(), text)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every portal page and form of this change checks the caller on the
// server: with a valid session and CSRF token, a shopper and a developer
// of another org get 404 on every page and post (upload included) and
// change nothing; a developer of the org gets 403 on the members page and
// its posts; strangers go to sign in. Both backends.
func TestPortalRolesEnforcedOnTheServer(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		rev := w.user(t, reviewer, "reviewer@example.com")
		w.submitted(t, "1.0.0", []string{"storage"})
		if _, err := w.market.Approve(ctx, w.app.ID, "1.0.0", rev.ID, ""); err != nil {
			t.Fatal(err)
		}
		w.submitted(t, "1.1.0", []string{"storage"})
		w.user(t, shopper, "shopper@example.com")
		w.user(t, developer, "other@example.com")
		member, err := w.ids.Signup(ctx, "member@example.com", password)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.ids.AddMember(ctx, w.dev.ID, w.app.OrgID, member.Email, identity.MemberDeveloper); err != nil {
			t.Fatal(err)
		}
		c := noRedirects()
		session := func(email string) (url.Values, string) {
			sess, _, err := w.ids.Login(ctx, email, password)
			if err != nil {
				t.Fatal(err)
			}
			return url.Values{"csrf_token": {sess.CSRFToken}, "version": {"1.0.0"}, "percent": {"50"},
				"email": {"other@example.com"}, "role": {identity.MemberOwner}}, "souk_session=" + sess.Token
		}
		org := w.base + "/portal/" + w.app.OrgID
		app := org + "/apps/" + w.app.ID
		archive := mustRead(t, w.archive(t, "2.0.0", []string{"storage"}))
		pages := []string{app + "/versions", app + "/versions/1.0.0", app + "/release", app + "/installations", org + "/members"}
		posts := []string{app + "/versions/1.1.0/withdraw", app + "/versions/1.0.0/submit", app + "/release", app + "/release/rollback",
			org + "/members", org + "/members/" + w.dev.ID + "/role", org + "/members/" + member.ID + "/remove"}
		for _, who := range []string{"shopper@example.com", "other@example.com"} {
			form, cookie := session(who)
			for _, p := range pages {
				if res := get(t, c, p, "Cookie", cookie); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s opening %s: %d, want 404", who, p, res.StatusCode)
				}
			}
			for _, p := range posts {
				if res := post(t, c, p, form, "Cookie", cookie); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s posting %s: %d, want 404", who, p, res.StatusCode)
				}
			}
			if res := postFile(t, app+"/versions", form.Get("csrf_token"), cookie, "bundle", "tea-shop-2.0.0.zip", archive); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s uploading: %d, want 404", who, res.StatusCode)
			}
		}
		// A developer of the org works on apps but not on members.
		form, cookie := session("member@example.com")
		if res := get(t, c, org+"/members", "Cookie", cookie); res.StatusCode != http.StatusForbidden {
			t.Errorf("a developer opening members: %d, want 403", res.StatusCode)
		}
		for _, p := range posts[4:] {
			if res := post(t, c, p, form, "Cookie", cookie); res.StatusCode != http.StatusForbidden {
				t.Errorf("a developer posting %s: %d, want 403", p, res.StatusCode)
			}
		}
		if res := get(t, c, app+"/versions/9.9.9", "Cookie", cookie); res.StatusCode != http.StatusNotFound {
			t.Errorf("an unknown version: %d, want 404", res.StatusCode)
		}
		if res := get(t, c, app+"/release"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("a stranger opening the release page: %d %s", res.StatusCode, res.Header.Get("Location"))
		}

		if got := w.status(t, "1.1.0").Status; got != marketplace.StatusInReview {
			t.Errorf("a refused post moved 1.1.0: %s", got)
		}
		if st := w.release(t); st.Released() {
			t.Errorf("a refused post released: %+v", st)
		}
		if _, err := w.market.Version(ctx, w.app.ID, "2.0.0"); err == nil {
			t.Error("a refused upload stored a version")
		}
		ms, err := w.ids.Members(ctx, w.app.OrgID)
		if err != nil || len(ms) != 2 {
			t.Fatalf("members after refused posts: %+v %v", ms, err)
		}
		for _, m := range ms {
			if (m.UserID == w.dev.ID && m.Role != identity.MemberOwner) || (m.UserID == member.ID && m.Role != identity.MemberDeveloper) {
				t.Errorf("a refused post changed %s to %s", m.Email, m.Role)
			}
		}
	})
}
