package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web"
)

// BenchmarkOpenConversation10k opens a conversation of 10,000 messages: the
// page renders the newest page only, so its server time does not grow with
// the history (issue 11 asks for under 200 ms).
func BenchmarkOpenConversation10k(b *testing.B) {
	db := storetest.SQLite(b)
	ids := identity.New(db)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	chats := chat.New(db, chat.Options{Log: log})
	srv := api.New(api.Deps{DB: db, Identity: ids, Chat: chats, Log: log, AuthRateLimit: 1 << 30})
	web.Mount(srv.App, web.Deps{Identity: ids, Chat: chats, Log: log})
	ada, _ := ids.Signup(ctx, "ada@example.com", password)
	bob, _ := ids.Signup(ctx, "bob@example.com", password)
	c, err := chats.CreateDirect(ctx, ada.ID, bob.ID)
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= 10_000; i++ {
		from := ada.ID
		if i%2 == 0 {
			from = bob.ID
		}
		body, _ := json.Marshal(map[string]string{"text": fmt.Sprintf("message %d: 你好，今天的茶很好喝。", i)})
		if _, err := chats.Send(ctx, chat.SendInput{ConversationID: c.ID, SenderID: from, Kind: chat.MsgText, Body: body}); err != nil {
			b.Fatal(err)
		}
	}
	sess, _, err := ids.Login(ctx, "ada@example.com", password)
	if err != nil {
		b.Fatal(err)
	}
	open := func() int {
		req := httptest.NewRequest("GET", "/chats/"+c.ID, nil)
		req.Header.Set("Cookie", "souk_session="+sess.Token)
		res, err := srv.App.Test(req, -1)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != fiber.StatusOK {
			b.Fatalf("status %d", res.StatusCode)
		}
		return len(body)
	}
	size := open()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		open()
	}
	b.ReportMetric(float64(size), "page-bytes")
}
