package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// session signs in through identity and returns the cookie and CSRF token.
func (w *sellerWorld) session(t *testing.T, email string) (cookie, csrf string) {
	t.Helper()
	sess, _, err := w.ids.Login(ctx, email, password)
	if err != nil {
		t.Fatal(err)
	}
	return "souk_session=" + sess.Token, sess.CSRFToken
}

func (w *sellerWorld) agentOf(t *testing.T, shopperID string) string {
	t.Helper()
	a, err := w.chat.Assignment(ctx, w.owner.ID, w.brand.ID, shopperID)
	if err != nil {
		t.Fatal(err)
	}
	return a.AgentID
}

// Customer service end to end: a shopper writes to the
// brand and is assigned to the agent on duty; the agent answers in the
// inbox (text, a quick reply and a mini-program card) and the shopper's
// chat page receives each live; beside the conversation the agent sees the
// shopper's order with the brand; the agent cannot open the staff, profile,
// service-team or refund-policy pages (the server answers 403, to the
// browser and to forged requests with a valid session, which change
// nothing). The owner removes the agent on the staff page: the shopper and
// the conversation move to the other agent with the whole history and a
// note, and the shopper's next message reaches the new agent. A contact
// code connects another shopper to its agent at once. axe-core and the
// phone-width check run on every page.
func TestSellerInboxInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startSellerServer(t, db)
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		agent2, err := w.ids.Signup(ctx, "agent2@example.com", password)
		must(err)
		_, err = w.ids.AddMember(ctx, w.owner.ID, w.brand.ID, "agent2@example.com", identity.MemberAgent)
		must(err)
		must(w.ids.SetDisplayName(ctx, w.shopperID, "Lin 林"))
		order := w.paid(t, 1)
		_, err = w.chat.AddQuickReply(ctx, w.owner.ID, w.brand.ID, "Hours", "We answer from 9 to 17, Monday to Friday.")
		must(err)

		// agent2 is off duty when the shopper first writes: round robin
		// gives the shopper to agent@example.com.
		must(w.chat.SetOnDuty(ctx, w.owner.ID, w.brand.ID, agent2.ID, false))
		conv, err := w.chat.EnsureServiceConversation(ctx, w.shopperID, w.brand.ID, sellerApp)
		must(err)
		_, err = w.chat.UserSend(ctx, w.shopperID, conv.ID, chat.MsgText, jsonText("Where is my tea?"), "")
		must(err)
		if got := w.agentOf(t, w.shopperID); got != w.agent.ID {
			t.Fatalf("the shopper went to %s, want the agent on duty %s", got, w.agent.ID)
		}
		must(w.chat.SetOnDuty(ctx, agent2.ID, w.brand.ID, agent2.ID, true))

		shopper := webtest.New(t, w.base)
		shopper.SignIn("shopper@example.com", password, "/chats")
		shopper.Open("/chats/" + conv.ID)
		waitText(t, shopper, "Where is my tea?")

		b := webtest.New(t, w.base)
		b.SignIn("agent@example.com", password, "/")
		b.Open("/seller/" + w.brand.ID)
		b.Click("link", "Customer service")
		b.WaitPath("/seller/" + w.brand.ID + "/inbox")
		b.Find("heading", "My shoppers")
		if row := b.RowCells("Lin 林"); !strings.Contains(row, "Where is my tea?") || !strings.Contains(row, "agent@example.com") {
			t.Errorf("inbox row: %q", row)
		}
		shots(t, b, "seller-inbox")
		b.Click("link", "Lin 林")
		b.WaitPath("/seller/" + w.brand.ID + "/inbox/" + conv.ID)
		b.Find("heading", "Lin 林")
		b.Find("link", order.ID) // the shopper's order with this brand
		waitText(t, b, "Where is my tea?")
		b.Fill("Reply", "Your tea ships today.")
		b.Submit("Send reply")
		waitText(t, shopper, "Your tea ships today.")
		b.Submit("Send quick reply: Hours")
		waitText(t, shopper, "We answer from 9 to 17, Monday to Friday.")
		b.Select("App", sellerApp)
		b.Fill("Card title", "Our autumn teas")
		b.Submit("Send mini-program card")
		b.Find("status", "Card sent.")
		waitTextIn(t, shopper, "Our autumn teas")
		// The shopper answers; the agent's page receives it live.
		shopper.Fill("Message", "Thank you!")
		shopper.Click("button", "Send")
		waitText(t, b, "Thank you!")
		shots(t, b, "seller-conversation")
		b.Click("link", "Customer service")
		b.Click("link", "My contact code")
		b.FindContaining("img", "QR code of "+w.base+"/contact/")
		shots(t, b, "seller-contact")

		// Pages the agent's role may not open: the server refuses them.
		for _, page := range []string{"staff", "profile", "service", "refund-policy", "finance"} {
			b.Open("/seller/" + w.brand.ID + "/" + page)
			b.Find("heading", forbidden)
		}
		if b.Has("link", "Staff") || b.Has("link", "Brand profile") {
			t.Error("the agent's navigation offers manager pages")
		}
		cookie, csrf := w.session(t, "agent@example.com")
		c := noRedirects()
		base := w.base + "/seller/" + w.brand.ID
		for _, page := range []string{"/staff", "/profile", "/service", "/refund-policy", "/finance"} {
			if res := get(t, c, base+page, "Cookie", cookie); res.StatusCode != http.StatusForbidden {
				t.Errorf("agent GET %s: %d, want 403", page, res.StatusCode)
			}
		}
		for path, v := range map[string]url.Values{
			"/staff/invite":                    {"email": {"mole@example.com"}, "role": {"owner"}},
			"/staff/" + agent2.ID + "/remove":  {},
			"/staff/" + agent2.ID + "/leaving": {},
			"/staff/" + w.agent.ID + "/role":   {"role": {"owner"}},
			"/profile":                         {"name": {"Hijacked"}},
			"/inbox/reassign":                  {"shopper": {w.shopperID}, "to": {w.agent.ID}},
			"/service/quick-replies":           {"title": {"x"}, "body": {"y"}},
		} {
			v.Set("csrf_token", csrf)
			if res := post(t, c, base+path, v, "Cookie", cookie); res.StatusCode != http.StatusForbidden {
				t.Errorf("agent POST %s: %d, want 403", path, res.StatusCode)
			}
		}
		if ms, _ := w.ids.Members(ctx, w.brand.ID); len(ms) != 4 {
			t.Fatalf("a refused post changed the staff: %+v", ms)
		}
		if pr, _ := w.ids.OrgProfile(ctx, w.brand.ID); pr.Name != "Ada's Teas" {
			t.Fatalf("a refused post renamed the brand: %q", pr.Name)
		}
		if ins, _ := w.ids.Invites(ctx, w.brand.ID); len(ins) != 0 {
			t.Fatalf("a refused post invited: %+v", ins)
		}
		// Someone else's brand does not exist for the agent.
		if res := get(t, c, w.base+"/seller/"+w.bo.ID+"/inbox", "Cookie", cookie); res.StatusCode != http.StatusNotFound {
			t.Errorf("agent opening another brand's inbox: %d", res.StatusCode)
		}
		b.Open("/")
		b.Submit("Sign out")
		b.WaitPath("/")

		// The owner removes the agent on the staff page.
		b.SignIn("owner@example.com", password, "/")
		b.Open("/seller/" + w.brand.ID)
		b.Click("link", "Staff")
		b.WaitPath("/seller/" + w.brand.ID + "/staff")
		if row := b.RowCells("agent@example.com"); !strings.Contains(row, "Agent 1") {
			t.Errorf("staff row before removal: %q", row)
		}
		shots(t, b, "seller-staff")
		b.Submit("Remove agent@example.com")
		b.Find("status", "Staff member removed; their shoppers were handed over.")
		if b.Has("row", "agent@example.com") {
			t.Error("the removed agent is still listed")
		}
		if got := w.agentOf(t, w.shopperID); got != agent2.ID {
			t.Fatalf("after the removal the shopper is with %q, want agent2 %s", got, agent2.ID)
		}
		b.Open("/seller/" + w.brand.ID + "/inbox/" + conv.ID)
		b.Find("heading", "Lin 林")
		waitText(t, b, "Where is my tea?") // the whole history stayed
		waitText(t, b, "Your tea ships today.")
		waitText(t, b, "Handed over from agent@example.com to agent2@example.com (the staff member was removed).")
		b.Click("link", "Customer service")
		b.Click("link", "Service team")
		b.Find("heading", "Service team") // not a row of the page being left
		if row := b.RowCells("agent2@example.com"); !strings.HasPrefix(row, "agent2@example.com (Agent) On duty 1 1") {
			t.Errorf("agent2's activity: %q", row)
		}
		shots(t, b, "seller-service")

		// The shopper's next message reaches the new agent.
		shopper.Fill("Message", "One more question")
		shopper.Click("button", "Send")
		waitText(t, shopper, "One more question")
		b2 := webtest.New(t, w.base)
		b2.SignIn("agent2@example.com", password, "/")
		b2.Open("/seller/" + w.brand.ID + "/inbox?view=waiting")
		b2.Click("link", "Lin 林")
		waitText(t, b2, "One more question")
		b2.Fill("Reply", "Happy to help.")
		b2.Submit("Send reply")
		waitText(t, shopper, "Happy to help.")

		// The removed agent is no longer staff: the inbox does not exist.
		if res := get(t, c, base+"/inbox", "Cookie", cookie); res.StatusCode != http.StatusNotFound {
			t.Errorf("the removed agent opening the inbox: %d", res.StatusCode)
		}

		// agent2's contact code connects a new shopper at once.
		code, err := w.chat.ContactCode(ctx, agent2.ID, w.brand.ID)
		must(err)
		fresh, err := w.ids.Signup(ctx, "fresh@example.com", password)
		must(err)
		fc, _ := w.session(t, "fresh@example.com")
		res := get(t, c, w.base+"/contact/"+code, "Cookie", fc)
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/chats/cnv_") {
			t.Fatalf("contact link: %d → %q", res.StatusCode, loc)
		}
		if got := w.agentOf(t, fresh.ID); got != agent2.ID {
			t.Fatalf("the contact code connected the shopper to %q", got)
		}
		if res := get(t, c, w.base+"/contact/nonsense", "Cookie", fc); res.StatusCode != http.StatusNotFound {
			t.Errorf("an unknown contact code: %d", res.StatusCode)
		}
	})
}

func jsonText(s string) json.RawMessage {
	b, _ := json.Marshal(map[string]string{"text": s})
	return b
}

// The owner invites staff by email (an existing account joins at once, an
// unknown email waits for its account, which accepts the invitation),
// changes a role, marks a staff member as leaving (their shoppers move),
// and edits the brand profile with a logo that anyone can load. Both
// backends.
func TestSellerStaffAndProfileInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startSellerServer(t, db)
		conv, err := w.chat.EnsureServiceConversation(ctx, w.shopperID, w.brand.ID, sellerApp)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.chat.UserSend(ctx, w.shopperID, conv.ID, chat.MsgText, jsonText("hello"), ""); err != nil {
			t.Fatal(err)
		}
		if got := w.agentOf(t, w.shopperID); got != w.agent.ID {
			t.Fatalf("assigned to %q", got)
		}
		b := webtest.New(t, w.base)
		b.SignIn("owner@example.com", password, "/")
		b.Open("/seller/" + w.brand.ID + "/staff")
		b.Fill("Email", "newbie@example.com")
		b.Select("Role", "agent")
		b.Submit("Invite")
		b.Find("status", "Invitation saved: it waits until they sign up with that email.")
		b.Find("button", "Cancel the invitation of newbie@example.com")
		b.Fill("Email", "stranger@example.com")
		b.Select("Role", "manager")
		b.Submit("Invite")
		b.Find("status", "Staff member added.")
		if _, role, _ := w.ids.RoleIn(ctx, w.stranger.ID, w.brand.ID); role != identity.MemberManager {
			t.Fatalf("stranger's role %q", role)
		}
		b.Select("Role of stranger@example.com", "agent")
		b.Submit("Change role of stranger@example.com")
		b.Find("status", "Role changed.")
		if _, role, _ := w.ids.RoleIn(ctx, w.stranger.ID, w.brand.ID); role != identity.MemberAgent {
			t.Fatalf("stranger's role after the change %q", role)
		}
		b.Submit("Mark as leaving: agent@example.com")
		b.Find("status", "Marked as leaving; their shoppers were handed over.")
		if got := w.agentOf(t, w.shopperID); got != w.stranger.ID {
			t.Fatalf("after agent left, the shopper is with %q, want %s", got, w.stranger.ID)
		}
		if row := b.RowCells("agent@example.com"); !strings.HasPrefix(row, "agent@example.com Leaving Agent 0") || strings.Contains(row, "Mark as leaving") {
			t.Errorf("the leaving agent's row: %q", row)
		}

		b.Click("link", "Brand profile")
		b.Fill("Brand name", "Ada's Fine Teas")
		b.Fill("Description", "Teas from Fujian, 福建茶叶.")
		b.Submit("Save profile")
		b.Find("status", "Brand profile saved.")
		shots(t, b, "seller-profile")
		pr, err := w.ids.OrgProfile(ctx, w.brand.ID)
		if err != nil || pr.Name != "Ada's Fine Teas" || pr.Description != "Teas from Fujian, 福建茶叶." {
			t.Fatalf("profile %+v, %v", pr, err)
		}
		// The logo form posts multipart; the browser test drives the
		// rest, this one goes over HTTP with the owner's session.
		cookie, csrf := w.session(t, "owner@example.com")
		res := postFile(t, w.base+"/seller/"+w.brand.ID+"/profile/logo", csrf, cookie, "logo", "logo.png", tinyPNG(t))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("logo upload: %d", res.StatusCode)
		}
		res = postFile(t, w.base+"/seller/"+w.brand.ID+"/profile/logo", csrf, cookie, "logo", "logo.png", []byte("<svg onload=alert(1)>"))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("svg logo: %d", res.StatusCode)
		}
		res = get(t, noRedirects(), w.base+"/brands/"+w.brand.ID+"/logo")
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" || len(body) == 0 {
			t.Fatalf("logo: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
		b.Open("/seller/" + w.brand.ID + "/profile")
		b.Find("img", "Logo of Ada's Fine Teas")
		b.Open("/")
		b.Submit("Sign out")
		b.WaitPath("/")

		// The invitee signs up and accepts.
		if _, err := w.ids.Signup(ctx, "newbie@example.com", password); err != nil {
			t.Fatal(err)
		}
		b.SignIn("newbie@example.com", password, "/")
		b.Open("/seller/invites")
		b.Find("heading", "Invitations")
		shots(t, b, "seller-invites")
		b.Submit("Join Ada's Fine Teas")
		b.WaitPath("/seller/" + w.brand.ID)
		b.Find("heading", "Dashboard")
	})
}

func tinyPNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// postFile posts a multipart form with the CSRF token and one file.
func postFile(t *testing.T, u, csrf, cookie, field, name string, data []byte) *http.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", csrf)
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, u, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Cookie", cookie)
	res, err := noRedirects().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

// The inbox lists 50 conversations a page with an "Older conversations"
// link that keeps the view; the pages together list every one once.
func TestSellerInboxPaging(t *testing.T) {
	w := startSellerServer(t, storetest.SQLite(t))
	want := map[string]bool{}
	for i := range 53 {
		u, err := w.ids.Signup(ctx, fmt.Sprintf("s%d@example.com", i), password)
		if err != nil {
			t.Fatal(err)
		}
		c, err := w.chat.EnsureServiceConversation(ctx, u.ID, w.brand.ID, sellerApp)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.chat.UserSend(ctx, u.ID, c.ID, chat.MsgText, jsonText("hi"), ""); err != nil {
			t.Fatal(err)
		}
		want[c.ID] = true
	}
	cookie, _ := w.session(t, "agent@example.com")
	c := noRedirects()
	next := "/seller/" + w.brand.ID + "/inbox?view=mine"
	link := regexp.MustCompile(`href="(/seller/[^"]+/inbox\?[^"]*before=[^"]+)">Older conversations`)
	row := regexp.MustCompile(`/inbox/(cnv_[0-9a-z]+)"`)
	seen := map[string]bool{}
	var pages []int
	for next != "" {
		res := get(t, c, w.base+html.UnescapeString(next), "Cookie", cookie)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", next, res.StatusCode)
		}
		n := 0
		for _, m := range row.FindAllStringSubmatch(string(body), -1) {
			if seen[m[1]] {
				t.Fatalf("conversation %s listed twice", m[1])
			}
			seen[m[1]] = true
			n++
		}
		pages = append(pages, n)
		next = ""
		if m := link.FindStringSubmatch(string(body)); m != nil {
			next = m[1]
			if !strings.Contains(next, "view=mine") {
				t.Fatalf("the older link drops the view: %s", next)
			}
		}
	}
	if len(seen) != len(want) || len(pages) != 2 || pages[0] != 50 {
		t.Fatalf("pages %v, %d of %d conversations", pages, len(seen), len(want))
	}
}
