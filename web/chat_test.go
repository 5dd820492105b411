package web_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// seqs are the message seqs the conversation page shows, in page order.
func seqs(t *testing.T, b *webtest.Browser) []int {
	t.Helper()
	var out []int
	for _, s := range webtest.Eval[[]string](b, `Array.from(document.querySelectorAll("li[data-seq]")).map((e) => e.dataset.seq)`) {
		n, _ := strconv.Atoi(s)
		out = append(out, n)
	}
	return out
}

func texts(b *webtest.Browser) []string {
	return webtest.Eval[[]string](b, `Array.from(document.querySelectorAll("li[data-seq] .msg-body")).map((e) => e.innerText)`)
}

func sleep() { time.Sleep(50 * time.Millisecond) }

// waitTextIn is waitText that matches any message text containing text.
func waitTextIn(t *testing.T, b *webtest.Browser, text string) {
	t.Helper()
	js := fmt.Sprintf(`Array.from(document.querySelectorAll("li[data-seq] .msg-body")).some((e) => e.innerText.includes(%q))`, text)
	for i := 0; i < 300; i++ {
		if webtest.Eval[bool](b, js) {
			return
		}
		sleep()
	}
	t.Fatalf("no message containing %q on %s; messages: %q", text, b.Path(), texts(b))
}

// waitText waits until some message on the page reads text.
func waitText(t *testing.T, b *webtest.Browser, text string) {
	t.Helper()
	js := fmt.Sprintf(`Array.from(document.querySelectorAll("li[data-seq] .msg-body")).some((e) => e.innerText === %q)`, text)
	for i := 0; i < 300; i++ {
		if webtest.Eval[bool](b, js) {
			return
		}
		sleep()
	}
	t.Fatalf("no message %q on %s; messages: %q", text, b.Path(), texts(b))
}

// Two shoppers in two browsers: A finds B by handle, they chat in real
// time (each page updates without a reload), A recalls a message, A's
// socket is cut while B sends and A's page catches up with nothing lost or
// repeated, and older history loads as A scrolls up.
func TestChatInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startServer(t, db)
		w.user(t, shopper, "ada@example.com")
		bob := w.user(t, shopper, "bob@example.com")
		if err := w.ids.SetHandle(ctx, bob.ID, "bob"); err != nil {
			t.Fatal(err)
		}
		if err := w.ids.SetDisplayName(ctx, bob.ID, "Bob 鲍勃"); err != nil {
			t.Fatal(err)
		}
		a, b := webtest.New(t, w.base), webtest.New(t, w.base)
		a.SignIn("ada@example.com", password, "/chats")
		b.SignIn("bob@example.com", password, "/chats")
		a.Axe()

		// No enumeration: a near-miss handle finds nobody.
		a.Fill("Chat with a friend", "@bo")
		a.Submit("Start chat")
		if alert := a.Text("alert", ""); !strings.Contains(alert, "Nobody has that handle") {
			t.Fatalf("unknown handle: %q", alert)
		}
		a.Fill("Chat with a friend", "@BOB")
		a.Submit("Start chat")
		a.Find("heading", "Bob 鲍勃")
		a.Axe()

		// B's chat list updates live, without a reload.
		a.Fill("Message", "Hello Bob! 你好，鲍勃！")
		a.Click("button", "Send")
		waitText(t, a, "Hello Bob! 你好，鲍勃！")
		b.FindContaining("link", "Hello Bob! 你好，鲍勃！")
		if !strings.Contains(b.FindName("link", "Hello Bob"), "1") {
			t.Errorf("B's list shows no unread count")
		}
		b.ClickContaining("link", "Hello Bob")
		waitText(t, b, "Hello Bob! 你好，鲍勃！")
		b.Fill("Message", "Hi Ada")
		b.Click("button", "Send")
		waitText(t, a, "Hi Ada")
		waitText(t, b, "Hi Ada")

		// Typing reaches the other page (the server passes on at most one
		// typing signal per conversation every 2 s, so A keeps typing).
		typing := false
		for i := 0; i < 100 && !typing; i++ {
			a.Fill("Message", fmt.Sprintf("typing %d", i))
			for j := 0; j < 10 && !typing; j++ {
				typing = webtest.Eval[bool](b, `document.querySelector("[data-typing]").innerText.includes("is typing")`)
				sleep()
			}
		}
		if !typing {
			t.Error("B never saw that A is typing")
		}

		// Recall.
		a.Click("button", "Recall")
		waitTextIn(t, b, "This message was recalled.")

		// Cut A's socket; B sends while A is away; A catches up exactly.
		webtest.Eval[bool](a, `window.soukChat.drop(), true`)
		conv := webtest.Eval[string](a, `document.querySelector("[data-messages]").dataset.conversationId`)
		for i := 1; i <= 5; i++ {
			if _, err := w.chat.UserSend(ctx, bob.ID, conv, chat.MsgText, json.RawMessage(fmt.Sprintf(`{"text":"while away %d"}`, i)), ""); err != nil {
				t.Fatal(err)
			}
		}
		waitText(t, a, "while away 5")
		got := seqs(t, a)
		if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) || len(got) != 7 || got[0] != 1 || got[6] != 7 {
			t.Fatalf("after the cut A shows seqs %v (texts %q), want 1..7 once each", got, texts(a))
		}
		shots(t, a, "conversation")
		a.Open("/chats")
		shots(t, a, "chats")
	})
}

// A conversation opens with its newest page; older pages load on demand,
// and every message shows once.
func TestChatHistoryPagesBackwardsInChromium(t *testing.T) {
	w := startServer(t, storetest.SQLite(t))
	ada := w.user(t, shopper, "ada@example.com")
	bob := w.user(t, shopper, "bob@example.com")
	c, err := w.chat.CreateDirect(ctx, ada.ID, bob.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 120; i++ {
		in := chat.SendInput{ConversationID: c.ID, SenderID: bob.ID, Kind: chat.MsgText, Body: json.RawMessage(fmt.Sprintf(`{"text":"m%d"}`, i))}
		if _, err := w.chat.Send(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	b := webtest.New(t, w.base)
	b.SignIn("ada@example.com", password, "/chats")
	b.Open("/chats/" + c.ID)
	waitText(t, b, "m120")
	// Scrolling up to the top loads the page before (the sentinel there
	// fires when it comes into view).
	for i := 0; i < 300 && len(seqs(t, b)) < 120; i++ {
		webtest.Eval[bool](b, `(s => { s.scrollTop = 300; s.scrollTop = 0; s.dispatchEvent(new Event("scroll")); return true })(document.getElementById("scroll"))`)
		sleep()
	}
	got := seqs(t, b)
	want := make([]int, 120)
	for i := range want {
		want[i] = i + 1
	}
	if !slices.Equal(got, want) {
		t.Fatalf("history shows seqs %v", got)
	}
}
