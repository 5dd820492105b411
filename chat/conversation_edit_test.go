package chat_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// The owner and admins rename a group; plain members, outsiders and other
// kinds of conversation cannot; the rename is a system message announced
// to the members, and the same title again changes nothing. Both backends.
func TestGroupRename(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		owner, adm, mem, out := e.user(t, "owner"), e.user(t, "adm"), e.user(t, "mem"), e.user(t, "out")
		g := must[chat.Conversation](t)(e.svc.CreateGroup(ctx, owner, "Tea club", []string{adm, mem}))
		if err := e.svc.SetRole(ctx, owner, g.ID, adm, chat.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		e.pub.take()
		_, err := e.svc.Rename(ctx, mem, g.ID, "Mine now")
		wantCode(t, err, chat.CodeForbidden)
		_, err = e.svc.Rename(ctx, out, g.ID, "Hello")
		wantCode(t, err, chat.CodeNotFound)
		_, err = e.svc.Rename(ctx, owner, g.ID, "   ")
		wantCode(t, err, chat.CodeInvalidRequest)
		_, err = e.svc.Rename(ctx, owner, g.ID, strings.Repeat("茶", 101))
		wantCode(t, err, chat.CodeInvalidRequest)
		d := must[chat.Conversation](t)(e.svc.CreateDirect(ctx, owner, mem))
		_, err = e.svc.Rename(ctx, owner, d.ID, "Us")
		wantCode(t, err, chat.CodeInvalidRequest)
		e.pub.take()

		got := must[chat.Conversation](t)(e.svc.Rename(ctx, adm, g.ID, "  茶会 Tea club  "))
		if got.Title != "茶会 Tea club" {
			t.Fatalf("title after rename: %q", got.Title)
		}
		if seen := must[chat.Conversation](t)(e.svc.Get(ctx, mem, g.ID)); seen.Title != "茶会 Tea club" {
			t.Fatalf("a member sees %q", seen.Title)
		}
		evs := e.pub.take()
		if len(evs) != 1 || evs[0].Type != chat.EventMessage || evs[0].Message.Kind != chat.MsgSystem || len(evs[0].Members) != 3 {
			t.Fatalf("rename events: %+v", evs)
		}
		var body struct{ Event, By, Title string }
		if err := json.Unmarshal(evs[0].Message.Body, &body); err != nil || body.Event != "title_changed" || body.By != adm || body.Title != "茶会 Tea club" {
			t.Fatalf("rename message: %s", evs[0].Message.Body)
		}
		last := got.LastSeq
		again := must[chat.Conversation](t)(e.svc.Rename(ctx, owner, g.ID, "茶会 Tea club"))
		if again.LastSeq != last || len(e.pub.take()) != 0 {
			t.Fatalf("renaming to the same title posted a message (seq %d → %d)", last, again.LastSeq)
		}
	})
}

// ReadMarkers shows each member's read seq to the other members, never
// to outsiders, and forgets members who left. Both backends.
func TestReadMarkersOfMembers(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a, b, c, out := e.user(t, "a"), e.user(t, "b"), e.user(t, "c"), e.user(t, "out")
		g := must[chat.Conversation](t)(e.svc.CreateGroup(ctx, a, "G", []string{b, c}))
		for range 3 {
			must[chat.Message](t)(e.svc.UserSend(ctx, a, g.ID, chat.MsgText, text("hi"), ""))
		}
		must[int64](t)(e.svc.MarkRead(ctx, b, g.ID, 2))
		must[int64](t)(e.svc.MarkRead(ctx, c, g.ID, 4))
		got := must[map[string]int64](t)(e.svc.ReadMarkers(ctx, a, g.ID))
		if len(got) != 2 || got[b] != 2 || got[c] != 4 {
			t.Fatalf("markers: %v", got)
		}
		_, err := e.svc.ReadMarkers(ctx, out, g.ID)
		wantCode(t, err, chat.CodeNotFound)
		if err := e.svc.Leave(ctx, c, g.ID); err != nil {
			t.Fatal(err)
		}
		got = must[map[string]int64](t)(e.svc.ReadMarkers(ctx, b, g.ID))
		if len(got) != 1 || got[b] != 2 {
			t.Fatalf("markers after c left: %v", got)
		}
	})
}

// An image message keeps the sender's description (trimmed, bounded) for
// the receiver's alt text. Both backends.
func TestImageAltText(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a, b := e.user(t, "a"), e.user(t, "b")
		c := must[chat.Conversation](t)(e.svc.CreateDirect(ctx, a, b))
		img := must[chat.Upload](t)(e.svc.UploadImage(ctx, a, bytes.NewReader(pngBytes(t)), "image/png"))
		long, _ := json.Marshal(map[string]string{"key": img.Key, "alt": strings.Repeat("猫", chat.MaxAltRunes+1)})
		_, err := e.svc.UserSend(ctx, a, c.ID, chat.MsgImage, long, "")
		wantCode(t, err, chat.CodeInvalid)
		body, _ := json.Marshal(map[string]string{"key": img.Key, "alt": "  A red dot on white 白底红点 "})
		m := must[chat.Message](t)(e.svc.UserSend(ctx, a, c.ID, chat.MsgImage, body, ""))
		seen := must[chat.Message](t)(e.svc.Message(ctx, b, c.ID, m.Seq))
		var got struct{ Alt string }
		if err := json.Unmarshal(seen.Body, &got); err != nil {
			t.Fatal(err)
		}
		if got.Alt != "A red dot on white 白底红点" {
			t.Fatalf("alt as received: %q (%s)", got.Alt, seen.Body)
		}
	})
}
