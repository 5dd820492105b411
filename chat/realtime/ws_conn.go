package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"sync"
	"time"

	"github.com/fasthttp/websocket"

	"github.com/soukhq/souk/chat"
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
	// rooms this socket watches (guarded by the hub's mutex).
	rooms map[string]bool
}

type ctrlMsg struct {
	cursors map[string]int64 // a resume
	frame   []byte           // an error frame to write
}

// clientFrame is one client → server frame.
type clientFrame struct {
	Type           string           `json:"type"`
	Cursors        map[string]int64 `json:"cursors"`
	ConversationID string           `json:"conversation_id"`
	Seq            int64            `json:"seq"`
	RoomID         string           `json:"room_id"`
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
		ctrl: make(chan ctrlMsg, 4), kill: make(chan struct{}), rooms: map[string]bool{}}
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
					c.reply(c.errorFrameFor(err))
				}
			}
		case "watch":
			if err := c.h.watch(ctx, c, f.RoomID); err != nil {
				c.reply(c.errorFrameFor(err))
			}
		case "unwatch":
			c.h.unwatch(c, f.RoomID)
		case "read":
			if _, err := c.h.src.MarkRead(ctx, c.user, f.ConversationID, f.Seq); err != nil {
				c.reply(c.errorFrameFor(err))
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
// messages after the client's cursor (0 when it names none), then a ready
// frame. Live events that queued meanwhile are delivered afterwards by
// deliver, which drops what this already sent.
func (c *conn) resume(cursors map[string]int64) error {
	ctx, cancel := context.WithTimeout(c.h.ctx, time.Minute)
	defer cancel()
	convs, err := c.h.src.Conversations(ctx, c.user)
	if err != nil {
		return c.failed("list conversations", err)
	}
	if len(cursors) > 0 {
		resumes.Inc()
	}
	c.last = make(map[string]int64, len(convs))
	for _, cv := range convs {
		// A cursor beyond the end (a client bug) would swallow the next
		// messages: clamp it.
		c.last[cv.ID] = min(max(cursors[cv.ID], 0), cv.LastSeq)
		if c.last[cv.ID] < cv.LastSeq {
			if err := c.fill(ctx, cv.ID, math.MaxInt64); err != nil {
				return err
			}
		}
	}
	// Conversations the client names beyond its own list (a brand agent's
	// service conversations): chat decides whether it may read them.
	extra := 0
	for id, cur := range cursors {
		if _, ok := c.last[id]; ok {
			continue
		}
		if extra++; extra > maxExtraCursors {
			break
		}
		cv, err := c.h.src.Access(ctx, c.user, id)
		if chat.Code(err) != "" {
			continue // not theirs: ignored, and nothing said about it
		}
		if err != nil {
			return c.failed("resume", err)
		}
		c.last[id] = min(max(cur, 0), cv.LastSeq)
		if err := c.fill(ctx, id, math.MaxInt64); err != nil {
			return err
		}
	}
	return c.write([]byte(`{"type":"ready"}`))
}

// maxExtraCursors bounds the conversations outside the user's own list a
// resume may name.
const maxExtraCursors = 200

// failed logs an infrastructure error and closes the socket: the client
// reconnects and resumes from what it has, so nothing is skipped.
func (c *conn) failed(what string, err error) error {
	if c.h.ctx.Err() == nil {
		c.h.log.Error("chat socket: "+what, "user_id", c.user, "error", err.Error())
	}
	c.stop(closeInternal, "temporary failure; reconnect and resume")
	return errFailed
}

var errFailed = errors.New("socket failed")

// fill sends messages of one conversation from the database after the last
// one sent, until it has sent upTo or there are no more. If chat refuses
// (the user left the conversation) it stops quietly.
func (c *conn) fill(ctx context.Context, convID string, upTo int64) error {
	for c.last[convID] < upTo {
		msgs, err := c.h.src.MessagesAfter(ctx, c.user, convID, c.last[convID], c.h.cfg.Page)
		if chat.Code(err) != "" {
			return nil
		}
		if err != nil {
			return c.failed("catch up", err)
		}
		for i := range msgs {
			m := &msgs[i]
			if m.Seq <= c.last[convID] {
				continue
			}
			b, err := json.Marshal(Frame{Type: chat.EventMessage, ConversationID: convID, Seq: m.Seq, Message: m})
			if err != nil {
				return c.failed("encode", err)
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
	return nil
}

// deliver writes one live event, keeping each conversation's messages in
// seq order without duplicates: an old seq is dropped, a seq past a hole
// first fills the hole from the database.
func (c *conn) deliver(it *item) error {
	// Only a read from the database needs a context: the common case, the
	// next message written as it is, makes no timer.
	withCtx := func(fn func(ctx context.Context) error) error {
		ctx, cancel := context.WithTimeout(c.h.ctx, time.Minute)
		defer cancel()
		return fn(ctx)
	}
	if it.resync {
		return withCtx(c.resync)
	}
	if it.room {
		if err := c.write(it.frame); err != nil {
			return err
		}
		observeFanout(it)
		return nil
	}
	ev := it.ev
	last, known := c.last[ev.ConversationID]
	switch ev.Type {
	case chat.EventMessage:
		if !known {
			// A conversation this socket learns of live (new, or a
			// brand's service conversation): a short one is sent from
			// its start, a long one from this message on (the client
			// pages older history over REST).
			last = 0
			if ev.Seq > int64(c.h.cfg.Page) {
				last = ev.Seq - 1
			}
			c.last[ev.ConversationID] = last
		}
		if ev.Seq <= last {
			return nil
		}
		if ev.Seq == last+1 && ev.Message != nil && it.frame != nil {
			if err := c.write(it.frame); err != nil {
				return err
			}
			observeFanout(it)
			c.last[ev.ConversationID] = ev.Seq
			return nil
		}
		// A hole (an event still on its way, or lost) or a notification
		// without the body: read it from the database.
		return withCtx(func(ctx context.Context) error { return c.fill(ctx, ev.ConversationID, ev.Seq) })
	case chat.EventEdit, chat.EventRecall:
		if known && ev.Seq > last {
			// The client has not got the message yet; fill sends it as
			// it is now, edit included.
			return withCtx(func(ctx context.Context) error { return c.fill(ctx, ev.ConversationID, ev.Seq) })
		}
	}
	if it.frame == nil {
		return nil
	}
	if err := c.write(it.frame); err != nil {
		return err
	}
	observeFanout(it)
	return nil
}

// resync re-reads what a listener gap may have hidden: every conversation
// this socket follows, and any the user joined meanwhile.
func (c *conn) resync(ctx context.Context) error {
	if c.last == nil {
		return nil // not resumed yet: its resume will read everything
	}
	convs, err := c.h.src.Conversations(ctx, c.user)
	if err != nil {
		return c.failed("re-sync", err)
	}
	for _, cv := range convs {
		if _, ok := c.last[cv.ID]; !ok && cv.LastSeq > int64(c.h.cfg.Page) {
			c.last[cv.ID] = cv.LastSeq - 1
		}
	}
	for id := range c.last {
		if err := c.fill(ctx, id, math.MaxInt64); err != nil {
			return err
		}
	}
	for _, cv := range convs {
		if _, ok := c.last[cv.ID]; !ok {
			c.last[cv.ID] = 0
			if err := c.fill(ctx, cv.ID, math.MaxInt64); err != nil {
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

// errorFrameFor shows the client chat's refusal (code and message); other
// failures stay in the log.
func (c *conn) errorFrameFor(err error) []byte {
	var ce *chat.Error
	if errors.As(err, &ce) {
		return errorFrame(ce.Code, ce.Message)
	}
	c.h.log.Error("chat socket request", "user_id", c.user, "error", err.Error())
	return errorFrame("internal", "the request failed; try again")
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
