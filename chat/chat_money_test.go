package chat_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

const moneyPIN = "258079"

type moneyFixture struct {
	t    *testing.T
	ctx  context.Context
	db   *store.DB
	pay  *payments.Service
	bank *payments.SimBank
	chat *chat.Service
	cm   *chat.ChatMoney
	q    *jobs.Queue
}

func newMoneyFixture(t *testing.T, db *store.DB) *moneyFixture {
	t.Helper()
	l := ledger.New(db, ledger.Options{})
	t.Cleanup(l.Close)
	bank := payments.NewSimBank()
	pay := payments.New(db, l, payments.Options{Funding: bank})
	bank.Handler = pay.HandleFundingResult
	q := jobs.New(db, nil)
	pay.UseJobs(q)
	c := chat.New(db, chat.Options{Jobs: q})
	cm := chat.NewMoney(c, pay)
	pay.SetMoneyHooks(cm.Hooks())
	return &moneyFixture{t: t, ctx: context.Background(), db: db, pay: pay, bank: bank, chat: c, cm: cm, q: q}
}

// user creates a user; with funds it sets a PIN and tops up the wallet.
func (f *moneyFixture) user(id string, funds money.Amount) string {
	f.t.Helper()
	if _, err := f.db.ExecContext(f.ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, 'x', 0)`, id, id+"@example.com"); err != nil {
		f.t.Fatal(err)
	}
	if funds > 0 {
		if err := f.pay.SetPIN(f.ctx, id, moneyPIN); err != nil {
			f.t.Fatal(err)
		}
		op, err := f.pay.TopUp(f.ctx, id, store.NewID("top"), "USD", funds)
		if err != nil {
			f.t.Fatal(err)
		}
		if _, err := f.bank.Complete(f.ctx, op.ID, true); err != nil {
			f.t.Fatal(err)
		}
	}
	return id
}

func (f *moneyFixture) posted(user string) int64 {
	f.t.Helper()
	b, err := f.pay.WalletBalance(f.ctx, user, "USD")
	if err != nil {
		f.t.Fatal(err)
	}
	return b.Posted
}

func (f *moneyFixture) check() {
	f.t.Helper()
	r, err := f.pay.LedgerCheck(f.ctx)
	if err != nil || !r.OK {
		f.t.Fatalf("ledger check: %v %v", r.Problems, err)
	}
}

// events lists the system-message events of a conversation, in order.
func (f *moneyFixture) events(userID, convID string) ([]map[string]any, []chat.Message) {
	f.t.Helper()
	page, err := f.chat.History(f.ctx, userID, convID, chat.HistoryQuery{Limit: 100})
	if err != nil {
		f.t.Fatal(err)
	}
	var evs []map[string]any
	for _, m := range page.Messages {
		if m.Kind != chat.MsgSystem {
			continue
		}
		var ev map[string]any
		if err := json.Unmarshal(m.Body, &ev); err != nil {
			f.t.Fatal(err)
		}
		evs = append(evs, ev)
	}
	return evs, page.Messages
}

func hasEvent(evs []map[string]any, name string) map[string]any {
	for _, ev := range evs {
		if ev["event"] == name {
			return ev
		}
	}
	return nil
}

func wantChatCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if chat.Code(err) != code && payments.Code(err) != code {
		t.Fatalf("%s: error %v, want %s", what, err, code)
	}
}

func TestChatTransfer(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := newMoneyFixture(t, db)
		alice, bob, eve := f.user("usr_alice", 10000), f.user("usr_bob", 0), f.user("usr_eve", 1000)
		dm, err := f.chat.CreateDirect(f.ctx, alice, bob)
		if err != nil {
			t.Fatal(err)
		}
		tr, msg, err := f.cm.SendTransfer(f.ctx, alice, dm.ID, chat.TransferInput{ClientID: "c1", Currency: "USD", Amount: 2500, PIN: moneyPIN, Note: "rent"})
		if err != nil {
			t.Fatal(err)
		}
		if msg.Kind != chat.MsgTransfer || tr.ReceiverID != bob || tr.Ref != dm.ID {
			t.Fatalf("sent: %+v %+v", tr, msg)
		}
		var body map[string]any
		_ = json.Unmarshal(msg.Body, &body)
		if body["transfer_id"] != tr.ID || body["amount"] != "25.00" || body["receiver_id"] != bob {
			t.Fatalf("transfer message body %s", msg.Body)
		}
		// A retried send is the same transfer and the same message.
		tr2, msg2, err := f.cm.SendTransfer(f.ctx, alice, dm.ID, chat.TransferInput{ClientID: "c1", Currency: "USD", Amount: 2500, PIN: moneyPIN, Note: "rent"})
		if err != nil || tr2.ID != tr.ID || msg2.ID != msg.ID {
			t.Fatalf("retry: %+v %+v %v", tr2, msg2, err)
		}
		// Someone outside the conversation can neither send in it nor accept.
		_, _, err = f.cm.SendTransfer(f.ctx, eve, dm.ID, chat.TransferInput{ClientID: "e1", Currency: "USD", Amount: 100, PIN: moneyPIN})
		wantChatCode(t, "outsider sends", err, chat.CodeNotFound)
		_, err = f.cm.AcceptTransfer(f.ctx, eve, tr.ID)
		wantChatCode(t, "outsider accepts", err, payments.ErrTransferNotFound.Code)
		_, err = f.cm.AcceptTransfer(f.ctx, alice, tr.ID)
		wantChatCode(t, "sender accepts", err, payments.ErrNotTransferReceiver.Code)

		got, err := f.cm.AcceptTransfer(f.ctx, bob, tr.ID)
		if err != nil || got.Status != payments.TransferAccepted {
			t.Fatalf("accept: %+v %v", got, err)
		}
		if f.posted(alice) != 7500 || f.posted(bob) != 2500 {
			t.Fatalf("balances %d %d", f.posted(alice), f.posted(bob))
		}
		// Accepting again (a retry) posts no second note.
		if _, err := f.cm.AcceptTransfer(f.ctx, bob, tr.ID); err != nil {
			t.Fatal(err)
		}
		evs, _ := f.events(alice, dm.ID)
		n := 0
		for _, ev := range evs {
			if ev["event"] == "transfer_accepted" {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d transfer_accepted notes: %v", n, evs)
		}

		// Declined, and expired: each posts its note; money is back.
		tr3, _, err := f.cm.SendTransfer(f.ctx, alice, dm.ID, chat.TransferInput{ClientID: "c2", Currency: "USD", Amount: 1000, PIN: moneyPIN})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.cm.DeclineTransfer(f.ctx, bob, tr3.ID); err != nil {
			t.Fatal(err)
		}
		tr4, _, err := f.cm.SendTransfer(f.ctx, alice, dm.ID, chat.TransferInput{ClientID: "c3", Currency: "USD", Amount: 1000, PIN: moneyPIN})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.q.RunDue(f.ctx, time.Now().Add(25*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.cm.GetTransfer(f.ctx, alice, tr4.ID); got.Status != payments.TransferExpired {
			t.Fatalf("after expiry: %+v", got)
		}
		evs, _ = f.events(bob, dm.ID)
		if hasEvent(evs, "transfer_declined") == nil || hasEvent(evs, "transfer_expired")["transfer_id"] != tr4.ID {
			t.Fatalf("notes: %v", evs)
		}
		if f.posted(alice) != 7500 || f.posted(bob) != 2500 {
			t.Fatalf("balances %d %d", f.posted(alice), f.posted(bob))
		}

		// Transfers go in direct conversations only.
		g, err := f.chat.CreateGroup(f.ctx, alice, "g", []string{bob})
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = f.cm.SendTransfer(f.ctx, alice, g.ID, chat.TransferInput{ClientID: "c4", Currency: "USD", Amount: 100, PIN: moneyPIN})
		wantChatCode(t, "transfer in a group", err, chat.CodeInvalidRequest)
		f.check()
	})
}

func TestChatRedPacket(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := newMoneyFixture(t, db)
		alice := f.user("usr_alice", 10000)
		outsider := f.user("usr_out", 0)
		var members []string
		for i := 0; i < 14; i++ {
			members = append(members, f.user(fmt.Sprintf("usr_m%02d", i), 0))
		}
		g, err := f.chat.CreateGroup(f.ctx, alice, "friends", members)
		if err != nil {
			t.Fatal(err)
		}
		p, msg, err := f.cm.SendRedPacket(f.ctx, alice, g.ID, chat.RedPacketInput{ClientID: "rp1", Currency: "USD", Total: 888, Shares: 10,
			Mode: payments.RedPacketRandom, PIN: moneyPIN, Greeting: "新年快乐"})
		if err != nil {
			t.Fatal(err)
		}
		if msg.Kind != chat.MsgRedPacket {
			t.Fatalf("message %+v", msg)
		}
		// An outsider cannot see or claim it, and nothing moves.
		_, _, err = f.cm.ClaimRedPacket(f.ctx, outsider, p.ID)
		wantChatCode(t, "outsider claims", err, chat.CodeNotFound)
		_, err = f.cm.GetRedPacket(f.ctx, outsider, p.ID)
		wantChatCode(t, "outsider reads", err, chat.CodeNotFound)
		if f.posted(outsider) != 0 {
			t.Fatal("the outsider got money")
		}
		// 14 members grab 10 shares at once.
		var wg sync.WaitGroup
		var mu sync.Mutex
		winners, empty := 0, 0
		for _, m := range members {
			wg.Add(1)
			go func(m string) {
				defer wg.Done()
				_, _, err := f.cm.ClaimRedPacket(f.ctx, m, p.ID)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					winners++
				case errors.Is(err, payments.ErrRedPacketEmpty):
					empty++
				default:
					t.Errorf("claim by %s: %v", m, err)
				}
			}(m)
		}
		wg.Wait()
		if winners != 10 || empty != 4 {
			t.Fatalf("%d winners, %d refused", winners, empty)
		}
		got, err := f.cm.GetRedPacket(f.ctx, members[0], p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var sum money.Amount
		for _, c := range got.Claims {
			if c.Amount < 1 || f.posted(c.ClaimerID) != int64(c.Amount) {
				t.Fatalf("claim %+v", c)
			}
			sum += c.Amount
		}
		if sum != 888 || got.Status != payments.RedPacketFinished {
			t.Fatalf("packet %+v", got)
		}
		// The finished packet's note lists every claimer and amount, once.
		evs, _ := f.events(alice, g.ID)
		fin := hasEvent(evs, "red_packet_finished")
		if fin == nil || len(fin["claims"].([]any)) != 10 {
			t.Fatalf("notes: %v", evs)
		}

		// A second packet: one claim, a refused second claim, then expiry.
		p2, _, err := f.cm.SendRedPacket(f.ctx, alice, g.ID, chat.RedPacketInput{ClientID: "rp2", Currency: "USD", Total: 500, Shares: 5,
			Mode: payments.RedPacketEqual, PIN: moneyPIN})
		if err != nil {
			t.Fatal(err)
		}
		c, _, err := f.cm.ClaimRedPacket(f.ctx, members[0], p2.ID)
		if err != nil || c.Amount != 100 {
			t.Fatalf("claim: %+v %v", c, err)
		}
		_, _, err = f.cm.ClaimRedPacket(f.ctx, members[0], p2.ID)
		wantChatCode(t, "second claim", err, payments.ErrRedPacketClaimed.Code)
		before := f.posted(alice)
		if _, err := f.q.RunDue(f.ctx, time.Now().Add(25*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if f.posted(alice) != before+400 {
			t.Fatalf("refund: %d -> %d", before, f.posted(alice))
		}
		evs, _ = f.events(alice, g.ID)
		if exp := hasEvent(evs, "red_packet_expired"); exp == nil || exp["refunded"] != "4.00" {
			t.Fatalf("notes: %v", evs)
		}
		// Red packets go in groups only.
		dm, err := f.chat.CreateDirect(f.ctx, alice, members[0])
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = f.cm.SendRedPacket(f.ctx, alice, dm.ID, chat.RedPacketInput{ClientID: "rp3", Currency: "USD", Total: 100, Shares: 1,
			Mode: payments.RedPacketEqual, PIN: moneyPIN})
		wantChatCode(t, "red packet in a direct conversation", err, chat.CodeInvalidRequest)
		f.check()
	})
}
