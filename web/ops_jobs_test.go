package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// River's UI is served at /ops/jobs to platform admins only, over the
// jobs souk enqueues, on both engines; its JSON API refuses unsafe requests
// that are neither JSON nor carry the CSRF token, and requests from other
// origins.
func TestOpsJobsUIForAdminsOnly(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		w.user(t, reviewer, "reviewer@example.com")
		w.user(t, admin, "admin@example.com")
		if err := w.jobs.Enqueue(ctx, jobs.Job{Kind: "order.autocomplete", Key: "ui-test", RunAt: time.Now().Add(time.Hour), Payload: map[string]string{"order": "ord_1"}}); err != nil {
			t.Fatal(err)
		}
		list, err := w.jobs.River().JobList(ctx, river.NewJobListParams().Kinds("order.autocomplete"))
		if err != nil || len(list.Jobs) != 1 {
			t.Fatal(list, err)
		}
		id := strconv.FormatInt(list.Jobs[0].ID, 10)
		c := noRedirects()
		cookieOf := func(email string) (string, string) {
			sess, _, err := w.ids.Login(ctx, email, password)
			if err != nil {
				t.Fatal(err)
			}
			return "souk_session=" + sess.Token, sess.CSRFToken
		}
		send := func(method, path, body, contentType string, hdr ...string) *http.Response {
			req, _ := http.NewRequest(method, w.base+path, strings.NewReader(body))
			if contentType != "" {
				req.Header.Set("Content-Type", contentType)
			}
			for i := 0; i+1 < len(hdr); i += 2 {
				req.Header.Set(hdr[i], hdr[i+1])
			}
			res, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { res.Body.Close() })
			return res
		}
		cancelBody := `{"ids": ["` + id + `"]}`
		// Strangers sign in first; everyone but an admin learns nothing.
		if res := get(t, c, w.base+"/ops/jobs/"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("a stranger opening the jobs UI: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		for _, who := range []string{"reviewer@example.com", "dev@example.com"} {
			cookie, csrf := cookieOf(who)
			for _, p := range []string{"/ops/jobs/", "/ops/jobs/api/jobs?state=scheduled", "/ops/jobs/api/jobs/" + id} {
				if res := get(t, c, w.base+p, "Cookie", cookie, "Accept", "text/html"); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s opening %s: %d, want 404", who, p, res.StatusCode)
				}
			}
			if res := send(http.MethodPost, "/ops/jobs/api/jobs/cancel", cancelBody, "application/json", "Cookie", cookie, "X-CSRF-Token", csrf); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s cancelling a job: %d, want 404", who, res.StatusCode)
			}
		}
		cookie, _ := cookieOf("admin@example.com")
		res := get(t, c, w.base+"/ops/jobs/", "Cookie", cookie, "Accept", "text/html")
		page, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK || !strings.Contains(string(page), "/ops/jobs/api") {
			t.Fatalf("admin opening the jobs UI: %d %.300s", res.StatusCode, page)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "script-src 'self' 'unsafe") {
			t.Errorf("jobs UI CSP %q", csp)
		}
		res = get(t, c, w.base+"/ops/jobs/api/jobs?state=scheduled", "Cookie", cookie)
		var jobsList struct {
			Data []struct {
				ID    json.Number `json:"id"`
				Kind  string      `json:"kind"`
				State string      `json:"state"`
			} `json:"data"`
		}
		if err := json.NewDecoder(res.Body).Decode(&jobsList); err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("admin listing jobs: %d %v", res.StatusCode, err)
		}
		if len(jobsList.Data) != 1 || jobsList.Data[0].Kind != "order.autocomplete" || jobsList.Data[0].ID.String() != id {
			t.Fatalf("jobs UI lists %+v", jobsList.Data)
		}
		// Unsafe requests: a form post without the token, or one from
		// another origin, is refused before River sees it.
		if res := send(http.MethodPost, "/ops/jobs/api/jobs/cancel", cancelBody, "text/plain", "Cookie", cookie); res.StatusCode != http.StatusForbidden {
			t.Errorf("cancel without JSON or token: %d, want 403", res.StatusCode)
		}
		if res := send(http.MethodPost, "/ops/jobs/api/jobs/cancel", cancelBody, "application/json", "Cookie", cookie, "Origin", "https://evil.example"); res.StatusCode != http.StatusForbidden {
			t.Errorf("cancel from another origin: %d, want 403", res.StatusCode)
		}
		if j, _ := w.jobs.River().JobGet(ctx, list.Jobs[0].ID); j.State != rivertype.JobStateScheduled {
			t.Fatalf("a refused request changed the job: %s", j.State)
		}
		if res := send(http.MethodPost, "/ops/jobs/api/jobs/cancel", cancelBody, "application/json", "Cookie", cookie, "Origin", w.base); res.StatusCode != http.StatusOK {
			t.Fatalf("admin cancelling a job: %d", res.StatusCode)
		}
		if j, _ := w.jobs.River().JobGet(ctx, list.Jobs[0].ID); j.State != rivertype.JobStateCancelled {
			t.Fatalf("cancelled from the UI, the job is %s", j.State)
		}
	})
}
