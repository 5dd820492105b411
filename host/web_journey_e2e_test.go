package host_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// journeyWait is how long the journey waits for something a person would
// see (a live message, an app's answer, a swap): generous, because the
// machine may be busy and the race detector slows everything.
const journeyWait = 90 * time.Second

// waitJS waits until the expression is true on b's page.
func waitJS(t *testing.T, b *webtest.Browser, what, js string) {
	t.Helper()
	deadline := time.Now().Add(journeyWait)
	for !webtest.Eval[bool](b, js) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: waited %s on %s", what, journeyWait, b.Path())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitMessage waits until a message on b's conversation page contains text.
func waitMessage(t *testing.T, b *webtest.Browser, text string) {
	t.Helper()
	waitJS(t, b, "a message containing "+strconv.Quote(text),
		fmt.Sprintf(`Array.from(document.querySelectorAll("li[data-seq]")).some((e) => e.innerText.includes(%q))`, text))
}

// waitLink waits until a link's text contains text (a list refreshed live).
func waitLink(t *testing.T, b *webtest.Browser, text string) {
	t.Helper()
	waitJS(t, b, "a link containing "+strconv.Quote(text),
		fmt.Sprintf(`Array.from(document.querySelectorAll("a[href]")).some((e) => e.innerText.includes(%q))`, text))
}

// waitRoleText waits until an element with the role contains text.
func waitRoleText(t *testing.T, b *webtest.Browser, role, text string) string {
	t.Helper()
	js := fmt.Sprintf(`Array.from(document.querySelectorAll("[role=%s]")).some((e) => e.innerText.includes(%q))`, role, text)
	waitJS(t, b, role+" "+strconv.Quote(text), js)
	return webtest.Eval[string](b, fmt.Sprintf(`Array.from(document.querySelectorAll("[role=%s]")).find((e) => e.innerText.includes(%q)).innerText`, role, text))
}

// shownSeqs are the message seqs b's conversation page shows, in order.
func shownSeqs(b *webtest.Browser) []int64 {
	var out []int64
	for _, s := range webtest.Eval[[]string](b, `Array.from(document.querySelectorAll("li[data-seq]")).map((e) => e.dataset.seq)`) {
		n, _ := strconv.ParseInt(s, 10, 64)
		out = append(out, n)
	}
	return out
}

// samplePhoto writes a small PNG for the review and returns its path and bytes.
func samplePhoto(t *testing.T) (string, []byte) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 96, 96))
	for y := range 96 {
		for x := range 96 {
			img.Set(x, y, color.RGBA{R: uint8(40 + x), G: uint8(110 + y), B: 80, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tea-cup.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, buf.Bytes()
}

var usdText = regexp.MustCompile(`-?\d+\.\d{2} USD`)

// cents reads the first "1.23 USD" in s as cents.
func cents(t *testing.T, s string) int64 {
	t.Helper()
	m := usdText.FindString(s)
	if m == "" {
		t.Fatalf("no USD amount in %q", s)
	}
	return minor(t, strings.TrimSuffix(m, " USD"))
}

// walletMatchesLedger opens b's wallet page and checks the figures it
// shows against the ledger, read through the payments service.
func walletMatchesLedger(t *testing.T, n *node, b *webtest.Browser, userID string) int64 {
	t.Helper()
	b.Open("/wallet")
	b.Find("heading", "Wallet")
	b.Axe()
	bal, err := n.h.Payments.WalletBalance(bg, userID, "USD")
	if err != nil {
		t.Fatal(err)
	}
	shown := webtest.Eval[string](b, `document.querySelector('[data-testid="available-USD"]').innerText`)
	if got := cents(t, shown); got != bal.Available {
		t.Fatalf("the wallet page shows %q available; the ledger holds %s", shown, usd(bal.Available))
	}
	// The newest statement line's running balance is the posted balance.
	running := webtest.Eval[string](b, `document.querySelector("main table tbody tr td:last-child").innerText`)
	if got := cents(t, running); got != bal.Posted {
		t.Fatalf("the statement's running balance %q; the ledger's posted balance %s", running, usd(bal.Posted))
	}
	return bal.Available
}

// The acceptance journey of the shopper's chat shell (issue 11), in
// Chromium with the UI only; the world (a released and
// installed shop with a stocked catalog, shopper B, the brand's staff
// member, B's funded wallet) is prepared through the API and services.
//
// Shopper A signs up in the browser, sets a PIN and an anti-phishing
// phrase, finds B by handle and chats with B in real time (B's page updates
// without a reload); A's socket is cut while B writes and A's page catches
// up with nothing lost or repeated. A opens the shop from the brand's
// service conversation, browses, adds to the cart, checks out and pays on
// the host's sheet with a wrong and then the right PIN, sees the order card
// in chat, tracks the shipment the brand's staff member makes in the seller
// console, confirms receipt and reviews the tea with a photo. A sends B a
// transfer that B accepts, starts a group with B and sends a red packet
// that B claims. The balances every page shows equal the ledger's, and
// axe-core runs on every page visited.
func TestShopperJourneyInChromium(t *testing.T) {
	v1, v2 := buildShop(t, "1.0.0"), buildShop(t, "1.0.1")
	photoPath, photoBytes := samplePhoto(t)
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		n, f := shopWorld(t, db, v1, v2)

		// B: an account with a handle and a name; the brand's staff member
		// who ships (a manager: agents only read orders in the console).
		bob := n.signup("bob")
		if err := n.h.Identity.SetHandle(bg, bob.user, "bob.journey"); err != nil {
			t.Fatal(err)
		}
		if err := n.h.Identity.SetDisplayName(bg, bob.user, "Bob 鲍勃"); err != nil {
			t.Fatal(err)
		}
		staff := n.signup("brand-staff")
		if _, err := n.h.Identity.AddMember(bg, f.brand.user, f.brandOrg, staff.email, identity.MemberManager); err != nil {
			t.Fatal(err)
		}

		// --- A signs up in the browser, sets a PIN and a phrase.
		a := webtest.New(t, n.base)
		annEmail := fmt.Sprintf("ann-journey-%d@example.com", emailSeq.Add(1))
		a.Open("/")
		a.Axe()
		a.Click("link", "Create account")
		a.WaitPath("/signup")
		a.Axe()
		a.Fill("Email", annEmail)
		a.Fill("New password", password)
		a.Fill("Handle", "ann.journey")
		a.Submit("Create account")
		a.WaitPath("/account")
		a.Axe()
		ann, err := n.h.Identity.UserByEmail(bg, annEmail)
		if err != nil {
			t.Fatal(err)
		}
		a.Click("link", "Set your payment PIN")
		a.WaitPath("/account/pin")
		a.Axe()
		a.Fill("Password", password)
		a.Fill("New payment PIN", pin)
		a.Fill("Repeat the PIN", pin)
		a.Submit("Save PIN")
		a.WaitPath("/account")
		waitRoleText(t, a, "status", "payment PIN is saved")
		const phrase = "blue heron 蓝鹭"
		a.Fill("Anti-phishing phrase", phrase)
		a.Fill("Display name", "Ann")
		a.Submit("Save")
		a.WaitPath("/account")
		a.Axe()
		if p, err := n.h.Identity.Profile(bg, ann.ID); err != nil || p.AntiPhishingPhrase != phrase || p.Handle != "ann.journey" {
			t.Fatalf("A's profile after the settings pages: %+v %v", p, err)
		}
		// A's wallet is funded through the simulated bank; the service
		// conversation with the shop is there as it is after a visit.
		op, err := n.h.Payments.TopUp(bg, ann.ID, store.NewID("top"), "USD", money.Amount(topUpCents))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := n.h.Bank.Complete(bg, op.ID, true); err != nil {
			t.Fatal(err)
		}
		service, err := n.h.Chat.OpenService(bg, ann.ID, f.installation)
		if err != nil {
			t.Fatal(err)
		}

		// --- A finds B by handle; they chat live.
		b := webtest.New(t, n.base)
		b.SignIn(bob.email, password, "/chats")
		b.Axe()
		a.Open("/chats")
		a.Axe()
		a.Fill("Chat with a friend", "@bob.journe")
		a.Submit("Start chat")
		if alert := a.Text("alert", ""); !strings.Contains(alert, "Nobody has that handle") {
			t.Fatalf("a near-miss handle: %q", alert)
		}
		a.Fill("Chat with a friend", "@bob.journey")
		a.Submit("Start chat")
		a.Find("heading", "Bob 鲍勃")
		a.Axe()
		dm := webtest.Eval[string](a, `document.querySelector("[data-messages]").dataset.conversationId`)
		a.Fill("Message", "Hi Bob! 鲍勃你好！")
		a.Click("button", "Send")
		waitMessage(t, a, "Hi Bob! 鲍勃你好！")
		// B's list, already open, shows it without a reload.
		waitLink(t, b, "Hi Bob! 鲍勃你好！")
		if name := b.FindName("link", "Hi Bob!"); !strings.Contains(name, "Ann") {
			t.Errorf("B's list names the chat %q, not after Ann", name)
		}
		b.ClickContaining("link", "Hi Bob!")
		b.Find("heading", "Ann")
		b.Axe()
		b.Fill("Message", "Hi Ann, shall we have tea?")
		b.Click("button", "Send")
		waitMessage(t, b, "Hi Ann, shall we have tea?")
		waitMessage(t, a, "Hi Ann, shall we have tea?")

		// A's socket is cut mid-conversation; B writes on; A's page catches
		// up with every message once, in order, as the server has them.
		webtest.Eval[bool](a, `window.soukChat.drop(), true`)
		for i := 1; i <= 3; i++ {
			text := fmt.Sprintf("while you were away %d", i)
			b.Fill("Message", text)
			b.Click("button", "Send")
			waitMessage(t, b, text)
		}
		waitMessage(t, a, "while you were away 3")
		hist, err := n.h.Chat.History(bg, ann.ID, dm, chat.HistoryQuery{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var want []int64
		for _, m := range hist.Messages {
			want = append(want, m.Seq)
		}
		if got := shownSeqs(a); !slices.Equal(got, want) {
			t.Fatalf("after the cut A's page shows seqs %v; the conversation has %v", got, want)
		}
		a.Fill("Message", "Back again")
		a.Click("button", "Send")
		waitMessage(t, b, "Back again")
		if got := shownSeqs(b); len(got) != len(want)+1 || len(slices.Compact(slices.Clone(got))) != len(got) {
			t.Fatalf("B's page shows seqs %v", got)
		}

		// --- The shop, from the brand's service conversation.
		a.Open("/chats")
		a.ClickContaining("link", "Acme Tea")
		a.WaitPath("/chats/" + service.ID)
		a.Find("heading", "Acme Tea")
		a.Axe()
		a.Fill("Message", "Hello, what do you sell?")
		a.Click("button", "Send")
		waitMessage(t, a, "Open the shop") // the app answers with its card
		a.Click("link", "Open")
		a.WaitPath("/a/" + f.installation + "/home")
		a.Find("heading", "Shop")
		a.Axe()
		a.ClickContaining("button", "Green tea")
		a.FindContaining("button", "Add to cart")
		a.Axe()
		a.Click("button", "Add to cart")
		waitJS(t, a, "the cart's confirmation", `document.body.innerText.includes("to your cart.")`)
		a.Click("button", "Cart")
		a.FindContaining("button", "Check out")
		a.Axe()
		a.ClickUntil("button", "Check out", "Pay 4.55 USD")
		a.FindContaining("button", "Pay 4.55 USD")
		a.Axe()

		// The host's sheet: the phrase, the total, the balance; a wrong PIN
		// counts down, the right one pays.
		a.ClickContaining("button", "Pay 4.55 USD")
		a.Find("dialog", "Pay Acme Tea")
		a.Axe()
		sheet := a.Text("dialog", "Pay Acme Tea")
		before, err := n.h.Payments.WalletBalance(bg, ann.ID, "USD")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(sheet, phrase) || !strings.Contains(sheet, "4.55 USD") || !strings.Contains(sheet, "Green tea") ||
			!strings.Contains(sheet, usd(before.Available)+" USD") {
			t.Fatalf("the payment sheet (ledger balance %s): %q", usd(before.Available), sheet)
		}
		a.Fill("Payment PIN", "111111")
		a.Click("button", "Pay now")
		if alert := waitRoleText(t, a, "alert", "attempts left"); !strings.Contains(alert, "4 attempts left") {
			t.Fatalf("a wrong PIN: %q", alert)
		}
		a.Fill("Payment PIN", pin)
		a.Click("button", "Pay now")
		waitRoleText(t, a, "status", "Paid")
		orders, err := n.h.Commerce.Orders(bg, commerce.OrderFilter{ShopperID: ann.ID, Limit: 10})
		if err != nil || len(orders) != 1 || orders[0].Total != 455 {
			t.Fatalf("A's orders after paying: %+v %v", orders, err)
		}
		orderID := orders[0].ID
		n.eventually("the order is paid", func() bool {
			o, err := n.h.Commerce.ShopperOrder(bg, ann.ID, orderID)
			return err == nil && o.State == commerce.StatePaid
		})

		// The order card in the service conversation opens the order.
		a.Click("link", "Back to the shop")
		a.Click("link", "Close")
		a.WaitPath("/chats")
		a.ClickContaining("link", "Acme Tea")
		a.WaitPath("/chats/" + service.ID)
		waitMessage(t, a, "Paid: 4.55 USD")
		// The host's own order card is there too and opens the app at the order.
		var cardSeq int64
		n.eventually("the host's order card", func() bool {
			pg, err := n.h.Chat.History(bg, ann.ID, service.ID, chat.HistoryQuery{Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range pg.Messages {
				if m.Kind == chat.MsgOrderCard && strings.Contains(string(m.Body), orderID) {
					cardSeq = m.Seq
				}
			}
			return cardSeq != 0
		})
		waitJS(t, a, "the order card on the page", fmt.Sprintf(`!!document.querySelector('#m-%d a[href*=%q]')`, cardSeq, "orderId="+orderID))
		a.Axe()

		// --- The brand's staff member ships in the seller console.
		s := webtest.New(t, n.base)
		s.SignIn(staff.email, password, "/")
		s.Open("/seller/" + f.brandOrg + "/orders")
		s.Axe()
		s.Click("link", orderID)
		s.Find("heading", "Order "+orderID)
		s.Axe()
		s.Submit("Create shipment")
		s.Find("status", "Shipment created.")
		n.eventually("the order is shipped", func() bool {
			o, err := n.h.Commerce.ShopperOrder(bg, ann.ID, orderID)
			return err == nil && o.State == commerce.StateShipped
		})
		// The simulated carrier's days pass.
		for day := 1; day <= 3; day++ {
			n.runJobs(time.Duration(day) * 24 * time.Hour)
		}
		n.eventually("the order is delivered", func() bool {
			o, err := n.h.Commerce.ShopperOrder(bg, ann.ID, orderID)
			return err == nil && o.State == commerce.StateDelivered
		})

		// --- A tracks it in the order centre, confirms, reviews with a photo.
		a.Click("link", "My orders")
		a.WaitPath("/orders")
		a.Axe()
		a.ClickContaining("link", "Green tea")
		a.WaitPath("/orders/" + orderID)
		a.Find("heading", "Order from Acme Tea")
		page := webtest.Eval[string](a, `document.querySelector("main").innerText`)
		for _, want := range []string{"simcarrier, tracking number SIM", "Label created", "In transit", "Out for delivery", "Delivered"} {
			if !strings.Contains(page, want) {
				t.Errorf("the order page lacks %q:\n%s", want, page)
			}
		}
		a.Axe()
		a.Submit("Confirm receipt")
		waitRoleText(t, a, "status", "Receipt confirmed")
		a.Select("Rating", "4")
		a.Fill("Your review", "Fresh and fragrant 清香")
		a.Upload("Photos (optional)", photoPath)
		a.Submit("Post review")
		waitRoleText(t, a, "status", "Your review is posted")
		alt := "Photo 1 of your review of Green tea"
		a.Find("img", alt)
		waitJS(t, a, "the review photo loads", fmt.Sprintf(`Array.from(document.images).some((i) => i.alt === %q && i.complete && i.naturalWidth === 96)`, alt))
		if got := webtest.Eval[string](a, `document.querySelector("main").innerText`); !strings.Contains(got, "Fresh and fragrant 清香") || !strings.Contains(got, "Rated 4 out of 5") {
			t.Fatalf("the order page does not show the review:\n%s", got)
		}
		if a.Has("button", "Post review") {
			t.Error("a reviewed line still offers a review form")
		}
		shotsAt(t, a, "review")
		reviews, err := n.h.Commerce.ShopperOrderReviews(bg, ann.ID, orderID)
		if err != nil || len(reviews) != 1 || reviews[0].Rating != 4 || len(reviews[0].Photos) != 1 {
			t.Fatalf("reviews of the order: %+v %v", reviews, err)
		}
		res, err := httpClient.Get(n.base + commerce.ReviewPhotoPath(reviews[0].ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		served, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !bytes.Equal(served, photoBytes) {
			t.Fatalf("the review photo from the blob store: %d, %d bytes (uploaded %d)", res.StatusCode, len(served), len(photoBytes))
		}

		// --- A sends B a transfer; B, on the conversation, accepts it.
		b.Open("/chats/" + dm)
		b.Find("heading", "Ann")
		a.Open("/chats/" + dm)
		a.Click("link", "Send money")
		a.Find("heading", "Send money to Bob 鲍勃")
		a.Axe()
		if !strings.Contains(a.HTML(), phrase) {
			t.Fatal("the transfer page does not show A's phrase")
		}
		a.Fill("Amount", "12.50")
		a.Fill("Note (optional)", "For the tea 茶钱")
		a.Fill("Payment PIN", pin)
		a.Submit("Send")
		a.WaitPath("/chats/" + dm)
		waitMessage(t, a, "You sent 12.50 USD")
		waitMessage(t, b, "12.50 USD for you") // live, no reload
		b.Axe()
		b.Submit("Accept")
		waitMessage(t, b, "The transfer was accepted.")
		if bal, err := n.h.Payments.WalletBalance(bg, bob.user, "USD"); err != nil || bal.Posted != 12_50 {
			t.Fatalf("B's wallet after accepting: %+v %v", bal, err)
		}

		// --- A starts a group with B and sends a red packet; B claims.
		a.Open("/chats")
		a.Click("button", "Start a group")
		a.Fill("Group name", "Tea club 茶会")
		a.Fill("Friends' handles or emails", "@bob.journey, @nobody.here")
		a.Submit("Create group")
		if alert := a.Text("alert", ""); !strings.Contains(alert, "@nobody.here") {
			t.Fatalf("an unknown member: %q", alert)
		}
		a.Fill("Friends' handles or emails", "@bob.journey")
		shotsAt(t, a, "group-new")
		a.Submit("Create group")
		a.Find("heading", "Tea club 茶会")
		a.Axe()
		group := webtest.Eval[string](a, `document.querySelector("[data-messages]").dataset.conversationId`)
		b.Open("/chats")
		a.Click("link", "Red packet")
		a.Find("heading", "Red packet for Tea club 茶会")
		a.Axe()
		a.Fill("Total", "3.00")
		a.Fill("Number of packets", "2")
		a.Select("Split", "random")
		a.Fill("Greeting (optional)", "恭喜发财")
		a.Fill("Payment PIN", pin)
		a.Submit("Send red packet")
		a.WaitPath("/chats/" + group)
		waitMessage(t, a, "Red packet, 3.00 USD")
		waitLink(t, b, "Tea club 茶会") // B's list shows the new group live
		b.ClickContaining("link", "Tea club 茶会")
		b.WaitPath("/chats/" + group)
		waitMessage(t, b, "恭喜发财")
		b.Axe()
		b.Click("link", "Open red packet")
		b.Find("heading", "Red packet from Ann")
		b.Axe()
		b.Submit("Claim")
		got := cents(t, waitRoleText(t, b, "status", "You got"))
		if got <= 0 || got >= 3_00 {
			t.Fatalf("B's share of a 3.00 USD packet in two: %s", usd(got))
		}
		b.Axe()

		// --- Every balance shown equals the ledger's.
		if bal := walletMatchesLedger(t, n, b, bob.user); bal != 12_50+got {
			t.Fatalf("B's wallet %s, want %s", usd(bal), usd(12_50+got))
		}
		if bal := walletMatchesLedger(t, n, a, ann.ID); bal != topUpCents-4_55-12_50-3_00 {
			t.Fatalf("A's wallet %s, want %s", usd(bal), usd(topUpCents-4_55-12_50-3_00))
		}
		var check api.AdminCheck
		f.admin.get("/api/v1/admin/ledger/check", &check)
		if !check.OK || !check.LedgerOK || len(check.Problems) != 0 || !check.Orders.OK {
			raw, _ := json.Marshal(check)
			t.Fatalf("ledger check: %s", raw)
		}
	})
}
