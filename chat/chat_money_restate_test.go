package chat_test

import (
	"testing"
	"time"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// When a transfer expires (or is declined) the conversation gets its note
// and the transfer message itself is announced again as an edit, so open
// pages show its new state; a red packet that expires likewise. Both
// backends.
func TestMoneyMessagesAreRestatedWhenTheyChange(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := newMoneyFixture(t, db)
		rec := &recorder{}
		f.chat.SetPublisher(rec)
		alice, bob := f.user("usr_alice", 10000), f.user("usr_bob", 0)
		dm, err := f.chat.CreateDirect(f.ctx, alice, bob)
		if err != nil {
			t.Fatal(err)
		}
		tr, msg, err := f.cm.SendTransfer(f.ctx, alice, dm.ID, chat.TransferInput{ClientID: "x1", Currency: "USD", Amount: 1250, PIN: moneyPIN})
		if err != nil {
			t.Fatal(err)
		}
		g, err := f.chat.CreateGroup(f.ctx, alice, "g", []string{bob})
		if err != nil {
			t.Fatal(err)
		}
		_, pmsg, err := f.cm.SendRedPacket(f.ctx, alice, g.ID, chat.RedPacketInput{ClientID: "p1", Currency: "USD", Total: 300, Shares: 2,
			Mode: payments.RedPacketEqual, PIN: moneyPIN})
		if err != nil {
			t.Fatal(err)
		}
		rec.take()
		if _, err := f.q.RunDue(f.ctx, time.Now().Add(25*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.cm.GetTransfer(f.ctx, alice, tr.ID); got.Status != payments.TransferExpired {
			t.Fatalf("transfer after expiry: %+v", got)
		}
		restated := map[string]int64{}
		for _, ev := range rec.take() {
			if ev.Type == chat.EventEdit && ev.Message != nil {
				restated[ev.ConversationID] = ev.Seq
				if len(ev.Members) != 2 {
					t.Errorf("the edit goes to %v", ev.Members)
				}
			}
		}
		if restated[dm.ID] != msg.Seq || restated[g.ID] != pmsg.Seq {
			t.Fatalf("restated %v, want the transfer (seq %d) and the packet (seq %d)", restated, msg.Seq, pmsg.Seq)
		}
		if f.posted(alice) != 10000 {
			t.Fatalf("alice after both expired: %d", f.posted(alice))
		}
		// Declined: restated too.
		tr2, msg2, err := f.cm.SendTransfer(f.ctx, alice, dm.ID, chat.TransferInput{ClientID: "x2", Currency: "USD", Amount: 100, PIN: moneyPIN})
		if err != nil {
			t.Fatal(err)
		}
		rec.take()
		if _, err := f.cm.DeclineTransfer(f.ctx, bob, tr2.ID); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, ev := range rec.take() {
			found = found || (ev.Type == chat.EventEdit && ev.Seq == msg2.Seq && ev.ConversationID == dm.ID)
		}
		if !found {
			t.Fatal("a declined transfer was not restated")
		}
	})
}
