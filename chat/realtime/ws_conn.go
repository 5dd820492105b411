package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"sync"
	"time"

	"github.com/fasthttp/websocket"
)

// Close codes the server uses.
const (
	closeGoingAway = websocket.CloseGoingAway       // 1001: server shutdown
	closePolicy    = websocket.ClosePolicyViolation // 1008: bad or abusive frames
	closeInternal  = websocket.CloseInternalServerErr
	closeTryLater  = websocket.CloseTryAgainLater // 1013: too slow; reconnect and resume
)

// conn is one client socket. Only its pump goroutine writes to the socket
// (pings included); the reader goroutine hands it requests through ctrl.
type conn struct {
	h     *Hub
	user  string
	ws    *websocket.Conn
	inbox chan *item
	ctrl  chan ctrlMsg

	once   sync.Once
	kill   chan struct{}
	code   int
	reason string

	// pump state: the last seq sent per conversation (nil before the first
	// resume).
	last map[string]int64
}

type ctrlMsg struct {
	cursors map[string]int64 // a resume
	frame   []byte           // an error frame to write
}

// clientFrame is one client → server frame.
type clientFrame struct {
	Type           string           `json:"type"`
	Cursors        map[string]int64 `json:"cursors"`
	ConversationID string           `json:"conversationId"`
	Seq            int64            `json:"seq"`
}

// offer queues an item without ever blocking the hub: a connection whose
// queue is full is too slow and is closed; it resumes when it reconnects.
func (c *conn) offer(it *item) {
	select {
	case c.inbox <- it:
	default:
		if c.stop(closeTryLater, "too slow: reconnect and resume") {
			c.h.Stats.SlowDropped.Add(1)
		}
	}
}

// stop asks the pump to close the socket; it reports whether this call was
// the one that did.
func (c *conn) stop(code int, reason string) bool {
	first := false
	c.once.Do(func() {
		first = true
		c.code, c.reason = code, reason
		close(c.kill)
	})
	return first
}

// Serve runs one authenticated client socket until it closes. The caller
// has already checked the user and the Origin.
func (h *Hub) Serve(userID string, ws *websocket.Conn) {
	c := &conn{h: h, user: userID, ws: ws, inbox: make(chan *item, h.cfg.SendQueue),
		ctrl: make(chan ctrlMsg, 4), kill: make(chan struct{})}
	// Registered before any catch-up read: whatever commits after the read
	// is then certainly in the inbox (see resume).
	if !h.add(c) {
		_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(closeGoingAway, "server shutting down"), time.Now().Add(time.Second))
		_ = ws.Close()
		return
	}
	defer h.remove(c)
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		c.readLoop()
	}()
	err := c.pump()
	c.stop(0, "") // settles code and reason (once) before they are read
	code, reason := c.code, c.reason
	if code == 0 {
		code, reason = closeInternal, "internal error"
		if err == nil || errors.Is(err, errClientGone) {
			code, reason = websocket.CloseNormalClosure, ""
		}
	}
	_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
	_ = ws.Close()
	<-readDone
}

var errClientGone = errors.New("client gone")

func (c *conn) readLoop() {
	ws, cfg := c.ws, c.h.cfg
	ws.SetReadLimit(8 << 10)
	alive := func() { _ = ws.SetReadDeadline(time.Now().Add(cfg.PongWait)) }
	alive()
	ws.SetPongHandler(func(string) error { alive(); return nil })
	// A small budget of frames per second: typing and read frames are cheap
	// but a client flooding them is misbehaving.
	budget, refill := 50, time.Now()
	typed := map[string]time.Time{}
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			c.stop(0, "")
			return
		}
		alive()
		if now := time.Now(); now.Sub(refill) >= time.Second {
			budget, refill = 50, now
		}
		if budget--; budget < 0 {
			c.stop(closePolicy, "too many frames")
			return
		}
		var f clientFrame
		if err := json.Unmarshal(data, &f); err != nil {
			c.reply(errorFrame("bad_frame", "frames are JSON objects with a type"))
			continue
		}
		ctx, cancel := context.WithTimeout(c.h.ctx, 10*time.Second)
		switch f.Type {
		case "resume":
			if f.Cursors == nil {
				f.Cursors = map[string]int64{}
			}
			select {
			case c.ctrl <- ctrlMsg{cursors: f.Cursors}:
			case <-c.kill:
			}
		case "typing":
			// At most one typing signal per conversation every 2s.
			if t, ok := typed[f.ConversationID]; !ok || time.Since(t) >= 2*time.Second {
				typed[f.ConversationID] = time.Now()
				if err := c.h.src.Typing(ctx, c.user, f.ConversationID); err != nil {
					c.reply(errorFrameFor(err))
				}
			}
		case "read":
			if err := c.h.src.MarkRead(ctx, c.user, f.ConversationID, f.Seq); err != nil {
				c.reply(errorFrameFor(err))
			}
		default:
			c.reply(errorFrame("bad_frame", "unknown frame type "+quote(f.Type)))
		}
		cancel()
	}
}

func (c *conn) reply(frame []byte) {
	select {
	case c.ctrl <- ctrlMsg{frame: frame}:
	case <-c.kill:
	}
}

// pump is the only writer: it waits for the first resume, catches up, then
// delivers live events in seq order per conversation.
func (c *conn) pump() error {
	cfg := c.h.cfg
	ping := time.NewTicker(cfg.PingPeriod)
	defer ping.Stop()
	first := time.NewTimer(cfg.ResumeWait)
	defer first.Stop()
	for {
		// Until the first resume the inbox is left to fill: catch-up must
		// come before any live event.
		inbox := c.inbox
		if c.last == nil {
			inbox = nil
		}
		select {
		case <-c.kill:
			return nil
		case <-first.C:
			if c.last == nil {
				c.stop(closePolicy, "send a resume frame first")
				return nil
			}
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(cfg.WriteWait)); err != nil {
				return errClientGone
			}
		case m := <-c.ctrl:
			var err error
			if m.cursors != nil {
				err = c.resume(m.cursors)
			} else {
				err = c.write(m.frame)
			}
			if err != nil {
				return err
			}
		case it := <-inbox:
			if err := c.deliver(it); err != nil {
				return err
			}
		}
	}
}

func (c *conn) write(frame []byte) error {
	_ = c.ws.SetWriteDeadline(time.Now().Add(c.h.cfg.WriteWait))
	if err := c.ws.WriteMessage(websocket.TextMessage, frame); err != nil {
		return errClientGone
	}
	c.h.Stats.Delivered.Add(1)
	return nil
}

// resume sends, for every conversation the user belongs to, exactly the
// messages after the client's cursor, then a ready frame. Live events that
// queued meanwhile are delivered afterwards by deliver, which drops what
// this already sent.
func (c *conn) resume(cursors map[string]int64) error {
	ctx, cancel := context.WithTimeout(c.h.ctx, time.Minute)
	defer cancel()
	convs, err := c.h.src.ConversationIDs(ctx, c.user)
	if err != nil {
		c.h.log.Error("chat resume: list conversations", "user_id", c.user, "error", err.Error())
		c.stop(closeInternal, "could not load conversations; reconnect")
		return nil
	}
	c.last = make(map[string]int64, len(convs))
	for id, latest := range convs {
		after := max(cursors[id], 0)
		if after > latest {
			// A cursor beyond the end (a client bug or another server's
			// data) would swallow the next messages: clamp it.
			after = latest
		}
		c.last[id] = after
		if after < latest {
			if err := c.fill(ctx, id, math.MaxInt64); err != nil {
				return err
			}
		}
	}
	return c.write([]byte(`{"type":"ready"}`))
}

// fill sends messages of one conversation from the database after the last
// one sent, until it has sent upTo or there are no more.
func (c *conn) fill(ctx context.Context, convID string, upTo int64) error {
	for {
		after := c.last[convID]
		if after >= upTo {
			return nil
		}
		msgs, err := c.h.src.MessagesAfter(ctx, c.user, convID, after, c.h.cfg.Page)
		if err != nil {
			if ctx.Err() == nil && c.h.ctx.Err() == nil {
				c.h.log.Error("chat catch-up", "user_id", c.user, "conversation_id", convID, "error", err.Error())
			}
			// Never skip: the client reconnects and resumes from what it has.
			c.stop(closeInternal, "could not load messages; reconnect and resume")
			return errors.New("fill failed")
		}
		for _, m := range msgs {
			if m.Seq <= c.last[convID] {
				continue
			}
			b, err := json.Marshal(Frame{Type: TypeMessage, ConversationID: convID, Seq: m.Seq, Message: m.Body})
			if err != nil {
				return err
			}
			if err := c.write(b); err != nil {
				return err
			}
			c.last[convID] = m.Seq
			c.h.Stats.Filled.Add(1)
		}
		if len(msgs) < c.h.cfg.Page {
			return nil
		}
	}
}

// deliver writes one live event, keeping each conversation's messages in
// seq order without duplicates: an old seq is dropped, a seq past a hole
// first fills the hole from the database.
func (c *conn) deliver(it *item) error {
	ctx, cancel := context.WithTimeout(c.h.ctx, time.Minute)
	defer cancel()
	if it.resync {
		cursors := make(map[string]int64, len(c.last))
		for k, v := range c.last {
			cursors[k] = v
		}
		return c.resumeQuiet(ctx, cursors)
	}
	ev := it.ev
	last, known := c.last[ev.ConversationID]
	switch ev.Type {
	case TypeMessage:
		if known && ev.Seq <= last {
			return nil
		}
		if known && ev.Seq == last+1 && ev.Message != nil && it.frame != nil {
			if err := c.write(it.frame); err != nil {
				return err
			}
			c.last[ev.ConversationID] = ev.Seq
			return nil
		}
		// A hole (an event still on its way, or lost), a conversation this
		// socket has not seen yet, or a notification without the body:
		// read it from the database.
		return c.fill(ctx, ev.ConversationID, ev.Seq)
	case TypeEdit, TypeRecall:
		if !known || ev.Seq > last {
			// The client has not got the message yet; fill sends it as
			// it is now, edit included.
			return c.fill(ctx, ev.ConversationID, ev.Seq)
		}
	}
	if it.frame == nil {
		return nil
	}
	return c.write(it.frame)
}

// resumeQuiet is resume without the ready frame, for re-syncs the client
// did not ask for.
func (c *conn) resumeQuiet(ctx context.Context, cursors map[string]int64) error {
	convs, err := c.h.src.ConversationIDs(ctx, c.user)
	if err != nil {
		c.stop(closeInternal, "could not load conversations; reconnect and resume")
		return nil
	}
	for id, latest := range convs {
		if _, ok := c.last[id]; !ok {
			c.last[id] = 0
		}
		if c.last[id] < latest {
			if err := c.fill(ctx, id, math.MaxInt64); err != nil {
				return err
			}
		}
	}
	return nil
}

func errorFrame(code, msg string) []byte {
	b, _ := json.Marshal(Frame{Type: "error", Code: code, Error: msg})
	return b
}

// CodedError is an error with a machine-readable code (chat.Error has one).
type CodedError interface {
	error
	ErrorCode() string
}

func errorFrameFor(err error) []byte {
	var ce CodedError
	if errors.As(err, &ce) {
		return errorFrame(ce.ErrorCode(), ce.Error())
	}
	return errorFrame("internal", "the request failed")
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
