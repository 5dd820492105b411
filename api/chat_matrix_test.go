package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/store"
)

// chatGroup makes a fresh group owned by the shopper with the developer as
// a plain member; every other role is an outsider. A fresh third member
// posts what outsiders try to touch, so no one's send budget runs out.
func (w *world) chatGroup() chat.Conversation {
	w.h.t.Helper()
	g, _ := w.chatGroupWithPoster()
	return g
}

// chatUser inserts a bare user row: the matrix needs many fresh users and
// signing each up (password hashing) would dominate its run time.
func (w *world) chatUser() string {
	w.h.t.Helper()
	id := store.NewID("usr")
	if _, err := w.h.db.ExecContext(t0ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, 'x', $3)`,
		id, id+"@example.com", store.Now()); err != nil {
		w.h.t.Fatal(err)
	}
	return id
}

func (w *world) chatGroupWithPoster() (chat.Conversation, string) {
	w.h.t.Helper()
	poster := w.chatUser()
	g, err := w.h.chat.CreateGroup(t0ctx, w.users["shopper"].ID, "Matrix", []string{w.users["developer"].ID, poster})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return g, poster
}

// chatMessage posts a text in a fresh group: by the role itself when it
// is a member, else by the group's poster.
func (w *world) chatMessage(role string) (chat.Conversation, chat.Message) {
	w.h.t.Helper()
	g, poster := w.chatGroupWithPoster()
	if role == "shopper" || role == "developer" {
		poster = w.users[role].ID
	}
	return g, w.chatPost(g, poster)
}

func (w *world) chatPost(g chat.Conversation, senderID string) chat.Message {
	w.h.t.Helper()
	m, err := w.h.chat.UserSend(t0ctx, senderID, g.ID, chat.MsgText, json.RawMessage(`{"text":"hi"}`), "")
	if err != nil {
		w.h.t.Fatal(err)
	}
	return m
}

// chatService is the shopper's service conversation with the brand's
// installation ins_matrix.
func (w *world) chatService() chat.Conversation {
	w.h.t.Helper()
	w.h.installs.Store("ins_matrix", w.brand)
	c, err := w.h.chat.EnsureServiceConversation(t0ctx, w.users["shopper"].ID, w.brand, "ins_matrix")
	if err != nil {
		w.h.t.Fatal(err)
	}
	return c
}

func init() {
	members := func(status int) map[string]int {
		return map[string]int{"anonymous": 401, "shopper": status, "developer": status, "*": 404}
	}
	conv := func(w *world, suffix string) string { return "/api/v1/chat/conversations/" + w.chatGroup().ID + suffix }
	everyone := func(status int) map[string]int { return map[string]int{"anonymous": 401, "*": status} }
	staff := func(status int) map[string]int {
		return map[string]int{"anonymous": 401, "brand_owner": status, "brand_manager": status, "brand_agent": status, "*": 404}
	}

	matrix["create-direct-conversation"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/chat/direct", map[string]string{"user_id": w.chatUser()}
		},
		want: everyone(200),
	}
	matrix["create-group"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/chat/groups", map[string]any{"title": "Club " + role, "member_ids": []string{w.users["shopper"].ID}}
		},
		want: everyone(201),
	}
	matrix["list-conversations"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/chat/conversations", nil },
		want:    everyone(200),
	}
	matrix["get-conversation"] = matrixCase{
		request: func(w *world, role string) (string, any) { return conv(w, ""), nil },
		want:    members(200),
	}
	matrix["list-conversation-members"] = matrixCase{
		request: func(w *world, role string) (string, any) { return conv(w, "/members"), nil },
		want:    members(200),
	}
	matrix["invite-conversation-members"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return conv(w, "/members"), map[string]any{"user_ids": []string{w.chatUser()}}
		},
		// Only the owner invites; a plain member is refused.
		want: map[string]int{"anonymous": 401, "shopper": 200, "developer": 403, "*": 404},
	}
	matrix["leave-conversation"] = matrixCase{
		request: func(w *world, role string) (string, any) { return conv(w, "/leave"), nil },
		want:    members(204),
	}
	matrix["remove-conversation-member"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			g := w.chatGroup()
			u := w.chatUser()
			if _, err := w.h.chat.Invite(t0ctx, w.users["shopper"].ID, g.ID, []string{u}); err != nil {
				w.h.t.Fatal(err)
			}
			return "/api/v1/chat/conversations/" + g.ID + "/members/" + u, nil
		},
		want: map[string]int{"anonymous": 401, "shopper": 204, "developer": 403, "*": 404},
	}
	matrix["set-conversation-member-role"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return conv(w, "/members/"+w.users["developer"].ID+"/role"), map[string]string{"role": "admin"}
		},
		want: map[string]int{"anonymous": 401, "shopper": 204, "developer": 403, "*": 404},
	}
	matrix["rename-conversation"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return conv(w, ""), map[string]string{"title": "Renamed by " + role}
		},
		// The owner renames; a plain member is refused.
		want: map[string]int{"anonymous": 401, "shopper": 200, "developer": 403, "*": 404},
	}
	matrix["send-message"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return conv(w, "/messages"), map[string]string{"kind": "text", "text": "hello", "client_message_id": "m-" + role}
		},
		want: members(201),
	}
	matrix["list-messages"] = matrixCase{
		request: func(w *world, role string) (string, any) { return conv(w, "/messages?limit=10"), nil },
		want:    members(200),
	}
	matrix["edit-message"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			g, m := w.chatMessage(role)
			return fmt.Sprintf("/api/v1/chat/conversations/%s/messages/%d", g.ID, m.Seq), map[string]string{"text": "edited"}
		},
		want: members(200),
	}
	matrix["recall-message"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			g, m := w.chatMessage(role)
			return fmt.Sprintf("/api/v1/chat/conversations/%s/messages/%d/recall", g.ID, m.Seq), nil
		},
		want: members(200),
	}
	matrix["get-message-image"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			g, poster := w.chatGroupWithPoster()
			img, err := w.h.chat.UploadImage(t0ctx, poster, bytes.NewReader(tinyPNG), "image/png")
			if err != nil {
				w.h.t.Fatal(err)
			}
			key, _ := json.Marshal(map[string]string{"key": img.Key})
			m, err := w.h.chat.UserSend(t0ctx, poster, g.ID, chat.MsgImage, key, "")
			if err != nil {
				w.h.t.Fatal(err)
			}
			return fmt.Sprintf("/api/v1/chat/conversations/%s/messages/%d/image", g.ID, m.Seq), nil
		},
		want: members(200),
	}
	matrix["mark-read"] = matrixCase{
		request: func(w *world, role string) (string, any) { return conv(w, "/read"), map[string]int{"seq": 1} },
		want:    members(200),
	}
	matrix["send-typing"] = matrixCase{
		request: func(w *world, role string) (string, any) { return conv(w, "/typing"), nil },
		want:    members(204),
	}
	matrix["upload-chat-image"] = matrixCase{
		// The matrix sends JSON; an image upload needs an image type.
		request: func(w *world, role string) (string, any) { return "/api/v1/chat/images", []byte("{}") },
		want:    everyone(415),
	}
	matrix["open-service-conversation"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			w.h.installs.Store("ins_matrix", w.brand)
			return "/api/v1/chat/service/ins_matrix", nil
		},
		want: everyone(200),
	}
	matrix["brand-chat-inbox"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/orgs/" + w.brand + "/chat/inbox", nil },
		want:    staff(200),
	}
	matrix["brand-send-message"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/chat/conversations/" + w.chatService().ID + "/messages",
				map[string]string{"kind": "text", "text": "how can we help?"}
		},
		want: staff(201),
	}
}
