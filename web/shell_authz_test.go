package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/soukhq/souk/store/storetest"
)

// The shell's new forms check the caller on the server, whatever the page
// showed: a withdrawal without the session's CSRF token is refused and
// reserves nothing; someone outside a group gets the 404 page for its
// settings and its posts, and a plain member's rename is refused; nobody
// can post a photo or an edit into a conversation they are not in.
func TestShellFormsAuthorizeOnTheServer(t *testing.T) {
	w := startServer(t, storetest.SQLite(t))
	ada := w.user(t, shopper, "ada@example.com")
	bob := w.user(t, shopper, "bob@example.com")
	w.user(t, shopper, "mallory@example.com")
	w.funded(t, ada, 10_00)
	login := func(email string) (cookie, csrf string) {
		sess, _, err := w.ids.Login(ctx, email, password)
		if err != nil {
			t.Fatal(err)
		}
		return "souk_session=" + sess.Token, sess.CSRFToken
	}
	adaCookie, _ := login("ada@example.com")
	bobCookie, bobCSRF := login("bob@example.com")
	malCookie, malCSRF := login("mallory@example.com")
	c := noRedirects()

	res := post(t, c, w.base+"/wallet/withdraw", url.Values{"currency": {"USD"}, "amount": {"5"}, "pin": {moneyPIN}, "client_id": {"x"}}, "Cookie", adaCookie)
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("withdrawal without a CSRF token: %d", res.StatusCode)
	}
	if ops, _ := w.pay.FundingOps(ctx, ada.ID, "withdrawal", 10); len(ops) != 0 || w.available(t, ada) != 10_00 {
		t.Fatalf("a forged withdrawal started %d operations", len(ops))
	}

	g, err := w.chat.CreateGroup(ctx, ada.ID, "Tea club", []string{bob.ID})
	if err != nil {
		t.Fatal(err)
	}
	dm, err := w.chat.CreateDirect(ctx, ada.ID, bob.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		path string
		form url.Values
	}{
		{"/chats/" + g.ID + "/group/rename", url.Values{"title": {"Mallory's"}}},
		{"/chats/" + g.ID + "/group/add", url.Values{"who": {"mallory@example.com"}}},
		{"/chats/" + g.ID + "/group/remove", url.Values{"user_id": {bob.ID}}},
		{"/chats/" + g.ID + "/group/leave", url.Values{}},
		{"/chats/" + dm.ID + "/m/1/edit", url.Values{"text": {"hi"}}},
		{"/chats/" + dm.ID + "/images", url.Values{"alt": {"x"}}},
	} {
		p.form.Set("csrf_token", malCSRF)
		res := post(t, c, w.base+p.path, p.form, "Cookie", malCookie)
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("a stranger's post to %s: %d, want 404", p.path, res.StatusCode)
		}
	}
	res = get(t, c, w.base+"/chats/"+g.ID+"/group", "Cookie", malCookie)
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("a stranger's group settings: %d", res.StatusCode)
	}
	res = post(t, c, w.base+"/chats/"+g.ID+"/group/rename", url.Values{"title": {"Bob's"}, "csrf_token": {bobCSRF}}, "Cookie", bobCookie)
	res.Body.Close()
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a plain member's rename: %d, want 422", res.StatusCode)
	}
	members, err := w.chat.Members(ctx, ada.ID, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := w.chat.Get(ctx, ada.ID, g.ID); got.Title != "Tea club" || len(members) != 2 {
		t.Fatalf("the group changed: %q, %d members", got.Title, len(members))
	}
}
