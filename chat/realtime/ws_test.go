package realtime_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/fasthttp/websocket"

	"github.com/soukhq/souk/chat/realtime"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Two devices of A and one of B all get every message of their direct
// conversation, and B's read marker and typing; C, who is not a member,
// gets nothing.
func TestDeliveryToEveryDeviceOfEveryMember(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		n := startNode(t, db, nil, realtime.Config{})
		a, aTok := n.user("a")
		b, bTok := n.user("b")
		_, cTok := n.user("c")
		n.src.create("cv_ab", a, b)
		devices := []*client{connect(t, n, aTok, nil), connect(t, n, aTok, nil), connect(t, n, bTok, nil)}
		outsider := connect(t, n, cTok, map[string]int64{"cv_ab": 0})
		for _, c := range append(devices, outsider) {
			if f := c.must(5 * time.Second); f.Type != "ready" {
				t.Fatalf("first frame %+v, want ready", f)
			}
		}
		for i := 1; i <= 3; i++ {
			n.src.send("cv_ab", a, "hello")
		}
		for _, c := range devices {
			c.expectSeqs("cv_ab", seqs(1, 3))
		}
		devices[2].send(map[string]any{"type": "read", "conversationId": "cv_ab", "seq": 3})
		devices[2].send(map[string]any{"type": "typing", "conversationId": "cv_ab"})
		for _, c := range devices[:2] {
			got := map[string]bool{}
			for len(got) < 2 {
				f := c.must(5 * time.Second)
				if f.UserID != b || f.ConversationID != "cv_ab" {
					t.Fatalf("unexpected frame %+v", f)
				}
				got[f.Type] = true
			}
			if !got["read"] || !got["typing"] {
				t.Fatalf("A's device got %v, want read and typing", got)
			}
		}
		outsider.quiet(300 * time.Millisecond)
		if n.hub.Stats.Connections.Load() != 4 {
			t.Fatalf("hub counts %d connections, want 4", n.hub.Stats.Connections.Load())
		}
	})
}

// A client away while 50 messages are sent resumes with its last seq and
// gets exactly the missed ones in order, then live ones, with messages
// sent during the handover neither lost nor doubled.
func TestResumeAfterDisconnectLosesNothing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		n := startNode(t, db, nil, realtime.Config{Page: 16})
		a, aTok := n.user("a")
		b, _ := n.user("b")
		n.src.create("cv_1", a, b)
		n.src.create("cv_2", a, b)
		c := connect(t, n, aTok, nil)
		for i := 0; i < 5; i++ {
			n.src.send("cv_1", b, "before")
		}
		c.expectSeqs("cv_1", seqs(1, 5))
		_ = c.ws.Close()

		for i := 0; i < 50; i++ {
			n.src.send("cv_1", b, "while away")
		}
		n.src.send("cv_2", b, "other conversation")
		// Senders keep going while the client reconnects: the handover
		// from catch-up to live must not drop or repeat any of these.
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 40; i++ {
				n.src.send("cv_1", b, "during")
				time.Sleep(time.Millisecond)
			}
		}()
		c = connect(t, n, aTok, map[string]int64{"cv_1": 5})
		wg.Wait()
		for i := 0; i < 5; i++ {
			n.src.send("cv_1", b, "live")
		}
		// Exactly 6..100 on cv_1 in order; cv_2 from the start (no cursor).
		var got1, got2 []int64
		deadline := time.Now().Add(10 * time.Second)
		for len(got1) < 95 || len(got2) < 1 {
			f, ok := c.next(time.Until(deadline))
			if !ok {
				t.Fatalf("stopped after cv_1 %v cv_2 %v", got1, got2)
			}
			switch {
			case f.Type != "message":
			case f.ConversationID == "cv_1":
				got1 = append(got1, f.Seq)
			case f.ConversationID == "cv_2":
				got2 = append(got2, f.Seq)
			}
		}
		want := seqs(6, 100)
		for i := range want {
			if got1[i] != want[i] {
				t.Fatalf("cv_1 seqs %v, want %v", got1, want)
			}
		}
		if len(got2) != 1 || got2[0] != 1 {
			t.Fatalf("cv_2 seqs %v, want [1]", got2)
		}
		c.quiet(300 * time.Millisecond)
	})
}

// Events published out of seq order (two senders committing 1 then 2 but
// publishing 2 first) reach the client in order, each once.
func TestOutOfOrderPublishIsDeliveredInOrder(t *testing.T) {
	n := startNode(t, storetest.SQLite(t), nil, realtime.Config{})
	a, aTok := n.user("a")
	b, _ := n.user("b")
	n.src.create("cv", a, b)
	c := connect(t, n, aTok, nil)
	if f := c.must(5 * time.Second); f.Type != "ready" {
		t.Fatalf("got %+v, want ready", f)
	}
	e1 := n.src.commit("cv", b, "one")
	e2 := n.src.commit("cv", b, "two")
	n.hub.Publish(context.Background(), e2)
	n.hub.Publish(context.Background(), e1)
	c.expectSeqs("cv", []int64{1, 2})
	c.quiet(200 * time.Millisecond)
}

// The socket refuses a foreign Origin with 403 and an anonymous or bad
// credential with 401, before upgrading; this host and configured origins
// are accepted.
func TestHandshakeOriginAndAuthentication(t *testing.T) {
	n := startNode(t, storetest.SQLite(t), nil, realtime.Config{})
	_, tok := n.user("a")
	cases := []struct {
		name, token, origin string
		want                int
	}{
		{"anonymous", "", "", 401},
		{"bad token", "ss_nope", "", 401},
		{"foreign origin", tok, "https://evil.example", 403},
		{"null origin", tok, "null", 403},
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
	// A session cookie works too (browsers cannot set headers).
	hdr := http.Header{"Cookie": {"souk_session=" + tok}, "Origin": {"http://" + n.addr}}
	c, _, err := dial(t, n.addr, "", hdr)
	if err != nil {
		t.Fatalf("cookie session: %v", err)
	}
	c.send(map[string]any{"type": "resume"})
	if f := c.must(5 * time.Second); f.Type != "ready" {
		t.Fatalf("got %+v, want ready", f)
	}
}

// A client that does not drain its queue is disconnected (1013, try again
// later) and never holds up the others.
func TestSlowClientIsDisconnectedOthersUnaffected(t *testing.T) {
	n := startNode(t, storetest.SQLite(t), nil, realtime.Config{SendQueue: 4, ResumeWait: time.Minute})
	a, aTok := n.user("a")
	b, bTok := n.user("b")
	n.src.create("cv", a, b)
	good := connect(t, n, aTok, nil)
	// The stalled client never resumes, so nothing drains its queue.
	stalled, _, err := dial(t, n.addr, bTok, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		n.src.send("cv", a, "x")
		time.Sleep(5 * time.Millisecond) // the good client keeps up with this pace
	}
	good.expectSeqs("cv", seqs(1, 20))
	select {
	case err := <-stalled.closed:
		if !websocket.IsCloseError(err, websocket.CloseTryAgainLater) {
			t.Fatalf("stalled client closed with %v, want 1013", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("stalled client was not disconnected")
	}
	if n.hub.Stats.SlowDropped.Load() != 1 {
		t.Fatalf("SlowDropped = %d", n.hub.Stats.SlowDropped.Load())
	}
	// It reconnects and resumes without loss.
	again := connect(t, n, bTok, map[string]int64{"cv": 0})
	again.expectSeqs("cv", seqs(1, 20))
}

// A client that never resumes is closed; a bad frame gets an error frame.
func TestProtocolErrors(t *testing.T) {
	n := startNode(t, storetest.SQLite(t), nil, realtime.Config{ResumeWait: 300 * time.Millisecond})
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

// Two hubs on one PostgreSQL: a message published on node 1 reaches a
// client on node 2; after node 2's listener connection is killed, what was
// sent meanwhile still arrives (re-sync from the database).
func TestCrossNodeDeliveryAndListenerRecovery(t *testing.T) {
	db := storetest.Postgres(t)
	src := newMemSource()
	n1 := startNode(t, db, src, realtime.Config{})
	n2 := startNode(t, db, src, realtime.Config{ListenRetry: 300 * time.Millisecond})
	a, _ := n1.user("a")
	b, bTok := n1.user("b")
	src.create("cv", a, b)
	c := connect(t, n2, bTok, nil)
	if f := c.must(5 * time.Second); f.Type != "ready" {
		t.Fatalf("got %+v", f)
	}
	src.send("cv", a, "across nodes")
	c.expectSeqs("cv", []int64{1})
	if n2.hub.Stats.Notified.Load() == 0 {
		t.Fatal("node 2 delivered without a notification")
	}
	// Kill node 2's listener; messages sent before it is back are re-read.
	var killed int
	if err := db.QueryRowContext(context.Background(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = $1`, "souk-chat-listen-"+n2.hub.Node()).Scan(&killed); err != nil || killed != 1 {
		t.Fatalf("terminated %d listeners: %v", killed, err)
	}
	src.send("cv", a, "while the listener is down")
	src.send("cv", a, "again")
	c.expectSeqs("cv", []int64{2, 3})
	deadline := time.Now().Add(5 * time.Second)
	for n2.hub.Stats.Resyncs.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n2.hub.Stats.Resyncs.Load() == 0 {
		t.Fatal("listener never came back")
	}
	src.send("cv", a, "after")
	c.expectSeqs("cv", []int64{4})
	c.quiet(200 * time.Millisecond)
}
