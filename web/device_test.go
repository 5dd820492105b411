package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

type deviceCode struct {
	DeviceCode, UserCode, VerificationURI, VerificationURIComplete string
	ExpiresIn, Interval                                            int
}

// postJSON posts body and decodes the answer into out; it returns the
// status and the error code of a refusal.
func postJSON(t *testing.T, url, token string, body, out any) (int, string) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw json.RawMessage
	json.NewDecoder(resp.Body).Decode(&raw)
	if resp.StatusCode >= 300 {
		var e struct{ Error struct{ Code string } }
		json.Unmarshal(raw, &e)
		return resp.StatusCode, e.Error.Code
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode, ""
}

func startDevice(t *testing.T, base string) deviceCode {
	t.Helper()
	var raw struct {
		DeviceCode              string `json:"device_code"`
		UserCode                string `json:"user_code"`
		VerificationURI         string `json:"verification_uri"`
		VerificationURIComplete string `json:"verification_uri_complete"`
		ExpiresIn               int    `json:"expires_in"`
		Interval                int    `json:"interval"`
	}
	if st, code := postJSON(t, base+"/api/v1/device/code", "", map[string]string{"client_name": "souk CLI on test-laptop"}, &raw); st != 200 {
		t.Fatalf("device code: %d %s", st, code)
	}
	return deviceCode{raw.DeviceCode, raw.UserCode, raw.VerificationURI, raw.VerificationURIComplete, raw.ExpiresIn, raw.Interval}
}

func pollDevice(t *testing.T, base, deviceCode string) (string, string) {
	t.Helper()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	_, code := postJSON(t, base+"/api/v1/device/token", "", map[string]string{"device_code": deviceCode}, &out)
	return out.AccessToken, code
}

// souk login's device flow over HTTP, approved in Chromium: the client
// polls (pending, then slow_down when too fast), the signed-in developer
// opens the verification page, sees which client asks and approves; the
// client gets an API token that works, once — the code cannot be used
// twice. A second code entered by hand and denied answers access_denied; an
// expired code answers expired_token and is unknown to the page. Both
// backends, axe-clean.
func TestDeviceLoginInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		dc := startDevice(t, w.base)
		if len(dc.UserCode) != 9 || dc.UserCode[4] != '-' || dc.Interval != 5 || dc.ExpiresIn < 590 ||
			dc.VerificationURI != w.base+"/device" || !strings.HasPrefix(dc.VerificationURIComplete, w.base+"/device?code=") {
			t.Fatalf("device code: %+v", dc)
		}
		if _, code := pollDevice(t, w.base, dc.DeviceCode); code != "authorization_pending" {
			t.Fatalf("first poll: %s", code)
		}
		if _, code := pollDevice(t, w.base, dc.DeviceCode); code != "slow_down" {
			t.Fatalf("poll at once again: %s", code)
		}

		b := webtest.New(t, w.base)
		b.SignIn("dev@example.com", password, "/")
		b.Open(strings.TrimPrefix(dc.VerificationURIComplete, w.base))
		b.Find("heading", "Approve a sign-in from the command line")
		if html := b.HTML(); !strings.Contains(html, "souk CLI on test-laptop") || !strings.Contains(html, dc.UserCode) {
			t.Fatalf("the page does not say which client asks with which code")
		}
		b.Axe()
		b.Submit("Approve")
		b.Find("status", "Approved. You can go back to your terminal: souk login finishes by itself.")
		b.Axe()

		token, code := pollDevice(t, w.base, dc.DeviceCode)
		if code != "" || !strings.HasPrefix(token, "sk_") {
			t.Fatalf("poll after approval: %q %s", token, code)
		}
		req, _ := http.NewRequest(http.MethodGet, w.base+"/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var me struct {
			User struct{ Email string }
			Via  string
		}
		json.NewDecoder(resp.Body).Decode(&me)
		resp.Body.Close()
		if resp.StatusCode != 200 || me.User.Email != "dev@example.com" || me.Via != "token" {
			t.Fatalf("me with the device token: %d %+v", resp.StatusCode, me)
		}
		if _, code := pollDevice(t, w.base, dc.DeviceCode); code != "invalid_grant" {
			t.Fatalf("second use of the code: %s", code)
		}
		// The page no longer knows the used code.
		b.Open(strings.TrimPrefix(dc.VerificationURIComplete, w.base))
		b.FindContaining("alert", "No pending sign-in has this code")

		// Entered by hand, in lower case without the dash, then denied.
		denied := startDevice(t, w.base)
		b.Open("/device")
		b.Fill("Code", strings.ToLower(strings.ReplaceAll(denied.UserCode, "-", "")))
		b.Submit("Continue")
		b.Submit("Deny")
		b.Find("status", "Denied. The client gets no access.")
		if _, code := pollDevice(t, w.base, denied.DeviceCode); code != "access_denied" {
			t.Fatalf("denied code: %s", code)
		}

		// Expired.
		expired := startDevice(t, w.base)
		if _, err := db.ExecContext(ctx, `UPDATE device_codes SET expires_at = 1 WHERE status = 'pending'`); err != nil {
			t.Fatal(err)
		}
		if _, code := pollDevice(t, w.base, expired.DeviceCode); code != "expired_token" {
			t.Fatalf("expired code: %s", code)
		}
		b.Open(strings.TrimPrefix(expired.VerificationURIComplete, w.base))
		b.FindContaining("alert", "No pending sign-in has this code")
		b.Axe()
	})
}
