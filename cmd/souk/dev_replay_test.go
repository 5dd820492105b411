package main

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// souk replay against a real souk serve: a shopper's render is recorded;
// souk replay RECEIPT_ID fetches the recording and the version's bundle and
// replays it locally to the same view; --with-build on an edited working
// copy prints the difference; another developer cannot fetch it.
func TestReplayWithTheCLI(t *testing.T) {
	dataDir := t.TempDir()
	const pw = "correct horse battery"
	if out, err := exec.Command(soukBin, "admin", "create", "--data-dir", dataDir, "--email", "ops@example.com", "--password", pw).CombinedOutput(); err != nil {
		t.Fatalf("admin create: %v %s", err, out)
	}
	s := startServe(t, nil, "--data-dir", dataDir)
	home := t.TempDir()
	env := append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "HOME="+home,
		"SOUK_SERVER=http://"+s.addr, "SOUK_TOKEN=")
	c := cli{t: t, env: env}

	devSession := sessionToken(t, s, "dev@example.com", pw, true)
	var tok struct {
		Token string `json:"token"`
	}
	call(t, s, http.MethodPost, "/api/v1/me/tokens", devSession, map[string]any{"name": "laptop", "scopes": []string{"read", "write"}}, &tok)
	work := t.TempDir()
	c.run(work, "", "init", "replay-shop", "--template", "shop")
	app := filepath.Join(work, "replay-shop")
	npmInstall(t, app)
	c.run(app, tok.Token+"\n", "login")
	c.run(app, "", "org", "create", "Replay Co")
	c.run(app, "", "publish", "--submit")
	var me struct {
		Orgs []struct {
			OrgID string `json:"org_id"`
		} `json:"orgs"`
	}
	call(t, s, http.MethodGet, "/api/v1/me", devSession, nil, &me)
	var apps struct {
		Data []devApp `json:"data"`
	}
	call(t, s, http.MethodGet, "/api/v1/orgs/"+me.Orgs[0].OrgID+"/apps", devSession, nil, &apps)
	appID := apps.Data[0].ID
	ops := sessionToken(t, s, "ops@example.com", pw, false)
	call(t, s, http.MethodPost, "/api/v1/review/apps/"+appID+"/versions/0.1.0/approve", ops, map[string]string{"message": "ok"}, nil)
	c.run(app, "", "release", "--percent", "100")

	brand := sessionToken(t, s, "brand@example.com", pw, true)
	var org struct {
		ID string `json:"id"`
	}
	call(t, s, http.MethodPost, "/api/v1/orgs", brand, map[string]string{"kind": "brand", "name": "Brand"}, &org)
	var inst struct {
		ID string `json:"id"`
	}
	call(t, s, http.MethodPost, "/api/v1/orgs/"+org.ID+"/installations", brand,
		map[string]any{"app_id": appID, "permissions": []string{"log", "catalog", "orders", "payments"}}, &inst)
	shopper := sessionToken(t, s, "shopper@example.com", pw, true)
	var rendered struct {
		ReceiptID string `json:"receipt_id"`
		Outcome   string `json:"outcome"`
	}
	call(t, s, http.MethodPost, "/api/v1/installations/"+inst.ID+"/render", shopper, map[string]any{"page": "home"}, &rendered)
	if rendered.Outcome != "ok" || rendered.ReceiptID == "" {
		t.Fatalf("render: %+v", rendered)
	}

	out := c.run(app, "", "replay", rendered.ReceiptID)
	for _, want := range []string{"replaying " + rendered.ReceiptID + ": render of replay-shop 0.1.0", "against version 0.1.0",
		"outcome: ok", "view:", "No products yet", "host calls: 2 (recorded: 2)", "same as recorded: yes"} {
		if !strings.Contains(out, want) {
			t.Fatalf("souk replay lacks %q:\n%s", want, out)
		}
	}

	// A fix in the working copy, tried on the real event.
	p := filepath.Join(app, "src", "views.ts")
	src, _ := os.ReadFile(p)
	if !bytes.Contains(src, []byte("No products yet")) {
		t.Fatal("the template's views.ts changed; update this test")
	}
	os.WriteFile(p, bytes.Replace(src, []byte("No products yet"), []byte("Nothing for sale yet"), 1), 0o644)
	out = c.run(work, "", "replay", rendered.ReceiptID, "--with-build", app)
	for _, want := range []string{"against the local build of " + app, "outcome: ok", "same as recorded: no",
		`-   "text": "No products yet`, `+   "text": "Nothing for sale yet`} {
		if !strings.Contains(out, want) {
			t.Fatalf("souk replay --with-build lacks %q:\n%s", want, out)
		}
	}

	// The brand cannot fetch the recording (404: not its app).
	r, _ := http.NewRequest(http.MethodGet, "http://"+s.addr+"/api/v1/orgs/"+me.Orgs[0].OrgID+"/apps/"+appID+"/receipts/"+rendered.ReceiptID+"/recording", nil)
	r.Header.Set("Authorization", "Bearer "+brand)
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("the brand fetched the recording: %d", resp.StatusCode)
	}
}
