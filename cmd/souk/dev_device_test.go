package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// souk login with no token runs the device flow: it prints the page and
// the code, polls, and once the code is approved keeps an API token that
// whoami then uses; logout revokes it. A denied code fails the login. Both
// backends (the approval page itself is tested in web, in Chromium).
func TestLoginWithDeviceCode(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		home := t.TempDir()
		t.Setenv("XDG_CONFIG_HOME", home)
		t.Setenv("HOME", home)
		t.Setenv("SOUK_SERVER", "")
		t.Setenv("SOUK_TOKEN", "")
		ctx := context.Background()
		ids := identity.New(db)
		u, err := ids.Signup(ctx, "cli@example.com", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		srv := api.New(api.Deps{DB: db, Identity: ids, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), AuthRateLimit: 1000})
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go func() { _ = srv.App.Listener(ln) }()
		t.Cleanup(func() { _ = srv.App.ShutdownWithTimeout(5 * time.Second) })
		base := "http://" + ln.Addr().String()
		codeRe := regexp.MustCompile(`shows the code ([A-Z]{4}-[A-Z]{4})`)

		login := func(approve bool) (string, error) {
			out := &lockedBuffer{}
			done := make(chan error, 1)
			go func() {
				cmd := rootCmdForTest(t, "login", "--server", base, "--device", "--no-browser")
				cmd.SetOut(out)
				cmd.SetIn(strings.NewReader(""))
				done <- cmd.ExecuteContext(ctx)
			}()
			deadline := time.Now().Add(10 * time.Second)
			for !codeRe.MatchString(out.String()) {
				select {
				case err := <-done:
					t.Fatalf("login ended before a code was printed: %v %q", err, out.String())
				default:
				}
				if time.Now().After(deadline) {
					t.Fatalf("no code printed: %q", out.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			code := codeRe.FindStringSubmatch(out.String())[1]
			if !strings.Contains(out.String(), base+"/device?code="+code) {
				t.Fatalf("no page printed: %q", out.String())
			}
			if err := ids.DecideDevice(ctx, u.ID, code, approve); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-done:
				return out.String(), err
			case <-time.After(30 * time.Second):
				t.Fatal("login did not finish after the approval")
			}
			return "", nil
		}

		out, err := login(true)
		if err != nil || !strings.Contains(out, "logged in to "+base+" as cli@example.com") {
			t.Fatalf("login: %v\n%s", err, out)
		}
		creds, err := loadCredentials()
		if err != nil || !strings.HasPrefix(creds.Tokens[base], "sk_") || creds.TokenIDs[base] == "" {
			t.Fatalf("credentials: %+v %v", creds, err)
		}
		toks, err := ids.ListAPITokens(ctx, u.ID)
		if err != nil || len(toks) != 1 || !strings.HasPrefix(toks[0].Name, "souk CLI") || strings.Join(toks[0].Scopes, " ") != "read write" {
			t.Fatalf("tokens: %+v %v", toks, err)
		}
		who := &strings.Builder{}
		cmd := rootCmdForTest(t, "whoami", "--server", base)
		cmd.SetOut(who)
		if err := cmd.ExecuteContext(ctx); err != nil || !strings.Contains(who.String(), "cli@example.com") {
			t.Fatalf("whoami: %v %s", err, who)
		}
		if err := rootCmdForTest(t, "logout", "--server", base).ExecuteContext(ctx); err != nil {
			t.Fatal(err)
		}
		if toks, _ := ids.ListAPITokens(ctx, u.ID); len(toks) != 1 || toks[0].RevokedAt == nil {
			t.Fatalf("logout did not revoke the device token: %+v", toks)
		}

		if _, err := login(false); err == nil || !strings.Contains(err.Error(), "denied") {
			t.Fatalf("denied login: %v", err)
		}
	})
}
