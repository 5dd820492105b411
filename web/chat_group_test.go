package web_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// Ada starts a group from the chat list by handles and an email: an entry
// that names nobody is named back and nothing is created, a list of only
// herself is refused, and a good list (with duplicates and her own handle)
// makes one group of three that Bob's open list shows live.
func TestStartGroupInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startServer(t, db)
		ada := w.user(t, shopper, "ada@example.com")
		bob := w.user(t, shopper, "bob@example.com")
		cat := w.user(t, shopper, "cat@example.com")
		for id, h := range map[string]string{ada.ID: "ada", bob.ID: "bob"} {
			if err := w.ids.SetHandle(ctx, id, h); err != nil {
				t.Fatal(err)
			}
		}
		b := webtest.New(t, w.base)
		b.SignIn("bob@example.com", password, "/chats")
		a := webtest.New(t, w.base)
		a.SignIn("ada@example.com", password, "/chats")

		a.Click("button", "Start a group")
		a.Fill("Group name", "Hiking 登山")
		a.Fill("Friends' handles or emails", "@bob, @bobb")
		a.Submit("Create group")
		if alert := a.Text("alert", ""); !strings.Contains(alert, "Nobody has the handle or email @bobb") {
			t.Fatalf("an unknown handle: %q", alert)
		}
		a.Axe()
		if v := webtest.Eval[string](a, `document.getElementById("group-title").value`); v != "Hiking 登山" {
			t.Errorf("the refused form lost the name: %q", v)
		}
		a.Fill("Friends' handles or emails", "@ada")
		a.Submit("Create group")
		if alert := a.Text("alert", ""); !strings.Contains(alert, "at least one friend") {
			t.Fatalf("a group of only Ada: %q", alert)
		}
		if convs, err := w.chat.Conversations(ctx, ada.ID); err != nil || len(convs) != 0 {
			t.Fatalf("refused posts made conversations: %+v %v", convs, err)
		}

		a.Fill("Friends' handles or emails", "@BOB bob@example.com\ncat@example.com, @ada")
		a.Submit("Create group")
		a.Find("heading", "Hiking 登山")
		a.Axe()
		convs, err := w.chat.Conversations(ctx, ada.ID)
		if err != nil || len(convs) != 1 || convs[0].Kind != "group" || convs[0].Title != "Hiking 登山" {
			t.Fatalf("Ada's conversations: %+v %v", convs, err)
		}
		ms, err := w.chat.Members(ctx, ada.ID, convs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, m := range ms {
			ids = append(ids, m.UserID)
		}
		slices.Sort(ids)
		want := []string{ada.ID, bob.ID, cat.ID}
		slices.Sort(want)
		if !slices.Equal(ids, want) {
			t.Fatalf("group members %v, want %v", ids, want)
		}
		b.FindContaining("link", "Hiking 登山") // live, no reload
	})
}
