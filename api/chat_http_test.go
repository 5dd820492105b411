package api_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// tinyPNG is a 1×1 PNG.
var tinyPNG, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

func TestChatHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a, ta := h.user("alice")
		b, tb := h.user("bob")
		_, tc := h.user("carol")

		r := h.do("POST", "/api/v1/chat/direct", ta, map[string]string{"user_id": b.ID})
		if r.Status != 200 {
			t.Fatalf("create direct: %d %s", r.Status, r.Body)
		}
		conv := r.json(t)["id"].(string)
		if r := h.do("POST", "/api/v1/chat/direct", tb, map[string]string{"user_id": a.ID}); r.json(t)["id"] != conv {
			t.Fatalf("direct from the other side: %s", r.Body)
		}
		base := "/api/v1/chat/conversations/" + conv
		send := map[string]string{"kind": "text", "text": "hello", "client_message_id": "c-1"}
		r1 := h.do("POST", base+"/messages", ta, send)
		r2 := h.do("POST", base+"/messages", ta, send)
		if r1.Status != 201 || r2.Status != 201 || r1.json(t)["id"] != r2.json(t)["id"] || r1.json(t)["seq"].(float64) != 1 {
			t.Fatalf("idempotent send: %d %s / %d %s", r1.Status, r1.Body, r2.Status, r2.Body)
		}
		send["text"] = "changed"
		if r := h.do("POST", base+"/messages", ta, send); r.Status != 409 || r.errorCode() != "client_id_reused" {
			t.Fatalf("reused client id: %d %s", r.Status, r.Body)
		}
		// Outsiders: 404 everywhere, nothing stored.
		before := h.count("chat_messages")
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"GET", base, nil}, {"GET", base + "/messages", nil}, {"POST", base + "/typing", nil},
			{"POST", base + "/messages", map[string]string{"kind": "text", "text": "x"}},
			{"PUT", base + "/read", map[string]int{"seq": 1}},
		} {
			if r := h.do(c.method, c.path, tc, c.body); r.Status != 404 || r.errorCode() != "not_found" {
				t.Fatalf("outsider %s %s: %d %s", c.method, c.path, r.Status, r.Body)
			}
		}
		if h.count("chat_messages") != before || h.count("chat_reads") != 0 {
			t.Fatal("an outsider changed state")
		}
		// Users cannot post host kinds.
		if r := h.do("POST", base+"/messages", ta, map[string]string{"kind": "transfer", "text": "x"}); r.Status != 400 {
			t.Fatalf("transfer through REST: %d %s", r.Status, r.Body)
		}
		// Read marker, history.
		if r := h.do("PUT", base+"/read", tb, map[string]int{"seq": 1}); r.Status != 200 || r.json(t)["read_seq"].(float64) != 1 {
			t.Fatalf("mark read: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", base+"/messages?limit=5", tb, nil); r.Status != 200 || len(r.json(t)["data"].([]any)) != 1 {
			t.Fatalf("history: %d %s", r.Status, r.Body)
		}
		// Edit and recall.
		if r := h.do("PATCH", base+"/messages/1", ta, map[string]string{"text": "hello!"}); r.Status != 200 {
			t.Fatalf("edit: %d %s", r.Status, r.Body)
		}
		if r := h.do("PATCH", base+"/messages/1", tb, map[string]string{"text": "mine now"}); r.Status != 403 {
			t.Fatalf("edit someone else's: %d %s", r.Status, r.Body)
		}
		// Image: upload with its type, send, read back.
		r = h.do("POST", "/api/v1/chat/images", ta, tinyPNG, "Content-Type", "image/png")
		if r.Status != 201 {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		key := r.json(t)["key"].(string)
		if r := h.do("POST", "/api/v1/chat/images", ta, []byte("GIF89a not really"), "Content-Type", "image/png"); r.Status != 415 {
			t.Fatalf("mismatched upload: %d %s", r.Status, r.Body)
		}
		r = h.do("POST", base+"/messages", ta, map[string]string{"kind": "image", "image_key": key, "image_alt": "A tiny dot 小点"})
		if r.Status != 201 {
			t.Fatalf("send image: %d %s", r.Status, r.Body)
		}
		if body, _ := r.json(t)["body"].(map[string]any); body["alt"] != "A tiny dot 小点" {
			t.Fatalf("the image's alt text: %s", r.Body)
		}
		seq := int(r.json(t)["seq"].(float64))
		r = h.do("GET", fmt.Sprintf("%s/messages/%d/image", base, seq), tb, nil)
		if r.Status != 200 || !bytes.Equal(r.Body, tinyPNG) || r.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("image: %d %q %d bytes", r.Status, r.Header.Get("Content-Type"), len(r.Body))
		}
		// Rate limit: 429 with Retry-After, in the API's error shape.
		var last response
		for i := 0; i < 25; i++ {
			last = h.do("POST", base+"/messages", tb, map[string]string{"kind": "text", "text": fmt.Sprint(i)})
			if last.Status == 429 {
				break
			}
		}
		if last.Status != 429 || last.errorCode() != "rate_limited" || last.Header.Get("Retry-After") == "" {
			t.Fatalf("rate limit: %d %s %v", last.Status, last.Body, last.Header)
		}
		// Groups over REST.
		r = h.do("POST", "/api/v1/chat/groups", ta, map[string]any{"title": "Trip", "member_ids": []string{b.ID}})
		if r.Status != 201 {
			t.Fatalf("group: %d %s", r.Status, r.Body)
		}
		var g struct {
			ID      string
			Members []json.RawMessage
		}
		_ = json.Unmarshal(r.Body, &g)
		if len(g.Members) != 2 {
			t.Fatalf("group members: %s", r.Body)
		}
		if r := h.do("GET", "/api/v1/chat/conversations", tb, nil); r.Status != 200 || len(r.json(t)["data"].([]any)) != 2 {
			t.Fatalf("bob's list: %d %s", r.Status, r.Body)
		}
		// Rename: the owner may, a plain member may not.
		if r := h.do("PATCH", "/api/v1/chat/conversations/"+g.ID, tb, map[string]string{"title": "Bob's trip"}); r.Status != 403 {
			t.Fatalf("a member's rename: %d %s", r.Status, r.Body)
		}
		if r := h.do("PATCH", "/api/v1/chat/conversations/"+g.ID, ta, map[string]string{"title": "Trip 旅行"}); r.Status != 200 || r.json(t)["title"] != "Trip 旅行" {
			t.Fatalf("the owner's rename: %d %s", r.Status, r.Body)
		}
	})
}
