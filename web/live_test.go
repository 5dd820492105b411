package web_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

var payPath = regexp.MustCompile(`/pay/r/([A-Za-z0-9_]+)`)

// The live pages on the server: an agent may not open a room or pin
// (403) but moderates; a stranger learns nothing (404); the room page
// plays the stream from its origin only and shows the verified badge once
// the brand is verified; a muted or too fast viewer is
// told so in the composer; a one-tap buy opens the host-level sheet, which
// only its shopper may see or pay, with the PIN. Both backends; the ledger
// check and reconciliation pass after.
func TestLiveRoomPagesOnTheServer(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		w := startSellerServer(t, db)
		c := noRedirects()
		login := func(email string) (string, string) { return w.login(t, email) }
		base := w.base + "/seller/" + w.brand.ID + "/live"
		open := url.Values{"title": {"Tea hour"}, "stream_url": {"https://stream.example.com/tea.m3u8"}}
		agentCSRF, agentCookie := login("agent@example.com")
		strangerCSRF, strangerCookie := login("stranger@example.com")
		open.Set("csrf_token", agentCSRF)
		if code, _ := postBody(t, c, base, open, "Cookie", agentCookie); code != http.StatusForbidden {
			t.Fatalf("an agent opening a room: %d", code)
		}
		if res := get(t, c, base, "Cookie", strangerCookie); res.StatusCode != http.StatusNotFound {
			t.Fatalf("a stranger opening the live page: %d", res.StatusCode)
		}
		mgrCSRF, mgrCookie := login("manager@example.com")
		open.Set("csrf_token", mgrCSRF)
		if code, body := postBody(t, c, base, open, "Cookie", mgrCookie); code != http.StatusOK || !strings.Contains(body, "Tea hour") {
			t.Fatalf("a manager opening a room: %d", code)
		}
		rooms, err := w.com.BrandLiveRooms(ctx, w.brand.ID, commerce.Actor{Kind: commerce.ActorBrand, ID: w.manager.ID, Brand: w.brand.ID})
		if err != nil || len(rooms) != 1 {
			t.Fatalf("rooms: %+v %v", rooms, err)
		}
		room := rooms[0].ID
		pin := url.Values{"sku_id": {w.sku.ID}, "flash_price": {"1.00"}, "flash_stock": {"2"}, "csrf_token": {agentCSRF}}
		if code, _ := postBody(t, c, base+"/"+room+"/pins", pin, "Cookie", agentCookie); code != http.StatusForbidden {
			t.Fatalf("an agent pinning: %d", code)
		}
		pin.Set("flash_price", "-1")
		pin.Set("csrf_token", mgrCSRF)
		if code, _ := postBody(t, c, base+"/"+room+"/pins", pin, "Cookie", mgrCookie); code != http.StatusUnprocessableEntity {
			t.Fatalf("a negative flash price: %d", code)
		}
		pin.Set("flash_price", "1.00")
		if code, _ := postBody(t, c, base+"/"+room+"/pins", pin, "Cookie", mgrCookie); code != http.StatusOK {
			t.Fatalf("a manager pinning: %d", code)
		}

		shopCSRF, shopCookie := login("shopper@example.com")
		res := get(t, c, w.base+"/live/"+room, "Cookie", shopCookie)
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(string(page), "Tea hour") || !strings.Contains(string(page), "1.00 USD") ||
			!strings.Contains(string(page), `data-live-room="`+room+`"`) {
			t.Fatalf("the live room: %d\n%s", res.StatusCode, page)
		}
		if strings.Contains(string(page), `class="verified"`) {
			t.Fatal("an unverified brand shows the verified badge")
		}
		v, err := w.com.SubmitVerification(ctx, w.brand.ID, w.owner.ID, commerce.VerificationInput{Registration: "TM-1", Evidence: "certificate"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.com.ReviewVerification(ctx, v.ID, w.stranger.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		verified := get(t, c, w.base+"/live/"+room, "Cookie", shopCookie)
		vpage, _ := io.ReadAll(verified.Body)
		verified.Body.Close()
		if !strings.Contains(string(vpage), `class="verified"`) {
			t.Fatal("the verified brand's room lacks the badge")
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "; media-src https://stream.example.com") {
			t.Fatalf("the live room's policy: %q", csp)
		}
		hx := []string{"Cookie", shopCookie, "HX-Request", "true"}
		say := func(text string) string {
			code, body := postBody(t, c, w.base+"/live/"+room+"/messages", url.Values{"text": {text}, "csrf_token": {shopCSRF}}, hx...)
			if code != http.StatusOK {
				t.Fatalf("sending %q: %d", text, code)
			}
			return body
		}
		if body := say("hello"); strings.Contains(body, `role="alert"`) {
			t.Fatalf("a first message was refused:\n%s", body)
		}
		mute := url.Values{"user_id": {w.shopperID}, "muted": {"true"}, "csrf_token": {agentCSRF}}
		if code, _ := postBody(t, c, base+"/"+room+"/mute", mute, "Cookie", agentCookie); code != http.StatusOK {
			t.Fatalf("an agent muting: %d", code)
		}
		if body := say("still here"); !strings.Contains(body, "muted you") {
			t.Fatalf("a muted viewer is not told:\n%s", body)
		}
		mute.Set("muted", "false")
		if code, _ := postBody(t, c, base+"/"+room+"/mute", mute, "Cookie", agentCookie); code != http.StatusOK {
			t.Fatalf("an agent unmuting: %d", code)
		}
		refused := false
		for i := 0; i < 6 && !refused; i++ {
			refused = strings.Contains(say("again"), "sending too fast")
		}
		if !refused {
			t.Fatal("six messages at once were all accepted")
		}
		msgs, err := w.com.LiveMessages(ctx, room, 0, 100)
		if err != nil || len(msgs) < 5 {
			t.Fatalf("messages kept: %d %v", len(msgs), err)
		}
		if code, _ := postBody(t, c, base+"/"+room+"/messages/1/remove", url.Values{"csrf_token": {agentCSRF}}, "Cookie", agentCookie); code != http.StatusOK {
			t.Fatalf("an agent removing a message: %d", code)
		}

		// One tap: the order at the flash price and the host's sheet.
		code, body := postBody(t, c, w.base+"/live/"+room+"/buy", url.Values{"sku_id": {w.sku.ID}, "csrf_token": {shopCSRF}}, hx...)
		m := payPath.FindStringSubmatch(body)
		if code != http.StatusOK || m == nil || !strings.Contains(body, "1.00 USD") {
			t.Fatalf("buying: %d\n%s", code, body)
		}
		reqID := m[1]
		if res := get(t, c, w.base+"/pay/r/"+reqID, "Cookie", strangerCookie); res.StatusCode != http.StatusNotFound {
			t.Fatalf("a stranger opening the sheet: %d", res.StatusCode)
		}
		if code, _ := postBody(t, c, w.base+"/pay/r/"+reqID, url.Values{"pin": {sellerPIN}, "csrf_token": {strangerCSRF}}, "Cookie", strangerCookie); code != http.StatusNotFound {
			t.Fatalf("a stranger paying: %d", code)
		}
		if code, body := postBody(t, c, w.base+"/pay/r/"+reqID, url.Values{"pin": {"000000"}, "csrf_token": {shopCSRF}}, hx...); code != http.StatusOK || !strings.Contains(body, `role="alert"`) {
			t.Fatalf("a wrong PIN: %d\n%s", code, body)
		}
		if r, err := w.pay.GetRequest(ctx, reqID); err != nil || r.Status != payments.StatusCreated || r.AppID != "" {
			t.Fatalf("the request before paying: %+v %v", r, err)
		}
		if code, body := postBody(t, c, w.base+"/pay/r/"+reqID, url.Values{"pin": {sellerPIN}, "csrf_token": {shopCSRF}}, hx...); code != http.StatusOK || !strings.Contains(body, `role="status"`) {
			t.Fatalf("paying: %d\n%s", code, body)
		}
		r, err := w.pay.GetRequest(ctx, reqID)
		if err != nil || r.Status != payments.StatusPaid || r.Amount != 100 {
			t.Fatalf("the request after paying: %+v %v", r, err)
		}
		if res := get(t, c, w.base+"/pay/r/"+reqID, "Cookie", shopCookie); res.StatusCode != http.StatusOK {
			t.Fatalf("the shopper's sheet page: %d", res.StatusCode)
		}

		rep, err := w.pay.LedgerCheck(ctx)
		if err != nil || !rep.OK {
			t.Fatalf("ledger check: %+v %v", rep, err)
		}
		rec, err := w.com.ReconcileOrders(ctx)
		if err != nil || !rec.OK {
			t.Fatalf("reconciliation: %+v %v", rec, err)
		}
	})
}
