package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/fasthttp/websocket"

	"github.com/soukhq/souk/store/storetest"
)

// authed calls a JSON endpoint with a bearer token.
func (s *server) authed(t *testing.T, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, "http://"+s.addr+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(r.Body).Decode(&out)
	return r.StatusCode, out
}

func account(t *testing.T, s *server, email string) (id, token string) {
	t.Helper()
	creds := map[string]string{"email": email, "password": "correct horse battery"}
	if code, body := s.post(t, "/api/v1/auth/signup", creds); code != 201 {
		t.Fatalf("signup: %d %v", code, body)
	}
	code, body := s.post(t, "/api/v1/auth/login", creds)
	if code != 200 {
		t.Fatalf("login: %d %v", code, body)
	}
	return body["user"].(map[string]any)["id"].(string), body["token"].(string)
}

type wsFrame struct {
	Type           string `json:"type"`
	ConversationID string `json:"conversation_id"`
	Seq            int64  `json:"seq"`
	Message        struct {
		Body struct {
			Text string `json:"text"`
		} `json:"body"`
	} `json:"message"`
}

func chatSocket(t *testing.T, s *server, token string, cursors map[string]int64) *websocket.Conn {
	t.Helper()
	ws, resp, err := websocket.DefaultDialer.Dial("ws://"+s.addr+"/api/v1/chat/ws", http.Header{"Authorization": {"Bearer " + token}})
	if err != nil {
		t.Fatalf("dial %s: %v (%v)", s.addr, err, resp)
	}
	if err := ws.WriteJSON(map[string]any{"type": "resume", "cursors": cursors}); err != nil {
		t.Fatal(err)
	}
	return ws
}

// nextMessages reads frames until it has n message frames (ready and other
// frames are skipped).
func nextMessages(t *testing.T, ws *websocket.Conn, n int) []wsFrame {
	t.Helper()
	var out []wsFrame
	_ = ws.SetReadDeadline(time.Now().Add(15 * time.Second))
	for len(out) < n {
		var f wsFrame
		if err := ws.ReadJSON(&f); err != nil {
			t.Fatalf("after %d of %d messages: %v", len(out), n, err)
		}
		if f.Type == "message" {
			out = append(out, f)
		}
	}
	return out
}

// Two souk serve processes on one PostgreSQL: a message sent through node
// 1's REST API reaches a client connected to node 2; the client then moves
// to node 1 and resumes with exactly what it missed. Both nodes still shut
// down cleanly with sockets open.
func TestTwoNodesChatDelivery(t *testing.T) {
	url := storetest.PostgresURL(t)
	n1 := startServe(t, []string{"DATABASE_URL=" + url}, "--data-dir", t.TempDir())
	n2 := startServe(t, []string{"DATABASE_URL=" + url}, "--data-dir", t.TempDir())
	_, aTok := account(t, n1, "chat-a@example.com")
	bID, bTok := account(t, n1, "chat-b@example.com")
	code, conv := n1.authed(t, "POST", "/api/v1/chat/direct", aTok, map[string]string{"user_id": bID})
	if code != 200 && code != 201 {
		t.Fatalf("create direct: %d %v", code, conv)
	}
	convID := conv["id"].(string)

	onNode2 := chatSocket(t, n2, bTok, nil)
	var ready wsFrame
	_ = onNode2.SetReadDeadline(time.Now().Add(10 * time.Second))
	if err := onNode2.ReadJSON(&ready); err != nil || ready.Type != "ready" {
		t.Fatalf("node 2: %v %+v", err, ready)
	}
	send := func(text string) {
		t.Helper()
		if code, body := n1.authed(t, "POST", "/api/v1/chat/conversations/"+convID+"/messages", aTok,
			map[string]string{"kind": "text", "text": text}); code != 201 {
			t.Fatalf("send: %d %v", code, body)
		}
	}
	send("hello from node 1")
	got := nextMessages(t, onNode2, 1)
	if got[0].ConversationID != convID || got[0].Seq != 1 || got[0].Message.Body.Text != "hello from node 1" {
		t.Fatalf("node 2 got %+v", got[0])
	}
	_ = onNode2.Close()

	for _, s := range []string{"two", "three", "four"} {
		send(s)
	}
	onNode1 := chatSocket(t, n1, bTok, map[string]int64{convID: 1})
	got = nextMessages(t, onNode1, 3)
	for i, f := range got {
		if f.Seq != int64(i+2) {
			t.Fatalf("resumed on node 1: %+v", got)
		}
	}
	onNode2 = chatSocket(t, n2, bTok, map[string]int64{convID: 4})
	n1.stop(t)
	n2.stop(t)
}
