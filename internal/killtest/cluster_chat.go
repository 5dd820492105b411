package killtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fasthttp/websocket"
)

// device is one chat WebSocket client of a shopper, connected through the
// balancer. It keeps the last seq it saw per conversation, checks that
// message frames come gap-free and without repeats, and on any disconnect
// reconnects (through the balancer, so often to the other node) and resumes
// from its cursors, as docs/CHAT_PROTOCOL.md's client recipe says.
type device struct {
	name  string
	owner *shopper

	mu      sync.Mutex
	cursors map[string]int64 // conversation → last message seq received
	conn    *websocket.Conn
	node    string         // the node of the current connection
	nodes   map[string]int // connections per node
	closes  map[int]int    // close codes the server sent
	ready   bool           // the current connection has sent ready

	messages, reconnects atomic.Int64
}

func (d *device) snapshot() map[string]int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return maps.Clone(d.cursors)
}

type frame struct {
	Type           string `json:"type"`
	ConversationID string `json:"conversation_id"`
	Seq            int64  `json:"seq"`
	Code           string `json:"code"`
}

// runDevice connects and reconnects until ctx ends.
func (r *cluster) runDevice(ctx context.Context, d *device) {
	dialer := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	url := "ws://" + r.lb.addr + "/api/v1/chat/ws"
	first := true
	for ctx.Err() == nil {
		if !first {
			d.reconnects.Add(1)
			select {
			case <-time.After(100 * time.Millisecond):
			case <-ctx.Done():
				return
			}
		}
		first = false
		conn, resp, err := dialer.DialContext(ctx, url, http.Header{"Authorization": {"Bearer " + d.owner.token}})
		if err != nil {
			if resp != nil && resp.StatusCode == http.StatusUnauthorized {
				r.problem("%s: the chat socket refused the session (401)", d.name)
			}
			continue
		}
		node := resp.Header.Get("X-Souk-Node")
		d.mu.Lock()
		d.conn, d.node, d.ready = conn, node, false
		d.nodes[node]++
		cursors := maps.Clone(d.cursors)
		d.mu.Unlock()
		if ctx.Err() != nil { // stopped while dialling
			conn.Close()
			return
		}
		if debugChat {
			r.logf("DEBUG %s connected to %s with cursors %v", d.name, node, cursors)
		}
		if err := conn.WriteJSON(map[string]any{"type": "resume", "cursors": cursors}); err == nil {
			r.readFrames(d, conn)
		}
		conn.Close()
		d.mu.Lock()
		d.conn, d.node, d.ready = nil, "", false
		d.mu.Unlock()
	}
}

// readFrames reads until the connection ends, checking message seqs.
func (r *cluster) readFrames(d *device, conn *websocket.Conn) {
	for {
		// The server pings every 25 s: a minute of silence is a dead socket.
		_ = conn.SetReadDeadline(time.Now().Add(60 * time.Second))
		var f frame
		_, raw, err := conn.ReadMessage()
		if err == nil {
			err = json.Unmarshal(raw, &f)
		}
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				d.mu.Lock()
				d.closes[ce.Code]++
				d.mu.Unlock()
			}
			if debugChat {
				r.logf("DEBUG %s read: %v", d.name, err)
			}
			return
		}
		switch f.Type {
		case "ready":
			if debugChat {
				r.logf("DEBUG %s ready", d.name)
			}
			d.mu.Lock()
			d.ready = true
			d.mu.Unlock()
		case "message":
			if p := d.see(f); p != "" {
				r.problem("%s", p)
				if debugChat {
					r.logf("DEBUG %s: frame %.400s", p, raw)
				}
			}
		case "error":
			r.problem("%s: error frame %s", d.name, f.Code)
		}
	}
}

// see records a message frame and says what is wrong with it, if anything:
// per conversation seqs must come one by one, from the device's cursor on.
func (d *device) see(f frame) string {
	d.messages.Add(1)
	d.mu.Lock()
	defer d.mu.Unlock()
	last := d.cursors[f.ConversationID]
	switch {
	case f.Seq == last+1:
		d.cursors[f.ConversationID] = f.Seq
		return ""
	case f.Seq <= last:
		return fmt.Sprintf("%s: message %d of %s again after %d (duplicate)", d.name, f.Seq, f.ConversationID, last)
	default:
		d.cursors[f.ConversationID] = f.Seq
		return fmt.Sprintf("%s: message %d of %s after %d (gap)", d.name, f.Seq, f.ConversationID, last)
	}
}

// stopDevice closes the device's connection (its loop's ctx is cancelled
// first, so it does not reconnect).
func (d *device) stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.conn != nil {
		_ = d.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""),
			time.Now().Add(time.Second))
		_ = d.conn.Close()
	}
}

// chatLoop sends a message to the shopper's direct conversation every
// ~half second: mostly text, every fourth an uploaded image. Each send
// carries a client_message_id and an Idempotency-Key and is retried until
// answered.
func (r *cluster) chatLoop(ctx, loadCtx context.Context, s *shopper) {
	var conv string
	for _, c := range s.dm {
		conv = c
	}
	if conv == "" {
		return
	}
	rng := r.rng(s, "chat")
	for i := 1; loadCtx.Err() == nil && ctx.Err() == nil; i++ {
		select {
		case <-time.After(time.Duration(400+rng.IntN(300)) * time.Millisecond):
		case <-loadCtx.Done():
			return
		}
		body := map[string]string{"kind": "text", "text": fmt.Sprintf("hello %d from %s", i, s.email),
			"client_message_id": r.c.key("msg")}
		kind := "chat_text"
		if i%4 == 0 {
			// Bytes after the PNG's end make every upload a blob of its
			// own (uploads are stored by content).
			key := r.c.key("img")
			img := append(append([]byte(nil), tinyPNG...), key...)
			a, err := r.c.doRaw(ctx, "POST", "/api/v1/chat/images", s.token, key, "image/png", img, nil, 0)
			if err != nil || !a.ok() {
				r.problem("image upload: %v %s", err, a)
				continue
			}
			var up struct{ Key string }
			if err := a.decode(&up); err != nil || up.Key == "" {
				r.problem("image upload answer %s: %v", a, err)
				continue
			}
			s.ack("upload", 0)
			body = map[string]string{"kind": "image", "image_key": up.Key, "client_message_id": r.c.key("msg")}
			kind = "chat_image"
		}
		if r.send(ctx, kind, "POST", "/api/v1/chat/conversations/"+conv+"/messages", s.token, body, nil) {
			s.ack(kind, 0)
		}
	}
}

// debugChat (KILLTEST_DEBUG=1) logs every device's connections, ready
// frames and disconnects, and the raw frame of any repeat.
var debugChat = os.Getenv("KILLTEST_DEBUG") != ""
