package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/chat/realtime"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/credit"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/invoice"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/stripefunding"
	"github.com/soukhq/souk/payments/stripefunding/stripemock"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/webhooks"
)

// harness is an API server over a fresh database, driven in-process.
type harness struct {
	t    testing.TB
	db   *store.DB
	ids  *identity.Service
	srv  *api.Server
	log  *lockedBuffer
	pay  *payments.Service
	bank *payments.SimBank
	com  *commerce.Service
	jobs *jobs.Queue
	chat *chat.Service
	// installs maps installation ids to brand orgs for chat's service
	// conversations (the harness has no marketplace installations).
	installs  *sync.Map
	chatMoney *chat.ChatMoney
	hooks     *webhooks.Service
	logi      *commerce.Logistics
	inv       *invoice.Service
	cr        *credit.Service
	stripe    *stripefunding.Source
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newHarness(t testing.TB, db *store.DB) *harness {
	h := &harness{t: t, db: db, ids: identity.New(db), log: &lockedBuffer{}, installs: &sync.Map{}}
	l := ledger.New(db, ledger.Options{})
	t.Cleanup(l.Close)
	h.bank = payments.NewSimBank()
	h.pay = payments.New(db, l, payments.Options{Funding: h.bank})
	h.bank.Handler = h.pay.HandleFundingResult
	h.jobs = jobs.New(db, nil)
	blobs, err := blob.OpenLocal(blob.Config{Dir: t.TempDir(), MaxObjectSize: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	h.com = commerce.New(db, h.pay, h.jobs, blobs, commerce.Options{})
	h.inv = invoice.New(db, h.com, h.ids, invoice.Options{})
	h.cr = credit.New(db, h.pay, h.jobs, credit.Options{})
	// A user's 20 sends refill over an hour, not 10 s, so the rate-limit
	// check does not depend on how fast a loaded machine sends.
	h.chat = chat.New(db, chat.Options{Blobs: blobs, Jobs: h.jobs, MaxImageBytes: 4 << 20, UserRate: chat.RateLimit{Burst: 20, Per: time.Hour}, Installations: func(ctx context.Context, id string) (string, error) {
		if brand, ok := h.installs.Load(id); ok {
			return brand.(string), nil
		}
		return "", store.ErrNotFound
	}})
	// Realtime delivery of chat events, as souk serve wires it.
	hub := realtime.New(db, h.chat, nil, realtime.Config{})
	t.Cleanup(hub.Close)
	h.chat.SetPublisher(hub)
	h.pay.UseJobs(h.jobs)
	h.chatMoney = chat.NewMoney(h.chat, h.pay)
	h.pay.SetMoneyHooks(h.chatMoney.Hooks())
	hooks, err := webhooks.New(db, h.jobs, webhooks.Options{AllowLocalHTTP: true, Log: slog.New(slog.NewJSONHandler(h.log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	h.hooks = hooks
	h.logi = commerce.NewLogistics(h.com, commerce.LogisticsOptions{CarrierSecrets: map[string]string{"dhl": testCarrierSecret}})
	// Stripe's routes, against stripe-mock (the funding source stays the
	// simulated bank; stripefunding's own tests drive Stripe as the rail).
	h.stripe, err = stripefunding.New(db, stripefunding.Config{SecretKey: "sk_test_souk", WebhookSecret: "whsec_souk", APIURL: stripemock.Start(t)})
	if err != nil {
		t.Fatal(err)
	}
	h.stripe.UsePayments(h.pay)
	h.srv = api.New(api.Deps{
		Stripe:        h.stripe,
		Chat:          h.chat,
		Realtime:      hub,
		ChatMoney:     h.chatMoney,
		Webhooks:      hooks,
		Logistics:     h.logi,
		DB:            db,
		Identity:      h.ids,
		Payments:      h.pay,
		SimBank:       h.bank,
		Commerce:      h.com,
		Invoices:      h.inv,
		Credit:        h.cr,
		Ready:         map[string]api.Pinger{"database": db},
		Log:           slog.New(slog.NewJSONHandler(h.log, nil)),
		AuthRateLimit: 10000,
	})
	return h
}

type response struct {
	Status int
	Body   []byte
	Header http.Header
}

func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("response is not JSON (%d): %s", r.Status, r.Body)
	}
	return m
}

// errorCode returns the error code of an error response.
func (r response) errorCode() string {
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// do sends a request; body may be nil, a string (sent raw) or a value
// (sent as JSON). token, if set, is sent as a bearer token.
func (h *harness) do(method, path, token string, body any, headers ...string) response {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if os.Getenv("SOUK_TEST_IDEMPOTENCY_KEYS") != "" && method != "GET" && req.Header.Get("Idempotency-Key") == "" {
		req.Header.Set("Idempotency-Key", fmt.Sprintf("auto-%d", emailSeq.Add(1)))
	}
	resp, err := h.srv.App.Test(req, 10000)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Body: b, Header: resp.Header}
}

var emailSeq atomic.Int64

const testPassword = "correct horse battery"

// user signs up a fresh user and returns it with a session token.
func (h *harness) user(name string) (identity.User, string) {
	h.t.Helper()
	email := fmt.Sprintf("%s-%d@example.com", name, emailSeq.Add(1))
	r := h.do("POST", "/api/v1/auth/signup", "", map[string]string{"email": email, "password": testPassword})
	if r.Status != 201 {
		h.t.Fatalf("signup: %d %s", r.Status, r.Body)
	}
	return h.loginAs(email)
}

func (h *harness) loginAs(email string) (identity.User, string) {
	h.t.Helper()
	r := h.do("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": testPassword})
	if r.Status != 200 {
		h.t.Fatalf("login: %d %s", r.Status, r.Body)
	}
	var out api.LoginResult
	if err := json.Unmarshal(r.Body, &out); err != nil {
		h.t.Fatal(err)
	}
	return out.User, out.Token
}

func (h *harness) count(table string) int {
	h.t.Helper()
	var n int
	if err := h.db.QueryRowContext(t0ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		h.t.Fatal(err)
	}
	return n
}

// with returns the harness reporting to another test (a fuzz target's t).
func (h *harness) with(t testing.TB) *harness {
	c := *h
	c.t = t
	return &c
}
