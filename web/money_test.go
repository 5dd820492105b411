package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

const moneyPIN = "482915"

// funded gives a user a payment PIN and tops their wallet up through the
// simulated bank.
func (w *world) funded(t *testing.T, u identity.User, cents int64) {
	t.Helper()
	if err := w.pay.SetPIN(ctx, u.ID, moneyPIN); err != nil {
		t.Fatal(err)
	}
	op, err := w.pay.TopUp(ctx, u.ID, store.NewID("top"), "USD", money.Amount(cents))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.bank.Complete(ctx, op.ID, true); err != nil {
		t.Fatal(err)
	}
}

// waitRole waits until an element with the role shows text.
func waitRole(t *testing.T, b *webtest.Browser, role, text string) {
	t.Helper()
	js := fmt.Sprintf(`Array.from(document.querySelectorAll("[role=%s]")).some((e) => e.innerText.includes(%q))`, role, text)
	for i := 0; i < 300; i++ {
		if webtest.Eval[bool](b, js) {
			return
		}
		sleep()
	}
	t.Fatalf("no %s saying %q on %s", role, text, b.Path())
}

func (w *world) available(t *testing.T, u identity.User) int64 {
	t.Helper()
	b, err := w.pay.WalletBalance(ctx, u.ID, "USD")
	if err != nil {
		t.Fatal(err)
	}
	return b.Available
}

// Money between people in the browser: Ada sends Bob a transfer in their
// direct chat on the host's page (amount, note, PIN under her anti-phishing
// phrase; a wrong PIN counts down), Bob accepts it from the message and
// declines a second one, whose money goes back. In a group Ada sends an
// equal red packet of two shares; Bob and Cat claim one each and see who
// got what; someone outside the group finds no such packet.
func TestMoneyInChatsInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startServer(t, db)
		ada := w.user(t, shopper, "ada@example.com")
		bob := w.user(t, shopper, "bob@example.com")
		cat := w.user(t, shopper, "cat@example.com")
		w.user(t, shopper, "dan@example.com")
		for u, name := range map[string]string{ada.ID: "Ada", bob.ID: "Bob 鲍勃", cat.ID: "Cat"} {
			if err := w.ids.SetDisplayName(ctx, u, name); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.ids.SetAntiPhishingPhrase(ctx, ada.ID, "blue heron 蓝鹭"); err != nil {
			t.Fatal(err)
		}
		w.funded(t, ada, 100_00)
		dm, err := w.chat.CreateDirect(ctx, ada.ID, bob.ID)
		if err != nil {
			t.Fatal(err)
		}
		group, err := w.chat.CreateGroup(ctx, ada.ID, "Tea club", []string{bob.ID, cat.ID})
		if err != nil {
			t.Fatal(err)
		}

		a := webtest.New(t, w.base)
		a.SignIn("ada@example.com", password, "/chats")
		a.Open("/chats/" + dm.ID)
		a.Click("link", "Send money")
		a.Find("heading", "Send money to Bob 鲍勃")
		if !strings.Contains(a.HTML(), "blue heron 蓝鹭") {
			t.Fatal("the transfer page does not show the anti-phishing phrase")
		}
		shots(t, a, "transfer")
		a.Fill("Amount", "12.50")
		a.Fill("Note (optional)", "Lunch 午饭")
		a.Fill("Payment PIN", "111111")
		a.Submit("Send")
		waitRole(t, a, "alert", "4 attempts left")
		a.Fill("Payment PIN", moneyPIN)
		a.Submit("Send")
		a.WaitPath("/chats/" + dm.ID)
		waitTextIn(t, a, "You sent 12.50 USD")
		if got := w.available(t, ada); got != 100_00-12_50 {
			t.Fatalf("Ada's wallet after sending: %d", got)
		}

		b := webtest.New(t, w.base)
		b.SignIn("bob@example.com", password, "/chats")
		b.Open("/chats/" + dm.ID)
		waitTextIn(t, b, "12.50 USD for you")
		b.Axe()
		b.Submit("Accept")
		waitTextIn(t, b, "Accepted")
		waitTextIn(t, b, "The transfer was accepted.")
		if got := w.available(t, bob); got != 12_50 {
			t.Fatalf("Bob's wallet after accepting: %d", got)
		}
		// A second transfer, declined: the money goes back to Ada.
		if _, _, err := w.cm.SendTransfer(ctx, ada.ID, dm.ID, chat.TransferInput{ClientID: "second", Currency: "USD", Amount: 2_00, PIN: moneyPIN}); err != nil {
			t.Fatal(err)
		}
		b.Open("/chats/" + dm.ID)
		waitTextIn(t, b, "2.00 USD for you")
		b.Submit("Decline")
		waitTextIn(t, b, "The transfer was declined; the money went back.")
		if got := w.available(t, ada); got != 100_00-12_50 {
			t.Fatalf("Ada's wallet after the decline: %d", got)
		}

		// A red packet in the group.
		a.Open("/chats/" + group.ID)
		a.Click("link", "Red packet")
		a.Find("heading", "Red packet for Tea club")
		a.Fill("Total", "3.00")
		a.Fill("Number of packets", "2")
		a.Select("Split", "equal")
		a.Fill("Greeting (optional)", "恭喜发财")
		a.Fill("Payment PIN", moneyPIN)
		shots(t, a, "red-packet-send")
		a.Submit("Send red packet")
		a.WaitPath("/chats/" + group.ID)
		waitTextIn(t, a, "Red packet, 3.00 USD")

		b.Open("/chats/" + group.ID)
		waitTextIn(t, b, "恭喜发财")
		b.Click("link", "Open red packet")
		b.Find("heading", "Red packet from Ada")
		b.Submit("Claim")
		waitRole(t, b, "status", "You got 1.50 USD.")
		packetPath := b.Path()

		c := webtest.New(t, w.base)
		c.SignIn("cat@example.com", password, "/chats")
		c.Open(packetPath)
		c.Submit("Claim")
		waitRole(t, c, "status", "You got 1.50 USD.")
		page := webtest.Eval[string](c, `document.querySelector("main").innerText`)
		if !strings.Contains(page, "Bob 鲍勃") || !strings.Contains(page, "Cat") || strings.Count(page, "1.50 USD") < 3 || !strings.Contains(page, "All claimed") {
			t.Fatalf("who got what:\n%s", page)
		}
		shots(t, c, "red-packet")
		if c.Has("button", "Claim") {
			t.Error("a claimed packet still offers to claim")
		}
		if got := w.available(t, cat); got != 1_50 {
			t.Fatalf("Cat's wallet: %d", got)
		}

		// Outside the group the packet does not exist.
		d := webtest.New(t, w.base)
		d.SignIn("dan@example.com", password, "/chats")
		d.Open(packetPath)
		d.Find("heading", "This page does not exist")
		d.Open("/chats/" + dm.ID + "/money")
		d.Find("heading", "This page does not exist")
	})
}
