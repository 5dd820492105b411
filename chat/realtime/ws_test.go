package realtime_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/fasthttp/websocket"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/chat/realtime"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Two devices of A and one of B all get every message of their
// conversations, and B's read marker and typing; C, who is not in the
// direct conversation and was removed from the group, gets nothing of them.
func TestDeliveryToEveryDeviceOfEveryMember(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		n := startNode(t, db, realtime.Config{})
		ctx := context.Background()
		a, aTok := n.user("a")
		b, bTok := n.user("b")
		c, cTok := n.user("c")
		cvAB := n.direct(a, b)
		grp := n.group(a, b, c) // seq 1: created
		if err := n.chat.Remove(ctx, a, grp, c); err != nil {
			t.Fatal(err) // seq 2: removed
		}
		devices := []*client{connect(t, n, aTok, nil), connect(t, n, aTok, nil), connect(t, n, bTok, nil)}
		for _, d := range devices {
			d.expectSeqs(grp, seqs(1, 2)) // catch-up of the group's history
			if f := d.must(5 * time.Second); f.Type != "ready" {
				t.Fatalf("after catch-up got %+v, want ready", f)
			}
		}
		outsider := connect(t, n, cTok, map[string]int64{cvAB: 0, grp: 0})
		if f := outsider.must(5 * time.Second); f.Type != "ready" {
			t.Fatalf("outsider got %+v, want only ready", f)
		}

		for i := 1; i <= 3; i++ {
			n.send(cvAB, a, "hello")
		}
		gs := n.send(grp, b, "c is gone")
		for _, d := range devices {
			d.expectSeqs(cvAB, seqs(1, 3))
			d.expectSeqs(grp, []int64{gs})
		}
		devices[2].send(map[string]any{"type": "read", "conversation_id": cvAB, "seq": 3})
		devices[2].send(map[string]any{"type": "typing", "conversation_id": cvAB})
		for _, d := range devices[:2] {
			got := map[string]bool{}
			for len(got) < 2 {
				f := d.must(5 * time.Second)
				if f.UserID != b || f.ConversationID != cvAB {
					t.Fatalf("unexpected frame %+v", f)
				}
				got[f.Type] = true
			}
			if !got["read"] || !got["typing"] {
				t.Fatalf("A's device got %v, want read and typing", got)
			}
		}
		// The outsider may not type in a conversation it is not in, and
		// has received nothing from either conversation.
		outsider.send(map[string]any{"type": "typing", "conversation_id": cvAB})
		if f := outsider.must(5 * time.Second); f.Type != "error" || f.Code != chat.CodeNotFound {
			t.Fatalf("outsider typing got %+v, want a not_found error", f)
		}
		outsider.quiet(300 * time.Millisecond)
		if got := n.hub.Stats.Connections.Load(); got != 4 {
			t.Fatalf("hub counts %d connections, want 4", got)
		}
	})
}

// A client away while 50 messages are sent resumes with its last seq and
// gets exactly the missed ones in order, then live ones, with messages
// sent during the handover neither lost nor doubled.
func TestResumeAfterDisconnectLosesNothing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		n := startNode(t, db, realtime.Config{Page: 16})
		a, aTok := n.user("a")
		b, _ := n.user("b")
		cv1 := n.direct(a, b)
		c := connect(t, n, aTok, nil)
		for i := 0; i < 5; i++ {
			n.send(cv1, b, "before")
		}
		c.expectSeqs(cv1, seqs(1, 5))
		_ = c.ws.Close()

		for i := 0; i < 50; i++ {
			n.send(cv1, b, "while away")
		}
		cv2 := n.group(b, a) // a conversation new to the client: sent from the start
		// Senders keep going while the client reconnects: the handover
		// from catch-up to live must not drop or repeat any of these.
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 40; i++ {
				n.send(cv1, b, "during")
				time.Sleep(time.Millisecond)
			}
		}()
		c = connect(t, n, aTok, map[string]int64{cv1: 5})
		wg.Wait()
		for i := 0; i < 5; i++ {
			n.send(cv1, b, "live")
		}
		var got1, got2 []int64
		deadline := time.Now().Add(10 * time.Second)
		for len(got1) < 95 || len(got2) < 1 {
			f, ok := c.next(time.Until(deadline))
			if !ok {
				t.Fatalf("stopped after cv1 %v cv2 %v", got1, got2)
			}
			switch {
			case f.Type != "message":
			case f.ConversationID == cv1:
				got1 = append(got1, f.Seq)
			case f.ConversationID == cv2:
				got2 = append(got2, f.Seq)
			}
		}
		want := seqs(6, 100)
		for i := range want {
			if got1[i] != want[i] {
				t.Fatalf("cv1 seqs %v, want %v", got1, want)
			}
		}
		if len(got2) != 1 || got2[0] != 1 {
			t.Fatalf("cv2 seqs %v, want [1]", got2)
		}
		c.quiet(300 * time.Millisecond)
	})
}

// recorder is a chat.Publisher that keeps events for a test to replay.
type recorder struct {
	mu     sync.Mutex
	events []chat.Event
}

func (r *recorder) Publish(_ context.Context, ev chat.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
}

// Events published out of seq order (two senders committing 1 then 2 but
// publishing 2 first) reach the client in order, each once; an edit of a
// message the client has is passed on.
func TestOutOfOrderPublishIsDeliveredInOrder(t *testing.T) {
	n := startNode(t, storetest.SQLite(t), realtime.Config{})
	a, aTok := n.user("a")
	b, _ := n.user("b")
	cv := n.direct(a, b)
	c := connect(t, n, aTok, nil)
	if f := c.must(5 * time.Second); f.Type != "ready" {
		t.Fatalf("got %+v, want ready", f)
	}
	rec := &recorder{}
	n.chat.SetPublisher(rec)
	n.send(cv, b, "one")
	n.send(cv, b, "two")
	if len(rec.events) != 2 {
		t.Fatalf("recorded %d events", len(rec.events))
	}
	n.hub.Publish(context.Background(), rec.events[1])
	n.hub.Publish(context.Background(), rec.events[0])
	c.expectSeqs(cv, []int64{1, 2})
	c.quiet(200 * time.Millisecond)

	n.chat.SetPublisher(n.hub)
	if _, err := n.chat.Edit(context.Background(), b, cv, 2, "two, edited"); err != nil {
		t.Fatal(err)
	}
	if f := c.must(5 * time.Second); f.Type != "edit" || f.Seq != 2 || len(f.Message) == 0 {
		t.Fatalf("got %+v, want the edit of seq 2", f)
	}
}

// The socket refuses a foreign Origin with 403 and an anonymous or bad
// credential with 401, before upgrading; this host and configured origins
// are accepted, and so is the session cookie.
func TestHandshakeOriginAndAuthentication(t *testing.T) {
	n := startNode(t, storetest.SQLite(t), realtime.Config{})
	_, tok := n.user("a")
	cases := []struct {
		name, token, origin string
		want                int
	}{
		{"anonymous", "", "", 401},
		{"bad token", "ss_nope", "", 401},
		{"foreign origin", tok, "https://evil.example", 403},
		{"null origin", tok, "null", 403},
		{"look-alike origin", tok, "http://" + n.addr + ".evil.example", 403},
		{"same host", tok, "http://" + n.addr, 101},
		{"allowed origin", tok, "https://app.souk.example", 101},
		{"no origin (not a browser)", tok, "", 101},
	}
	for _, tc := range cases {
		hdr := http.Header{}
		if tc.origin != "" {
			hdr.Set("Origin", tc.origin)
		}
		c, resp, err := dial(t, n.addr, tc.token, hdr)
		if resp == nil {
			t.Fatalf("%s: no response: %v", tc.name, err)
		}
		if resp.StatusCode != tc.want {
			t.Fatalf("%s: status %d, want %d", tc.name, resp.StatusCode, tc.want)
		}
		if c != nil {
			_ = c.ws.Close()
		}
	}
	hdr := http.Header{"Cookie": {"souk_session=" + tok}, "Origin": {"http://" + n.addr}}
	c, _, err := dial(t, n.addr, "", hdr)
	if err != nil {
		t.Fatalf("cookie session: %v", err)
	}
	c.send(map[string]any{"type": "resume"})
	if f := c.must(5 * time.Second); f.Type != "ready" {
		t.Fatalf("got %+v, want ready", f)
	}
	// A plain GET is told to upgrade.
	resp, err := http.Get("http://" + n.addr + "/api/v1/chat/ws")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("anonymous plain GET: %d, want 401", resp.StatusCode)
	}
}

// A client that does not drain its queue is disconnected (1013, try again
// later) and never holds up the others; it resumes without loss.
func TestSlowClientIsDisconnectedOthersUnaffected(t *testing.T) {
	n := startNode(t, storetest.SQLite(t), realtime.Config{SendQueue: 4, ResumeWait: time.Minute})
	a, aTok := n.user("a")
	b, bTok := n.user("b")
	cv := n.direct(a, b)
	good := connect(t, n, aTok, nil)
	// The stalled client never resumes, so nothing drains its queue.
	stalled, _, err := dial(t, n.addr, bTok, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		n.send(cv, a, "x")
		time.Sleep(5 * time.Millisecond) // the good client keeps up with this pace
	}
	good.expectSeqs(cv, seqs(1, 20))
	select {
	case err := <-stalled.closed:
		if !websocket.IsCloseError(err, websocket.CloseTryAgainLater) {
			t.Fatalf("stalled client closed with %v, want 1013", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("stalled client was not disconnected")
	}
	if got := n.hub.Stats.SlowDropped.Load(); got != 1 {
		t.Fatalf("SlowDropped = %d", got)
	}
	again := connect(t, n, bTok, map[string]int64{cv: 0})
	again.expectSeqs(cv, seqs(1, 20))
}

// A client that never resumes is closed; a bad frame gets an error frame.
func TestProtocolErrors(t *testing.T) {
	n := startNode(t, storetest.SQLite(t), realtime.Config{ResumeWait: 300 * time.Millisecond})
	_, tok := n.user("a")
	c, _, err := dial(t, n.addr, tok, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.send(map[string]any{"type": "dance"})
	if f := c.must(2 * time.Second); f.Type != "error" || f.Code != "bad_frame" {
		t.Fatalf("got %+v, want a bad_frame error", f)
	}
	select {
	case err := <-c.closed:
		if !websocket.IsCloseError(err, websocket.ClosePolicyViolation) {
			t.Fatalf("closed with %v, want 1008", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("a client that never resumed was not closed")
	}
}

// Two nodes (hub and chat service each) on one PostgreSQL: a message sent
// on node 1 reaches a client on node 2; after node 2's listener connection
// is killed, what was sent meanwhile still arrives (re-sync from the
// database), and delivery goes on.
func TestCrossNodeDeliveryAndListenerRecovery(t *testing.T) {
	db := storetest.Postgres(t)
	n1 := startNode(t, db, realtime.Config{})
	n2 := startNode(t, db, realtime.Config{ListenRetry: 300 * time.Millisecond})
	a, _ := n1.user("a")
	b, bTok := n1.user("b")
	cv := n1.direct(a, b)
	c := connect(t, n2, bTok, nil)
	if f := c.must(5 * time.Second); f.Type != "ready" {
		t.Fatalf("got %+v", f)
	}
	n1.send(cv, a, "across nodes")
	c.expectSeqs(cv, []int64{1})
	if n2.hub.Stats.Notified.Load() == 0 {
		t.Fatal("node 2 delivered without a notification")
	}
	var killed int
	if err := db.QueryRowContext(context.Background(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = $1`, "souk-chat-listen-"+n2.hub.Node()).Scan(&killed); err != nil || killed != 1 {
		t.Fatalf("terminated %d listeners: %v", killed, err)
	}
	n1.send(cv, a, "while the listener is down")
	n1.send(cv, a, "again")
	c.expectSeqs(cv, []int64{2, 3})
	deadline := time.Now().Add(5 * time.Second)
	for n2.hub.Stats.Resyncs.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n2.hub.Stats.Resyncs.Load() == 0 {
		t.Fatal("listener never came back")
	}
	n1.send(cv, a, "after")
	c.expectSeqs(cv, []int64{4})
	c.quiet(200 * time.Millisecond)
}
