package commerce

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Live commerce: a brand opens a live room — a broadcast conversation
// with a host (who opened it), moderators (the brand's staff) and any
// number of viewers — around a video stream whose URL the brand provides
// (souk plays it, never transcodes it). The host pins SKUs, each with an
// optional flash price and flash allotment; a viewer buys a pinned SKU
// with one tap (BuyLive: a direct order at the pin's price, paid on the
// host's payment sheet). Viewers send rate-limited messages, which staff
// moderate (mute a user, remove a message), and likes.
//
// Delivery goes through the chat realtime hub (LiveBroadcaster): a viewer
// subscribes its socket to the room in memory, so watching writes no row;
// messages, removals, pin changes and closing are broadcast as they
// commit. Likes are not broadcast one by one: they are counted in memory
// and a flusher writes the sum and broadcasts one like-count and viewer
// count update per room every LiveFlushEvery (FlushLive, 1s). Pin changes
// caused by buys (live stock) ride on the same flush.
//
// No oversell: a buy is one transaction holding the guarded flash_sold
// UPDATE and the SKU reservation (reserveTx), so neither the flash
// allotment nor the SKU's stock can be passed, however many tap at once.

// Live room statuses and limits.
const (
	LiveOpen         = "open"
	LiveClosed       = "closed"
	MaxLiveText      = 500
	maxLiveTitle     = 120
	maxLiveStreamURL = 2048
	maxLivePins      = 20
)

// Live rejections.
var (
	ErrLiveClosed = fault.New(fault.Conflict, "live_room_closed", "the live room is closed")
	ErrLiveMuted  = fault.New(fault.Forbidden, "live_muted", "you were muted in this live room")
	ErrNotPinned  = fault.New(fault.Conflict, "not_pinned", "this product is not pinned in the live room")
)

// LiveMessageRate is a viewer's budget of messages in one room.
var LiveMessageRate = chat.RateLimit{Burst: 5, Per: 10 * time.Second}

// LiveBroadcaster delivers a frame to every socket watching a room on
// this node and counts them (the chat realtime hub implements it).
type LiveBroadcaster interface {
	BroadcastRoom(roomID string, frame []byte)
	RoomViewers(roomID string) int
}

// LiveRoom is a live room.
type LiveRoom struct {
	ID             string    `json:"id"`
	BrandID        string    `json:"brand_id"`
	InstallationID string    `json:"installation_id,omitempty"`
	Title          string    `json:"title"`
	StreamURL      string    `json:"stream_url"`
	HostID         string    `json:"host_id"`
	Status         string    `json:"status" enum:"open,closed"`
	Likes          int64     `json:"likes"`
	Viewers        int       `json:"viewers"`
	LastSeq        int64     `json:"last_seq"`
	Pins           []LivePin `json:"pins"`
	CreatedAt      time.Time `json:"created_at"`
}

// LivePin is a pinned SKU as viewers see it: the price a buy pays now and
// how many are left (the lesser of the SKU's stock and the flash allotment).
type LivePin struct {
	SKUID        string            `json:"sku_id"`
	ProductID    string            `json:"product_id"`
	Title        string            `json:"title"`
	Options      map[string]string `json:"options"`
	Currency     string            `json:"currency"`
	Price        money.Amount      `json:"price"`
	CatalogPrice money.Amount      `json:"catalog_price"`
	Flash        bool              `json:"flash"`
	FlashStock   int64             `json:"flash_stock,omitempty"`
	FlashSold    int64             `json:"flash_sold,omitempty"`
	Available    int64             `json:"available"`
}

// LiveMessage is one message in a room.
type LiveMessage struct {
	RoomID    string    `json:"room_id"`
	Seq       int64     `json:"seq"`
	UserID    string    `json:"user_id"`
	Text      string    `json:"text"`
	Removed   bool      `json:"removed,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// NewLiveRoom opens a room.
type NewLiveRoom struct {
	Title          string
	StreamURL      string
	InstallationID string // the storefront live_room links open beside; "" picks the newest
}

// SetLiveBroadcaster wires realtime delivery (the chat hub). Call it
// before serving requests.
func (s *Service) SetLiveBroadcaster(b LiveBroadcaster) { s.live.setBroadcaster(b) }

func checkStreamURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(raw) > maxLiveStreamURL {
		return fail(ErrInvalid, "the stream URL is an http(s) URL of at most %d bytes", maxLiveStreamURL)
	}
	return nil
}

func staffOf(actor Actor, brandID string) error {
	if actor.Kind == ActorAdmin {
		return nil
	}
	if actor.Kind != ActorBrand || actor.Brand != brandID || actor.ID == "" {
		return fail(ErrForbidden, "only the brand's staff run its live rooms")
	}
	return nil
}

// OpenLiveRoom opens a live room for the brand; actor (brand staff) hosts it.
func (s *Service) OpenLiveRoom(ctx context.Context, brandID string, in NewLiveRoom, actor Actor) (LiveRoom, error) {
	if err := staffOf(actor, brandID); err != nil {
		return LiveRoom{}, err
	}
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" || utf8.RuneCountInString(in.Title) > maxLiveTitle {
		return LiveRoom{}, fail(ErrInvalid, "a live room's title is 1 to %d characters", maxLiveTitle)
	}
	if err := checkStreamURL(in.StreamURL); err != nil {
		return LiveRoom{}, err
	}
	ins, err := s.storefront(ctx, brandID, in.InstallationID)
	if err != nil && in.InstallationID != "" {
		return LiveRoom{}, err
	}
	t := now()
	r := LiveRoom{ID: store.NewID("live"), BrandID: brandID, InstallationID: ins, Title: in.Title, StreamURL: in.StreamURL,
		HostID: actor.ID, Status: LiveOpen, Pins: []LivePin{}, CreatedAt: time.UnixMicro(t).UTC()}
	_, err = s.db.ExecContext(ctx, `INSERT INTO live_rooms (id, brand_id, installation_id, title, stream_url, host_id, status, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, 'open', $7)`, r.ID, r.BrandID, r.InstallationID, r.Title, r.StreamURL, r.HostID, t)
	return r, err
}

// LiveRoom returns a room with its pins, likes and this node's viewers
// (anyone may see a room they hold the id of).
func (s *Service) LiveRoom(ctx context.Context, roomID string) (LiveRoom, error) {
	var r LiveRoom
	var created int64
	err := s.db.QueryRowContext(ctx, `SELECT id, brand_id, installation_id, title, stream_url, host_id, status, likes, last_seq, created_at
		FROM live_rooms WHERE id = $1`, roomID).Scan(&r.ID, &r.BrandID, &r.InstallationID, &r.Title, &r.StreamURL, &r.HostID, &r.Status,
		&r.Likes, &r.LastSeq, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fail(ErrNotFound, "no such live room")
	}
	if err != nil {
		return r, err
	}
	r.CreatedAt = time.UnixMicro(created).UTC()
	r.Likes += s.live.pendingLikes(roomID)
	r.Viewers = s.live.viewers(roomID)
	r.Pins, err = s.livePins(ctx, s.db, roomID)
	return r, err
}

// CanWatchLive lets anyone signed in watch an open room (the realtime
// hub's room check).
func (s *Service) CanWatchLive(ctx context.Context, _ string, roomID string) error {
	_, err := s.openRoom(ctx, s.db, roomID)
	return err
}

// BrandLiveRooms lists a brand's rooms, newest first.
func (s *Service) BrandLiveRooms(ctx context.Context, brandID string, actor Actor) ([]LiveRoom, error) {
	if err := staffOf(actor, brandID); err != nil {
		return nil, err
	}
	ids, err := store.QueryStrings(ctx, s.db, `SELECT id FROM live_rooms WHERE brand_id = $1 ORDER BY created_at DESC, id LIMIT 100`, brandID)
	if err != nil {
		return nil, err
	}
	out := []LiveRoom{}
	for _, id := range ids {
		r, err := s.LiveRoom(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// brandRoom loads a room and checks that actor is its brand's staff.
func (s *Service) brandRoom(ctx context.Context, q store.Querier, roomID string, actor Actor) (brandID, status string, err error) {
	err = q.QueryRowContext(ctx, `SELECT brand_id, status FROM live_rooms WHERE id = $1`, roomID).Scan(&brandID, &status)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && actor.Kind != ActorAdmin && actor.Brand != brandID) {
		return "", "", fail(ErrNotFound, "no such live room")
	}
	if err != nil {
		return "", "", err
	}
	return brandID, status, staffOf(actor, brandID)
}

// UpdateLiveStream changes an open room's stream URL.
func (s *Service) UpdateLiveStream(ctx context.Context, roomID, streamURL string, actor Actor) (LiveRoom, error) {
	if err := checkStreamURL(streamURL); err != nil {
		return LiveRoom{}, err
	}
	if _, st, err := s.brandRoom(ctx, s.db, roomID, actor); err != nil {
		return LiveRoom{}, err
	} else if st != LiveOpen {
		return LiveRoom{}, fail(ErrLiveClosed, "")
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE live_rooms SET stream_url = $2 WHERE id = $1 AND status = 'open'`, roomID, streamURL); err != nil {
		return LiveRoom{}, err
	}
	s.live.broadcast(roomID, map[string]any{"type": "live_stream", "room_id": roomID, "stream_url": streamURL})
	return s.LiveRoom(ctx, roomID)
}

// CloseLiveRoom closes a room: no more messages, likes or buys (orders
// already placed are paid or cancelled as any order).
func (s *Service) CloseLiveRoom(ctx context.Context, roomID string, actor Actor) (LiveRoom, error) {
	if _, _, err := s.brandRoom(ctx, s.db, roomID, actor); err != nil {
		return LiveRoom{}, err
	}
	if err := s.FlushLive(ctx); err != nil {
		return LiveRoom{}, err
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE live_rooms SET status = 'closed', closed_at = $2 WHERE id = $1 AND status = 'open'`, roomID, now()); err != nil {
		return LiveRoom{}, err
	}
	s.live.broadcast(roomID, map[string]any{"type": "live_closed", "room_id": roomID})
	return s.LiveRoom(ctx, roomID)
}

// PinInput pins a SKU; FlashPrice (0: the catalog price) and FlashStock
// (0: no allotment beyond the SKU's stock) make it a flash sale.
type PinInput struct {
	SKUID      string
	FlashPrice money.Amount
	FlashStock int64
}

// PinLive pins (or re-prices) one of the brand's SKUs in an open room.
func (s *Service) PinLive(ctx context.Context, roomID string, in PinInput, actor Actor) ([]LivePin, error) {
	if in.FlashPrice < 0 || in.FlashStock < 0 {
		return nil, fail(ErrInvalid, "a flash price and stock are not negative")
	}
	pins, err := store.InTxValue(ctx, s.db, func(tx *store.Tx) ([]LivePin, error) {
		brandID, st, err := s.brandRoom(ctx, tx, roomID, actor)
		if err != nil {
			return nil, err
		}
		if st != LiveOpen {
			return nil, fail(ErrLiveClosed, "")
		}
		var productID, skuBrand, cur string
		err = tx.QueryRowContext(ctx, `SELECT s.product_id, s.brand_id, p.currency FROM commerce_skus s JOIN commerce_products p ON p.id = s.product_id
			WHERE s.id = $1`, in.SKUID).Scan(&productID, &skuBrand, &cur)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && skuBrand != brandID) {
			return nil, fail(ErrNotFound, "no such SKU")
		}
		if err != nil {
			return nil, err
		}
		if c, err := money.Lookup(cur); err == nil && int64(in.FlashPrice) > int64(c.Max) {
			return nil, fail(ErrInvalid, "the flash price is too large")
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM live_pins WHERE room_id = $1 AND sku_id <> $2`, roomID, in.SKUID).Scan(&n); err != nil {
			return nil, err
		}
		if n >= maxLivePins {
			return nil, fail(ErrInvalid, "a room pins at most %d SKUs", maxLivePins)
		}
		// Re-pinning keeps what the flash sale already sold; an allotment
		// below it is refused by the table's CHECK, so say so first.
		var sold int64
		_ = tx.QueryRowContext(ctx, `SELECT flash_sold FROM live_pins WHERE room_id = $1 AND sku_id = $2`, roomID, in.SKUID).Scan(&sold)
		if in.FlashStock > 0 && in.FlashStock < sold {
			return nil, fail(ErrInvalid, "the flash sale already sold %d", sold)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO live_pins (room_id, sku_id, product_id, flash_price, flash_stock, pinned_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (room_id, sku_id) DO UPDATE SET flash_price = excluded.flash_price,
			flash_stock = excluded.flash_stock`, roomID, in.SKUID, productID, int64(in.FlashPrice), in.FlashStock, now()); err != nil {
			return nil, err
		}
		return s.livePins(ctx, tx, roomID)
	})
	if err == nil {
		s.live.broadcastPins(roomID, pins)
	}
	return pins, err
}

// UnpinLive unpins a SKU.
func (s *Service) UnpinLive(ctx context.Context, roomID, skuID string, actor Actor) ([]LivePin, error) {
	if _, _, err := s.brandRoom(ctx, s.db, roomID, actor); err != nil {
		return nil, err
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM live_pins WHERE room_id = $1 AND sku_id = $2`, roomID, skuID)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, fail(ErrNotPinned, "")
	}
	pins, err := s.livePins(ctx, s.db, roomID)
	if err == nil {
		s.live.broadcastPins(roomID, pins)
	}
	return pins, err
}

func (s *Service) livePins(ctx context.Context, q store.Querier, roomID string) ([]LivePin, error) {
	rows, err := q.QueryContext(ctx, `SELECT l.sku_id, l.product_id, p.title, s.options, p.currency, s.price, l.flash_price, l.flash_stock, l.flash_sold,
		s.on_hand - s.reserved FROM live_pins l JOIN commerce_skus s ON s.id = l.sku_id JOIN commerce_products p ON p.id = l.product_id
		WHERE l.room_id = $1 ORDER BY l.pinned_at, l.sku_id`, roomID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []LivePin{}
	for rows.Next() {
		var p LivePin
		var opts string
		var price, flash int64
		if err := rows.Scan(&p.SKUID, &p.ProductID, &p.Title, &opts, &p.Currency, &price, &flash, &p.FlashStock, &p.FlashSold, &p.Available); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(opts), &p.Options); err != nil {
			return nil, err
		}
		p.CatalogPrice, p.Price = money.Amount(price), money.Amount(price)
		if flash > 0 {
			p.Price, p.Flash = money.Amount(flash), true
		}
		if p.FlashStock > 0 {
			p.Flash = true
			p.Available = min(p.Available, p.FlashStock-p.FlashSold)
		}
		p.Available = max(p.Available, 0)
		out = append(out, p)
	}
	return out, rows.Err()
}
