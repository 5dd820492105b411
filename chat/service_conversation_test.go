package chat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

func asError(err error, target **chat.Error) bool { return errors.As(err, target) }

// bridge returns a host-call bridge for an event of the acme installation
// for shopper, as marketplace.RunEvent would make it.
func bridge(e *env, shopper string, granted ...string) *runtime.Bridge {
	reg := runtime.NewRegistry(e.svc.HostAPIs()...)
	return reg.Bridge(runtime.HostEvent{AppID: "app_1", InstallationID: "ins_acme", BrandID: "org_acme", ShopperID: shopper, Granted: granted, Handler: "message"},
		runtime.BridgeLimits{MaxCalls: 100}, nil)
}

func hostCall(t *testing.T, b *runtime.Bridge, args string) (map[string]any, string) {
	t.Helper()
	out, err := b.CallHost(ctx, "chat.send", json.RawMessage(args))
	if err != nil {
		var he *sandbox.HostError
		if !errors.As(err, &he) {
			t.Fatalf("chat.send(%s): not a HostError: %v", args, err)
		}
		return nil, he.Code
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	return m, ""
}

func TestServiceConversationAndStaff(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		shopper, owner, agent, dev, other := e.user(t, "shopper"), e.user(t, "owner"), e.user(t, "agent"), e.user(t, "dev"), e.user(t, "other")
		e.brand(t, map[string]string{owner: "owner", agent: "agent", dev: "developer"})
		c := must[chat.Conversation](t)(e.svc.OpenService(ctx, shopper, "ins_acme"))
		again := must[chat.Conversation](t)(e.svc.EnsureServiceConversation(ctx, shopper, "org_acme", "ins_acme"))
		if c.ID != again.ID || c.Kind != chat.KindService || c.BrandOrgID != "org_acme" || c.Role != chat.RoleMember {
			t.Fatalf("service conversation: %+v / %+v", c, again)
		}
		_, err := e.svc.OpenService(ctx, shopper, "ins_nope")
		wantCode(t, err, chat.CodeNotFound)
		_, err = e.svc.EnsureServiceConversation(ctx, shopper, "org_other", "ins_acme")
		wantCode(t, err, chat.CodeInvalidRequest)

		must[chat.Message](t)(e.svc.UserSend(ctx, shopper, c.ID, chat.MsgText, text("where is my order?"), "s1"))
		// Brand staff read and answer as the brand; a developer-role member
		// of the org and strangers get not_found.
		inbox := must[[]chat.Conversation](t)(e.svc.BrandInbox(ctx, agent, "org_acme", 0))
		if len(inbox) != 1 || inbox[0].ID != c.ID || inbox[0].Unread != 1 || inbox[0].Role != chat.RoleStaff {
			t.Fatalf("agent's inbox: %+v", inbox)
		}
		for _, u := range []string{dev, other, shopper} {
			_, err = e.svc.BrandInbox(ctx, u, "org_acme", 0)
			wantCode(t, err, chat.CodeNotFound)
		}
		_, err = e.svc.History(ctx, dev, c.ID, chat.HistoryQuery{})
		wantCode(t, err, chat.CodeNotFound)
		e.pub.take()
		reply := must[chat.Message](t)(e.svc.BrandSend(ctx, agent, "org_acme", c.ID, chat.MsgText, text("on its way"), "a1"))
		if reply.SenderKind != chat.SenderBrand || reply.BrandOrgID != "org_acme" || reply.SenderID != agent {
			t.Fatalf("brand reply: %+v", reply)
		}
		evs := e.pub.take()
		if len(evs) != 1 || !slices.Equal(evs[0].Members, sorted(shopper, owner, agent)) {
			t.Fatalf("reply recipients: %+v", evs)
		}
		_, err = e.svc.BrandSend(ctx, shopper, "org_acme", c.ID, chat.MsgText, text("I am the brand"), "")
		wantCode(t, err, chat.CodeNotFound)
		// The shopper's message went to the app through a job, not inline.
		if len(e.apps.seen) != 0 {
			t.Fatal("the app ran inside the shopper's send")
		}
		if _, err := e.q.RunDue(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
		if len(e.apps.seen) != 1 || e.apps.seen[0] != "ins_acme|"+shopper+`|{"text":"where is my order?"}` {
			t.Fatalf("app saw %v", e.apps.seen)
		}
		// The shopper's list has it; the staff's does not (they use the inbox).
		if l := must[[]chat.Conversation](t)(e.svc.Conversations(ctx, shopper)); len(l) != 1 || l[0].LastSeq != 2 {
			t.Fatalf("shopper's list: %+v", l)
		}
	})
}

func sorted(ids ...string) []string {
	slices.Sort(ids)
	return ids
}

func TestAppMessagingRules(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		shopper, owner := e.user(t, "shopper"), e.user(t, "owner")
		e.brand(t, map[string]string{owner: "owner"})
		app := chat.AppSendInput{InstallationID: "ins_acme", BrandOrgID: "org_acme", ShopperID: shopper, Kind: chat.MsgText, Body: text("hello from the app")}

		// No conversation yet, then a conversation the shopper never wrote in.
		_, err := e.svc.AppSend(ctx, app)
		wantCode(t, err, chat.CodeOutsideWindow)
		c := must[chat.Conversation](t)(e.svc.OpenService(ctx, shopper, "ins_acme"))
		_, err = e.svc.AppSend(ctx, app)
		wantCode(t, err, chat.CodeOutsideWindow)

		// The shopper writes; the app's message handler answers through
		// chat.send, inside the window by definition.
		e.apps.fn = func(ctx context.Context, inst, sh string, m chat.Message) error {
			out, code := hostCall(t, bridge(e, sh, "chat"), `{"text":"thanks, looking into it","clientMessageId":"reply-`+m.ID+`"}`)
			if code != "" || out["seq"] == nil {
				t.Errorf("reply from the message handler: %v %s", out, code)
			}
			return nil
		}
		must[chat.Message](t)(e.svc.UserSend(ctx, shopper, c.ID, chat.MsgText, text("hi"), ""))
		if _, err := e.q.RunDue(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
		e.apps.fn = nil
		// 1 used by the handler's reply; 4 more fit the quota of 5.
		for i := range 4 {
			app.ClientMsgID = "q" + string(rune('a'+i))
			must[chat.Message](t)(e.svc.AppSend(ctx, app))
		}
		app.ClientMsgID = "q-over"
		_, err = e.svc.AppSend(ctx, app)
		wantCode(t, err, chat.CodeQuotaExceeded)
		_, code := hostCall(t, bridge(e, shopper, "chat"), `{"text":"one more"}`)
		if code != chat.CodeQuotaExceeded {
			t.Fatalf("chat.send over quota: %q", code)
		}
		// A retried app send is idempotent and costs no quota.
		app.ClientMsgID = "qa"
		must[chat.Message](t)(e.svc.AppSend(ctx, app))
		must[chat.Conversation](t)(e.svc.Get(ctx, shopper, c.ID))

		// The shopper writes again: a fresh window with a fresh quota.
		must[chat.Message](t)(e.svc.UserSend(ctx, shopper, c.ID, chat.MsgText, text("and?"), ""))
		app.ClientMsgID = "w2"
		must[chat.Message](t)(e.svc.AppSend(ctx, app))

		// 48 hours of silence close the window.
		e.clk.Add(48*time.Hour + time.Second)
		app.ClientMsgID = "late"
		_, err = e.svc.AppSend(ctx, app)
		wantCode(t, err, chat.CodeOutsideWindow)
		_, code = hostCall(t, bridge(e, shopper, "chat"), `{"text":"late"}`)
		if code != chat.CodeOutsideWindow {
			t.Fatalf("chat.send outside the window: %q", code)
		}

		// An order event posts a card and opens a window for the app.
		card := must[chat.Message](t)(e.svc.PostOrderEvent(ctx, shopper, "org_acme", "ins_acme", "ord_1", "shipped", "Your order has shipped"))
		if card.Kind != chat.MsgOrderCard || card.SenderKind != chat.SenderSystem || !strings.Contains(string(card.Body), `"order_id":"ord_1"`) {
			t.Fatalf("order card: %+v", card)
		}
		dup := must[chat.Message](t)(e.svc.PostOrderEvent(ctx, shopper, "org_acme", "ins_acme", "ord_1", "shipped", "Your order has shipped"))
		if dup.ID != card.ID {
			t.Fatal("a retried order event posted twice")
		}
		out, code := hostCall(t, bridge(e, shopper, "chat"), `{"card":{"title":"Track","view":{"type":"text","text":"Track your parcel"},"page":"track","params":{"order":"ord_1"}}}`)
		if code != "" {
			t.Fatalf("card after an order event: %s", code)
		}
		m := must[chat.Message](t)(e.svc.Message(ctx, shopper, c.ID, int64(out["seq"].(float64))))
		if m.Kind != chat.MsgMiniProgramCard || m.SenderKind != chat.SenderApp || m.SenderID != "ins_acme" ||
			!strings.Contains(string(m.Body), `"installation_id":"ins_acme"`) || !strings.Contains(string(m.Body), `"page":"track"`) {
			t.Fatalf("card: %+v %s", m, m.Body)
		}

		// Bad calls: no permission, invalid view, both/neither text and card,
		// an event with no shopper.
		if _, code := hostCall(t, bridge(e, shopper, "log"), `{"text":"x"}`); code != runtime.CodePermissionDenied {
			t.Fatalf("without the chat permission: %q", code)
		}
		for _, args := range []string{`{"card":{"view":{"type":"marquee"}}}`, `{}`, `{"text":"a","card":{"view":{"type":"text","text":"x"}}}`, `{"text":"x","shopperId":"usr_x"}`} {
			if _, code := hostCall(t, bridge(e, shopper, "chat"), args); code != runtime.CodeInvalidArgs {
				t.Fatalf("chat.send(%s): %q", args, code)
			}
		}
		if _, code := hostCall(t, bridge(e, "", "chat"), `{"text":"x"}`); code != runtime.CodeInvalidArgs {
			t.Fatalf("chat.send without a shopper: %q", code)
		}
		// Another shopper's conversation is out of the app's reach.
		stranger := e.user(t, "stranger")
		if _, code := hostCall(t, bridge(e, stranger, "chat"), `{"text":"x"}`); code != chat.CodeOutsideWindow {
			t.Fatalf("to a stranger: %q", code)
		}

	})
}

func TestAppRate(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(o *chat.Options) {
			o.AppQuota = 100
			o.AppRate = chat.RateLimit{Burst: 3, Per: time.Minute}
		})
		shopper, owner := e.user(t, "shopper"), e.user(t, "owner")
		e.brand(t, map[string]string{owner: "owner"})
		must[chat.Message](t)(e.svc.PostOrderEvent(ctx, shopper, "org_acme", "ins_acme", "ord_1", "paid", "Paid"))
		app := chat.AppSendInput{InstallationID: "ins_acme", BrandOrgID: "org_acme", ShopperID: shopper, Kind: chat.MsgText, Body: text("x")}
		for range 3 {
			must[chat.Message](t)(e.svc.AppSend(ctx, app))
		}
		_, err := e.svc.AppSend(ctx, app)
		wantCode(t, err, chat.CodeRateLimited)
	})
}

func pngBytes(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImageUploadAndSend(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(o *chat.Options) { o.MaxImageBytes = 1024 })
		a, b, out := e.user(t, "a"), e.user(t, "b"), e.user(t, "out")
		c := must[chat.Conversation](t)(e.svc.CreateDirect(ctx, a, b))
		pic := pngBytes(t)
		_, err := e.svc.UploadImage(ctx, a, bytes.NewReader(pic), "image/jpeg")
		wantCode(t, err, chat.CodeUnsupportedMedia)
		_, err = e.svc.UploadImage(ctx, a, strings.NewReader("<html>not an image</html>"), "image/png")
		wantCode(t, err, chat.CodeUnsupportedMedia)
		_, err = e.svc.UploadImage(ctx, a, bytes.NewReader(pic), "application/pdf")
		wantCode(t, err, chat.CodeUnsupportedMedia)
		huge := append(append([]byte{}, pic...), make([]byte, 2048)...)
		_, err = e.svc.UploadImage(ctx, a, bytes.NewReader(huge), "image/png")
		wantCode(t, err, chat.CodeImageTooLarge)
		if n := e.count(t, "chat_uploads"); n != 0 {
			t.Fatalf("%d uploads recorded for refused images", n)
		}
		img := must[chat.Upload](t)(e.svc.UploadImage(ctx, a, bytes.NewReader(pic), "image/png"))
		if img.Size != int64(len(pic)) || img.ContentType != "image/png" || !strings.HasPrefix(img.Key, "chat/img/") {
			t.Fatalf("image: %+v", img)
		}
		key, _ := json.Marshal(map[string]string{"key": img.Key})
		// Only the uploader may send it.
		_, err = e.svc.UserSend(ctx, b, c.ID, chat.MsgImage, key, "")
		wantCode(t, err, chat.CodeInvalid)
		_, err = e.svc.UserSend(ctx, a, c.ID, chat.MsgImage, json.RawMessage(`{"key":"apps/bundles/x"}`), "")
		wantCode(t, err, chat.CodeInvalid)
		m := must[chat.Message](t)(e.svc.UserSend(ctx, a, c.ID, chat.MsgImage, key, "img1"))
		var body struct {
			Key  string `json:"key"`
			Size int64  `json:"size"`
		}
		_ = json.Unmarshal(m.Body, &body)
		if !strings.Contains(string(m.Body), `"content_type":"image/png"`) || body.Size != int64(len(pic)) {
			t.Fatalf("image message: %s", m.Body)
		}
		rc, info, err := e.svc.OpenImage(ctx, b, c.ID, m.Seq)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(got, pic) || info.ContentType != "image/png" {
			t.Fatalf("image read back: %d bytes %q", len(got), info.ContentType)
		}
		_, _, err = e.svc.OpenImage(ctx, out, c.ID, m.Seq)
		wantCode(t, err, chat.CodeNotFound)
	})
}
