package killtest

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// shopperLoop starts operations until loadCtx ends; each operation runs to
// its end under ctx, whatever the server goes through meanwhile.
func (r *run) shopperLoop(ctx, loadCtx context.Context, s *shopper) {
	for loadCtx.Err() == nil && ctx.Err() == nil {
		s.mu.Lock()
		spendable := s.wallet - s.held()
		s.mu.Unlock()
		if spendable < 2000 {
			r.topUp(ctx, s, 5000)
			continue
		}
		switch x := s.rng.IntN(10); {
		case x < 5:
			r.order(ctx, s)
		case x < 8:
			r.transfer(ctx, s)
		default:
			r.withdraw(ctx, s, 100)
		}
	}
}

func (s *shopper) held() int64 { return int64(s.strandedWithdrawals) * 100 }

// send is one acknowledged step: a fresh key, retried until answered. It
// returns false (and records a problem) for anything but a 2xx.
func (r *run) send(ctx context.Context, what, method, path, token string, body, out any) bool {
	a, err := r.c.do(ctx, method, path, token, r.c.key(what), body, 0)
	if err != nil {
		r.problem("%s: %v", what, err)
		return false
	}
	if !a.ok() {
		r.problem("%s: %s %s: %s", what, method, path, a)
		return false
	}
	if out != nil {
		if err := a.decode(out); err != nil {
			r.problem("%s: %v", what, err)
			return false
		}
	}
	return true
}

// complete answers a funding operation as the simulated bank, as an admin.
// Without durable funding a server that restarted after accepting the
// operation has forgotten it: that is reported as stranded (B8).
// fundingOp is the answer to a top-up, withdrawal or payout: the bank is
// told the server's operation id, not the client's idempotency id.
type fundingOp struct {
	ID string `json:"id"`
}

func (r *run) complete(ctx context.Context, opID string) (ok, stranded bool) {
	max5xx := 5
	if r.cfg.FundingDurable {
		max5xx = 0
	}
	a, err := r.c.do(ctx, "POST", "/api/v1/admin/simbank/"+opID, r.admin, r.c.key("bank"), map[string]bool{"succeeded": true}, max5xx)
	if err != nil {
		r.problem("complete %s: %v", opID, err)
		return false, false
	}
	if !r.cfg.FundingDurable && (a.status >= 500 || a.code == "funding_not_found") {
		return false, true
	}
	if !a.ok() {
		r.problem("complete %s: %s", opID, a)
		return false, false
	}
	return true, false
}

func (r *run) topUp(ctx context.Context, s *shopper, cents int64) {
	id := r.c.key("topup")
	var op fundingOp
	if !r.send(ctx, "top-up", "POST", "/api/v1/wallet/topups", s.token, map[string]string{"id": id, "currency": "USD", "amount": fmtUSD(cents)}, &op) {
		return
	}
	s.ack("topup", 0)
	ok, stranded := r.complete(ctx, op.ID)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case ok:
		s.wallet += cents
	case stranded:
		s.strandedTopUps++
	}
}

func (r *run) withdraw(ctx context.Context, s *shopper, cents int64) {
	id := r.c.key("withdrawal")
	var op fundingOp
	if !r.send(ctx, "withdrawal", "POST", "/api/v1/wallet/withdrawals", s.token, map[string]string{"id": id, "currency": "USD", "amount": fmtUSD(cents)}, &op) {
		return
	}
	s.ack("withdrawal", 0)
	ok, stranded := r.complete(ctx, op.ID)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case ok:
		s.wallet -= cents
	case stranded:
		s.strandedWithdrawals++
	}
}

func (s *shopper) ack(kind string, delta int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.acked[kind]++
	s.wallet += delta
}

// order buys one item with the PIN, sometimes gets 1.00 back through the
// brand, and sometimes is shipped, delivered and confirmed (which settles
// it and gives the brand something to pay out).
func (r *run) order(ctx context.Context, s *shopper) {
	var o struct{ ID string }
	if !r.send(ctx, "order", "POST", "/api/v1/orders", s.token,
		map[string]any{"brand_id": r.brandID, "lines": []map[string]any{{"sku_id": r.skuID, "qty": 1}}}, &o) {
		return
	}
	s.ack("order", 0)
	var pr struct{ ID string }
	if !r.send(ctx, "payment request", "POST", "/api/v1/orders/"+o.ID+"/payment", s.token, nil, &pr) {
		return
	}
	if !r.send(ctx, "payment", "POST", "/api/v1/payment-requests/"+pr.ID+"/confirm", s.token, map[string]string{"pin": pin}, nil) {
		return
	}
	s.ack("payment", -price)
	if s.rng.IntN(10) < 4 {
		if !r.send(ctx, "refund request", "POST", "/api/v1/orders/"+o.ID+"/refund-request", s.token, map[string]string{"amount": "1.00", "reason": "chipped"}, nil) {
			return
		}
		s.ack("refund", 0)
		if !r.send(ctx, "refund approval", "POST", "/api/v1/orgs/"+r.brandID+"/orders/"+o.ID+"/refund/approve", r.brandToken, map[string]string{"amount": "1.00"}, nil) {
			return
		}
		s.ack("refund_approved", 100)
	}
	if s.rng.IntN(10) < 5 {
		r.deliver(ctx, s, o.ID)
	}
}

func (r *run) deliver(ctx context.Context, s *shopper, orderID string) {
	var sh struct{ ID, Status string }
	if !r.send(ctx, "shipment", "POST", "/api/v1/orgs/"+r.brandID+"/orders/"+orderID+"/shipments", r.brandToken, map[string]string{"carrier": "simcarrier"}, &sh) {
		return
	}
	for i := 0; i < 8 && sh.Status != "delivered"; i++ {
		a, err := r.c.do(ctx, "POST", "/api/v1/admin/shipments/"+sh.ID+"/advance", r.admin, r.c.key("advance"), nil, 0)
		if err != nil {
			r.problem("advance: %v", err)
			return
		}
		if !a.ok() {
			if a.code == "nothing_to_advance" || a.code == "already_delivered" {
				break
			}
			r.problem("advance: %s", a)
			return
		}
		_ = a.decode(&sh)
	}
	// Delivery reaches the order through the carrier webhook path: wait
	// for it briefly before confirming receipt.
	for i := 0; i < 20; i++ {
		a, err := r.c.do(ctx, "POST", "/api/v1/orders/"+orderID+"/confirm-receipt", s.token, r.c.key("receipt"), nil, 0)
		if err != nil {
			r.problem("confirm receipt: %v", err)
			return
		}
		if a.ok() {
			s.ack("receipt", 0)
			return
		}
		if a.status != http.StatusConflict {
			r.problem("confirm receipt: %s", a)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	r.problem("confirm receipt of %s: the order never became delivered", orderID)
}

// transfer sends 2.00 to the next shopper in the direct conversation, with
// the PIN, and the receiver accepts it.
func (r *run) transfer(ctx context.Context, s *shopper) {
	var peer *shopper
	for _, p := range r.shoppers {
		if _, ok := s.dm[p.id]; ok {
			peer = p
		}
	}
	if peer == nil {
		return
	}
	var t struct{ Transfer struct{ ID string } }
	if !r.send(ctx, "transfer", "POST", "/api/v1/chat/conversations/"+s.dm[peer.id]+"/transfers", s.token,
		map[string]string{"client_id": r.c.key("p2p"), "currency": "USD", "amount": "2.00", "pin": pin}, &t) {
		return
	}
	s.ack("transfer", 0)
	if !r.send(ctx, "accept transfer", "POST", "/api/v1/chat/transfers/"+t.Transfer.ID+"/accept", peer.token, nil, nil) {
		return
	}
	s.mu.Lock()
	s.wallet -= 200
	s.mu.Unlock()
	peer.mu.Lock()
	peer.wallet += 200
	peer.mu.Unlock()
}

// brandLoop pays out 1.00 whenever the brand has 2.00 available.
func (r *run) brandLoop(ctx, loadCtx context.Context) {
	for loadCtx.Err() == nil && ctx.Err() == nil {
		select {
		case <-time.After(100 * time.Millisecond):
		case <-loadCtx.Done():
			return
		}
		a, err := r.c.do(ctx, "GET", "/api/v1/orgs/"+r.brandID+"/balances", r.brandToken, "", nil, 0)
		if err != nil || !a.ok() {
			continue
		}
		var bs struct {
			Data []struct{ Currency, Available string }
		}
		if a.decode(&bs) != nil {
			continue
		}
		avail := int64(0)
		for _, b := range bs.Data {
			if b.Currency == "USD" { // the brand's own account is its only one
				avail = parseCents(b.Available)
			}
		}
		if avail < 200 {
			continue
		}
		id := r.c.key("payout")
		var op fundingOp
		if !r.send(ctx, "payout", "POST", "/api/v1/orgs/"+r.brandID+"/payouts", r.brandToken, map[string]string{"id": id, "currency": "USD", "amount": "1.00"}, &op) {
			continue
		}
		r.brand.mu.Lock()
		r.brand.payouts++
		r.brand.mu.Unlock()
		ok, stranded := r.complete(ctx, op.ID)
		r.brand.mu.Lock()
		switch {
		case ok:
			r.brand.paid += 100
		case stranded:
			r.brand.stranded++
		}
		r.brand.mu.Unlock()
	}
}

func parseCents(s string) int64 {
	whole, frac, _ := strings.Cut(s, ".")
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
	return w*100 + f
}
