package commerce

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/store"
)

// liveState is a node's in-memory side of live rooms: the broadcaster,
// likes not yet written, and rooms whose pins changed since the last
// flush.
type liveState struct {
	mu    sync.Mutex
	b     LiveBroadcaster
	likes map[string]int64
	dirty map[string]bool
}

func (l *liveState) setBroadcaster(b LiveBroadcaster) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b = b
}

func (l *liveState) broadcaster() LiveBroadcaster {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b
}

func (l *liveState) broadcast(roomID string, frame any) {
	b := l.broadcaster()
	if b == nil {
		return
	}
	data, err := json.Marshal(frame)
	if err != nil {
		return
	}
	b.BroadcastRoom(roomID, data)
}

func (l *liveState) broadcastPins(roomID string, pins []LivePin) {
	l.broadcast(roomID, map[string]any{"type": "live_pins", "room_id": roomID, "pins": pins})
}

func (l *liveState) viewers(roomID string) int {
	if b := l.broadcaster(); b != nil {
		return b.RoomViewers(roomID)
	}
	return 0
}

func (l *liveState) pendingLikes(roomID string) int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.likes[roomID]
}

// openRoom returns the room's brand if it is open.
func (s *Service) openRoom(ctx context.Context, q store.Querier, roomID string) (brandID string, err error) {
	var st string
	err = q.QueryRowContext(ctx, `SELECT brand_id, status FROM live_rooms WHERE id = $1`, roomID).Scan(&brandID, &st)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fail(ErrNotFound, "no such live room")
	}
	if err == nil && st != LiveOpen {
		err = fail(ErrLiveClosed, "")
	}
	return brandID, err
}

// SendLiveMessage posts a viewer's message: refused in a closed room, from
// a muted user, or over LiveMessageRate (chat's rate_limited, shared
// buckets across nodes).
func (s *Service) SendLiveMessage(ctx context.Context, roomID, userID, text string) (LiveMessage, error) {
	text = strings.TrimSpace(text)
	if userID == "" {
		return LiveMessage{}, fail(ErrForbidden, "sign in to chat")
	}
	if text == "" || utf8.RuneCountInString(text) > MaxLiveText {
		return LiveMessage{}, fail(ErrInvalid, "a message is 1 to %d characters", MaxLiveText)
	}
	m, err := store.InTxValue(ctx, s.db, func(tx *store.Tx) (LiveMessage, error) {
		if _, err := s.openRoom(ctx, tx, roomID); err != nil {
			return LiveMessage{}, err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM live_mutes WHERE room_id = $1 AND user_id = $2`, roomID, userID).Scan(&n); err != nil {
			return LiveMessage{}, err
		}
		if n > 0 {
			return LiveMessage{}, fail(ErrLiveMuted, "")
		}
		t := now()
		if err := chat.TakeToken(ctx, tx, "live:"+roomID+":"+userID, LiveMessageRate, t); err != nil {
			return LiveMessage{}, err
		}
		m := LiveMessage{RoomID: roomID, UserID: userID, Text: text, CreatedAt: time.UnixMicro(t).UTC()}
		if err := tx.QueryRowContext(ctx, `UPDATE live_rooms SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq`, roomID).Scan(&m.Seq); err != nil {
			return LiveMessage{}, err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO live_messages (room_id, seq, user_id, text, created_at) VALUES ($1, $2, $3, $4, $5)`,
			roomID, m.Seq, userID, text, t)
		return m, err
	})
	if err == nil {
		s.db.AfterCommit(ctx, func() {
			s.live.broadcast(roomID, map[string]any{"type": "live_message", "room_id": roomID, "message": m})
		})
	}
	return m, err
}

// LiveMessages lists a room's messages after seq (oldest first, at most
// limit), removed ones left out.
func (s *Service) LiveMessages(ctx context.Context, roomID string, after int64, limit int) ([]LiveMessage, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT seq, user_id, text, created_at FROM live_messages WHERE room_id = $1 AND seq > $2 AND removed_by = ''
		ORDER BY seq LIMIT $3`, roomID, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []LiveMessage{}
	for rows.Next() {
		m := LiveMessage{RoomID: roomID}
		var at int64
		if err := rows.Scan(&m.Seq, &m.UserID, &m.Text, &at); err != nil {
			return nil, err
		}
		m.CreatedAt = time.UnixMicro(at).UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

// RecentLiveMessages is the last limit messages, oldest first (a viewer
// joining).
func (s *Service) RecentLiveMessages(ctx context.Context, roomID string, limit int) ([]LiveMessage, error) {
	var last int64
	if err := s.db.QueryRowContext(ctx, `SELECT last_seq FROM live_rooms WHERE id = $1`, roomID).Scan(&last); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fail(ErrNotFound, "no such live room")
		}
		return nil, err
	}
	return s.LiveMessages(ctx, roomID, max(last-int64(limit), 0), limit)
}

// RemoveLiveMessage hides a message from everyone (staff).
func (s *Service) RemoveLiveMessage(ctx context.Context, roomID string, seq int64, actor Actor) error {
	if _, _, err := s.brandRoom(ctx, s.db, roomID, actor); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE live_messages SET removed_by = $3 WHERE room_id = $1 AND seq = $2`, roomID, seq, actor.Kind+":"+actor.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fail(ErrNotFound, "no such message")
	}
	s.live.broadcast(roomID, map[string]any{"type": "live_remove", "room_id": roomID, "seq": seq})
	return nil
}

// MuteLive stops (muted true) or allows again a user's messages in a room
// (staff). Muting does not remove what they already said.
func (s *Service) MuteLive(ctx context.Context, roomID, userID string, muted bool, actor Actor) error {
	if _, _, err := s.brandRoom(ctx, s.db, roomID, actor); err != nil {
		return err
	}
	if userID == "" {
		return fail(ErrInvalid, "whom to mute?")
	}
	var err error
	if muted {
		_, err = s.db.ExecContext(ctx, `INSERT INTO live_mutes (room_id, user_id, muted_by, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (room_id, user_id) DO NOTHING`, roomID, userID, actor.Kind+":"+actor.ID, now())
	} else {
		_, err = s.db.ExecContext(ctx, `DELETE FROM live_mutes WHERE room_id = $1 AND user_id = $2`, roomID, userID)
	}
	return err
}

// LiveMuted lists the users muted in a room (staff).
func (s *Service) LiveMuted(ctx context.Context, roomID string, actor Actor) ([]string, error) {
	if _, _, err := s.brandRoom(ctx, s.db, roomID, actor); err != nil {
		return nil, err
	}
	out, err := store.QueryStrings(ctx, s.db, `SELECT user_id FROM live_mutes WHERE room_id = $1 ORDER BY created_at, user_id`, roomID)
	if out == nil {
		out = []string{}
	}
	return out, err
}

// maxLikeTap is the most likes one call may carry (a client batches taps).
const maxLikeTap = 50

// LikeLive counts n likes (1 to 50: a client may batch rapid taps) in an
// open room. Nothing is written or broadcast here: FlushLive does both.
func (s *Service) LikeLive(ctx context.Context, roomID string, n int64) error {
	if n < 1 || n > maxLikeTap {
		return fail(ErrInvalid, "1 to %d likes at a time", maxLikeTap)
	}
	if !s.live.knownOpen(roomID) {
		if _, err := s.openRoom(ctx, s.db, roomID); err != nil {
			return err
		}
	}
	s.live.mu.Lock()
	defer s.live.mu.Unlock()
	if s.live.likes == nil {
		s.live.likes = map[string]int64{}
	}
	s.live.likes[roomID] += n
	return nil
}

// knownOpen is whether likes for the room are already pending (the room
// was open then; a like that races with closing is counted anyway).
func (l *liveState) knownOpen(roomID string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.likes[roomID]
	return ok
}

func (l *liveState) markDirty(roomID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.dirty == nil {
		l.dirty = map[string]bool{}
	}
	l.dirty[roomID] = true
}

// FlushLive writes the likes counted since the last flush (one UPDATE per
// room) and broadcasts, per room with news, one live_stats frame (likes
// and viewers) and, after buys, one live_pins frame (live stock).
func (s *Service) FlushLive(ctx context.Context) error {
	s.live.mu.Lock()
	likes, dirty := s.live.likes, s.live.dirty
	s.live.likes, s.live.dirty = nil, nil
	s.live.mu.Unlock()
	var firstErr error
	for room, n := range likes {
		if n == 0 {
			continue
		}
		total, err := store.InTxValue(ctx, s.db, func(tx *store.Tx) (int64, error) {
			var total int64
			err := tx.QueryRowContext(ctx, `UPDATE live_rooms SET likes = likes + $2 WHERE id = $1 RETURNING likes`, room, n).Scan(&total)
			return total, err
		})
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		s.live.broadcast(room, map[string]any{"type": "live_stats", "room_id": room, "likes": total, "viewers": s.live.viewers(room)})
	}
	for room := range dirty {
		pins, err := s.livePins(ctx, s.db, room)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		s.live.broadcastPins(room, pins)
	}
	return firstErr
}

// LiveFlushEvery is the default flush period: each viewer gets at most one
// like-count frame a second, whatever the like rate.
const LiveFlushEvery = time.Second

// RunLiveFlusher calls FlushLive every period until ctx ends (the host
// runs one per node).
func (s *Service) RunLiveFlusher(ctx context.Context, period time.Duration, onErr func(error)) {
	if period <= 0 {
		period = LiveFlushEvery
	}
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.FlushLive(ctx); err != nil && onErr != nil {
				onErr(err)
			}
		}
	}
}
