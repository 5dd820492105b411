package api_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

func (h *harness) walletPosted(userID string) string {
	h.t.Helper()
	b, err := h.pay.WalletBalance(t0ctx, userID, "USD")
	if err != nil {
		h.t.Fatal(err)
	}
	return formatUSD(b.Posted)
}

func formatUSD(minor int64) string { return fmt.Sprintf("%d.%02d", minor/100, minor%100) }

func (h *harness) ledgerOK() {
	h.t.Helper()
	r, err := h.pay.LedgerCheck(t0ctx)
	if err != nil || !r.OK {
		h.t.Fatalf("ledger check: %v %v", r.Problems, err)
	}
}

func TestChatMoneyHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		const pin = "731946"
		alice, aliceTok := h.user("alice")
		bob, bobTok := h.user("bob")
		_, carolTok := h.user("carol")
		if err := h.pay.SetPIN(t0ctx, alice.ID, pin); err != nil {
			t.Fatal(err)
		}
		w := &world{h: h}
		w.fund(alice.ID, "100.00")
		dm, err := h.chat.CreateDirect(t0ctx, alice.ID, bob.ID)
		if err != nil {
			t.Fatal(err)
		}
		send := func(clientID, amount, p string) response {
			return h.do("POST", "/api/v1/chat/conversations/"+dm.ID+"/transfers", aliceTok,
				map[string]any{"client_id": clientID, "currency": "USD", "amount": amount, "pin": p, "note": "lunch"})
		}
		// A wrong PIN: 403, nothing moves, and the PIN is in no log line.
		if r := send("t1", "12.50", "000001"); r.Status != 403 || r.errorCode() != "wrong_pin" {
			t.Fatalf("wrong PIN: %d %s", r.Status, r.Body)
		}
		if got := h.walletPosted(alice.ID); got != "100.00" {
			t.Fatalf("after a wrong PIN alice has %s", got)
		}
		if r := send("t1", "12.505", pin); r.Status != 400 || r.errorCode() != "invalid_amount" {
			t.Fatalf("three decimals: %d %s", r.Status, r.Body)
		}
		r := send("t1", "12.50", pin)
		if r.Status != 201 {
			t.Fatalf("send: %d %s", r.Status, r.Body)
		}
		tr := r.json(t)["transfer"].(map[string]any)
		id := tr["id"].(string)
		if tr["amount"] != "12.50" || tr["status"] != "pending" || tr["receiver_id"] != bob.ID || tr["conversation_id"] != dm.ID {
			t.Fatalf("transfer %v", tr)
		}
		if again := send("t1", "12.50", pin); again.Status != 201 || again.json(t)["transfer"].(map[string]any)["id"] != id {
			t.Fatalf("retry: %d %s", again.Status, again.Body)
		}
		if strings.Contains(h.log.String(), pin) || strings.Contains(h.log.String(), "000001") {
			t.Fatal("a PIN reached the log")
		}
		// Only Bob decides; Carol is outside.
		if r := h.do("POST", "/api/v1/chat/transfers/"+id+"/accept", aliceTok, nil); r.Status != 403 || r.errorCode() != "not_transfer_receiver" {
			t.Fatalf("sender accepts: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/chat/transfers/"+id, carolTok, nil); r.Status != 404 {
			t.Fatalf("outsider reads: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/chat/transfers/"+id+"/accept", bobTok, nil); r.Status != 200 || r.json(t)["status"] != "accepted" {
			t.Fatalf("accept: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/chat/transfers/"+id+"/decline", bobTok, nil); r.Status != 409 || r.errorCode() != "transfer_not_pending" {
			t.Fatalf("decline after accept: %d %s", r.Status, r.Body)
		}
		if a, b := h.walletPosted(alice.ID), h.walletPosted(bob.ID); a != "87.50" || b != "12.50" {
			t.Fatalf("balances %s %s", a, b)
		}
		// One that expires: fast-forward the queue.
		r = send("t2", "5.00", pin)
		if r.Status != 201 {
			t.Fatalf("send: %d %s", r.Status, r.Body)
		}
		id2 := r.json(t)["transfer"].(map[string]any)["id"].(string)
		if _, err := h.jobs.RunDue(t0ctx, time.Now().Add(25*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if r := h.do("GET", "/api/v1/chat/transfers/"+id2, bobTok, nil); r.json(t)["status"] != "expired" {
			t.Fatalf("after expiry: %s", r.Body)
		}
		if r := h.do("POST", "/api/v1/chat/transfers/"+id2+"/accept", bobTok, nil); r.Status != 409 {
			t.Fatalf("accept after expiry: %d %s", r.Status, r.Body)
		}
		if a := h.walletPosted(alice.ID); a != "87.50" {
			t.Fatalf("alice after expiry %s", a)
		}

		// Red packets: a group of alice and bob; carol is outside.
		g, err := h.chat.CreateGroup(t0ctx, alice.ID, "lunch club", []string{bob.ID})
		if err != nil {
			t.Fatal(err)
		}
		r = h.do("POST", "/api/v1/chat/conversations/"+g.ID+"/red-packets", aliceTok,
			map[string]any{"client_id": "rp1", "currency": "USD", "total": "0.03", "shares": 4, "mode": "equal", "pin": pin})
		if r.Status != 400 || r.errorCode() != "invalid_red_packet" {
			t.Fatalf("fewer cents than shares: %d %s", r.Status, r.Body)
		}
		r = h.do("POST", "/api/v1/chat/conversations/"+dm.ID+"/red-packets", aliceTok,
			map[string]any{"client_id": "rp1", "currency": "USD", "total": "3.00", "shares": 2, "mode": "equal", "pin": pin})
		if r.Status != 400 || r.errorCode() != "invalid_request" {
			t.Fatalf("red packet in a direct conversation: %d %s", r.Status, r.Body)
		}
		r = h.do("POST", "/api/v1/chat/conversations/"+g.ID+"/red-packets", aliceTok,
			map[string]any{"client_id": "rp1", "currency": "USD", "total": "10.00", "shares": 3, "mode": "equal", "pin": pin, "greeting": "🧧"})
		if r.Status != 201 {
			t.Fatalf("send red packet: %d %s", r.Status, r.Body)
		}
		rp := r.json(t)["red_packet"].(map[string]any)["id"].(string)
		if r := h.do("POST", "/api/v1/chat/red-packets/"+rp+"/claim", carolTok, nil); r.Status != 404 {
			t.Fatalf("outsider claims: %d %s", r.Status, r.Body)
		}
		r = h.do("POST", "/api/v1/chat/red-packets/"+rp+"/claim", bobTok, nil)
		if r.Status != 200 || r.json(t)["claim"].(map[string]any)["amount"] != "3.34" {
			t.Fatalf("claim: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/chat/red-packets/"+rp+"/claim", bobTok, nil); r.Status != 409 || r.errorCode() != "red_packet_already_claimed" {
			t.Fatalf("second claim: %d %s", r.Status, r.Body)
		}
		if _, err := h.jobs.RunDue(t0ctx, time.Now().Add(25*time.Hour)); err != nil {
			t.Fatal(err)
		}
		r = h.do("GET", "/api/v1/chat/red-packets/"+rp, aliceTok, nil)
		got := r.json(t)
		if got["status"] != "expired" || got["refunded"] != "6.66" || len(got["claims"].([]any)) != 1 {
			t.Fatalf("after expiry: %s", r.Body)
		}
		if a, b := h.walletPosted(alice.ID), h.walletPosted(bob.ID); a != "84.16" || b != "15.84" {
			t.Fatalf("balances %s %s", a, b)
		}
		if r := h.do("POST", "/api/v1/chat/red-packets/"+rp+"/claim", aliceTok, nil); r.Status != 409 || r.errorCode() != "red_packet_expired" {
			t.Fatalf("claim after expiry: %d %s", r.Status, r.Body)
		}
		h.ledgerOK()
	})
}

// 100 concurrent claims through HTTP on a 10-share packet: 10 winners.
func TestRedPacketClaimRaceHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		const pin, n = "731946", 100
		alice, aliceTok := h.user("alice")
		if err := h.pay.SetPIN(t0ctx, alice.ID, pin); err != nil {
			t.Fatal(err)
		}
		(&world{h: h}).fund(alice.ID, "50.00")
		ids, toks := make([]string, n), make([]string, n)
		for i := range ids {
			// Members without the signup's slow password hash: a row and an API token.
			ids[i] = fmt.Sprintf("usr_m%03d", i)
			if _, err := db.ExecContext(t0ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, 'x', 0)`,
				ids[i], ids[i]+"@example.com"); err != nil {
				t.Fatal(err)
			}
			tok, _, err := h.ids.CreateAPIToken(t0ctx, ids[i], "claims", []string{"read", "write"}, 0)
			if err != nil {
				t.Fatal(err)
			}
			toks[i] = tok
		}
		g, err := h.chat.CreateGroup(t0ctx, alice.ID, "big group", ids)
		if err != nil {
			t.Fatal(err)
		}
		r := h.do("POST", "/api/v1/chat/conversations/"+g.ID+"/red-packets", aliceTok,
			map[string]any{"client_id": "big", "currency": "USD", "total": "20.00", "shares": 10, "mode": "random", "pin": pin})
		if r.Status != 201 {
			t.Fatalf("send: %d %s", r.Status, r.Body)
		}
		rp := r.json(t)["red_packet"].(map[string]any)["id"].(string)
		var wg sync.WaitGroup
		var mu sync.Mutex
		codes := map[int]int{}
		for _, tok := range toks {
			wg.Add(1)
			go func(tok string) {
				defer wg.Done()
				r := h.do("POST", "/api/v1/chat/red-packets/"+rp+"/claim", tok, nil)
				mu.Lock()
				codes[r.Status]++
				mu.Unlock()
			}(tok)
		}
		wg.Wait()
		if codes[200] != 10 || codes[409] != n-10 {
			t.Fatalf("statuses %v", codes)
		}
		got := h.do("GET", "/api/v1/chat/red-packets/"+rp, aliceTok, nil).json(t)
		if got["status"] != "finished" || got["claimed_amount"] != "20.00" || len(got["claims"].([]any)) != 10 {
			t.Fatalf("packet %v", got)
		}
		h.ledgerOK()
	})
}
