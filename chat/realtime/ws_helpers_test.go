package realtime_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/fasthttp/websocket"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/chat/realtime"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
)

// node is one API server with its chat service and hub, listening on a
// real socket.
type node struct {
	t    *testing.T
	db   *store.DB
	ids  *identity.Service
	chat *chat.Service
	hub  *realtime.Hub
	addr string
}

func startNode(t *testing.T, db *store.DB, cfg realtime.Config) *node {
	t.Helper()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	svc := chat.New(db, chat.Options{Log: log, UserRate: chat.RateLimit{Burst: 100000, Per: time.Second}})
	hub := realtime.New(db, svc, log, cfg)
	svc.SetPublisher(hub)
	ids := identity.New(db)
	srv := api.New(api.Deps{DB: db, Identity: ids, Realtime: hub, AllowedOrigins: []string{"https://app.souk.example"},
		Log: log, AuthRateLimit: 10000})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.App.Listener(ln) }()
	t.Cleanup(func() {
		hub.Close()
		_ = srv.App.ShutdownWithTimeout(5 * time.Second)
	})
	return &node{t: t, db: db, ids: ids, chat: svc, hub: hub, addr: ln.Addr().String()}
}

// send posts a text message through chat (commit, then publish).
func (n *node) send(convID, sender, text string) int64 {
	n.t.Helper()
	body, _ := json.Marshal(map[string]string{"text": text})
	m, err := n.chat.UserSend(context.Background(), sender, convID, "text", body, "")
	if err != nil {
		n.t.Fatalf("send: %v", err)
	}
	return m.Seq
}

func (n *node) direct(a, b string) string {
	n.t.Helper()
	c, err := n.chat.CreateDirect(context.Background(), a, b)
	if err != nil {
		n.t.Fatal(err)
	}
	return c.ID
}

func (n *node) group(owner string, members ...string) string {
	n.t.Helper()
	c, err := n.chat.CreateGroup(context.Background(), owner, "group", members)
	if err != nil {
		n.t.Fatal(err)
	}
	return c.ID
}

// user signs up a user and returns its id and a session token.
func (n *node) user(name string) (string, string) {
	n.t.Helper()
	ctx := context.Background()
	email := name + "-" + time.Now().Format("150405.000000000") + "@example.com"
	u, err := n.ids.Signup(ctx, email, "correct horse battery")
	if err != nil {
		n.t.Fatal(err)
	}
	s, _, err := n.ids.Login(ctx, email, "correct horse battery")
	if err != nil {
		n.t.Fatal(err)
	}
	return u.ID, s.Token
}

// frame is what a test client receives.
type frame struct {
	Type           string          `json:"type"`
	ConversationID string          `json:"conversation_id"`
	Seq            int64           `json:"seq"`
	UserID         string          `json:"user_id"`
	Message        json.RawMessage `json:"message"`
	Code           string          `json:"code"`
}

// client is a real WebSocket client.
type client struct {
	t      *testing.T
	ws     *websocket.Conn
	frames chan frame
	closed chan error
}

func dial(t *testing.T, addr, token string, hdr http.Header) (*client, *http.Response, error) {
	t.Helper()
	if hdr == nil {
		hdr = http.Header{}
	}
	if token != "" {
		hdr.Set("Authorization", "Bearer "+token)
	}
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	ws, resp, err := d.Dial("ws://"+addr+"/api/v1/chat/ws", hdr)
	if err != nil {
		return nil, resp, err
	}
	c := &client{t: t, ws: ws, frames: make(chan frame, 10000), closed: make(chan error, 1)}
	go func() {
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				c.closed <- err
				close(c.frames)
				return
			}
			var f frame
			if err := json.Unmarshal(data, &f); err != nil {
				t.Errorf("server sent non-JSON frame %q", data)
			}
			c.frames <- f
		}
	}()
	t.Cleanup(func() { _ = ws.Close() })
	return c, resp, nil
}

// connect dials and resumes with cursors, and waits for ready.
func connect(t *testing.T, n *node, token string, cursors map[string]int64) *client {
	t.Helper()
	c, resp, err := dial(t, n.addr, token, nil)
	if err != nil {
		t.Fatalf("dial: %v (%v)", err, resp)
	}
	c.send(map[string]any{"type": "resume", "cursors": cursors})
	return c
}

func (c *client) send(v any) {
	c.t.Helper()
	if err := c.ws.WriteJSON(v); err != nil {
		c.t.Fatal(err)
	}
}

// next returns the next frame that is not typing/read noise unless asked.
func (c *client) next(timeout time.Duration) (frame, bool) {
	select {
	case f, ok := <-c.frames:
		return f, ok
	case <-time.After(timeout):
		return frame{}, false
	}
}

func (c *client) must(timeout time.Duration) frame {
	c.t.Helper()
	f, ok := c.next(timeout)
	if !ok {
		c.t.Fatalf("no frame within %v", timeout)
	}
	return f
}

// expectSeqs reads message frames of conv until it has got exactly want,
// in order; a frame of another type is skipped (ready included).
func (c *client) expectSeqs(conv string, want []int64) {
	c.t.Helper()
	var got []int64
	deadline := time.Now().Add(10 * time.Second)
	for len(got) < len(want) && time.Now().Before(deadline) {
		f, ok := c.next(time.Until(deadline))
		if !ok {
			break
		}
		if f.Type == "message" && f.ConversationID == conv {
			got = append(got, f.Seq)
		}
	}
	if len(got) != len(want) {
		c.t.Fatalf("got seqs %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			c.t.Fatalf("got seqs %v, want %v", got, want)
		}
	}
}

// quiet asserts no message frame arrives for a while.
func (c *client) quiet(d time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(d)
	for {
		f, ok := c.next(time.Until(deadline))
		if !ok {
			return
		}
		if f.Type == "message" {
			c.t.Fatalf("unexpected message frame: %+v", f)
		}
	}
}

func seqs(from, to int64) []int64 {
	var s []int64
	for i := from; i <= to; i++ {
		s = append(s, i)
	}
	return s
}
