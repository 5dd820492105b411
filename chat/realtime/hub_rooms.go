package realtime

import (
	"context"
	"time"

	"github.com/soukhq/souk/internal/fault"
)

// Rooms: a live room is a broadcast conversation. A socket watches a room
// by sending {"type":"watch","room_id":…} (after its resume); the hub keeps
// the watchers in memory, per room, so a viewer costs no row and no write,
// and BroadcastRoom hands one encoded frame to every watcher (the same
// queue, writer and slow-client rule as chat events). Room frames carry no
// seq and are not replayed: a viewer that (re)joins reads the room's state
// and recent messages over REST, then follows the socket. A socket watches
// at most maxWatched rooms. Rooms are per node: a room's viewers and its
// broadcasts must reach the same node (one node, or a room pinned to a
// node by the load balancer); NOTIFY fan-out to other nodes is not done.

const maxWatched = 4

var (
	errNoRooms      = fault.New(fault.NotFound, "not_found", "no such live room")
	errTooManyRooms = fault.New(fault.Conflict, "too_many_rooms", "a socket watches at most 4 live rooms")
)

// RoomCheck says whether a user may watch a room (nil error: yes).
type RoomCheck func(ctx context.Context, userID, roomID string) error

// SetRoomCheck sets who may watch which room; without one, watch frames
// are refused. Call it before serving.
func (h *Hub) SetRoomCheck(fn RoomCheck) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.roomCheck = fn
}

// BroadcastRoom queues frame for every socket watching roomID on this
// node; it never blocks on a client.
func (h *Hub) BroadcastRoom(roomID string, frame []byte) {
	it := &item{frame: frame, room: true, at: time.Now()}
	h.mu.RLock()
	defer h.mu.RUnlock()
	for c := range h.rooms[roomID] {
		c.offer(it)
	}
}

// RoomViewers is how many sockets watch roomID on this node.
func (h *Hub) RoomViewers(roomID string) int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.rooms[roomID])
}

func (h *Hub) watch(ctx context.Context, c *conn, roomID string) error {
	h.mu.RLock()
	check := h.roomCheck
	h.mu.RUnlock()
	if check == nil {
		return errNoRooms
	}
	if err := check(ctx, c.user, roomID); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(c.rooms) >= maxWatched {
		return errTooManyRooms
	}
	if h.rooms == nil {
		h.rooms = map[string]map[*conn]struct{}{}
	}
	cs := h.rooms[roomID]
	if cs == nil {
		cs = map[*conn]struct{}{}
		h.rooms[roomID] = cs
	}
	cs[c] = struct{}{}
	c.rooms[roomID] = true
	return nil
}

func (h *Hub) unwatch(c *conn, roomID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.unwatchLocked(c, roomID)
}

func (h *Hub) unwatchLocked(c *conn, roomID string) {
	if cs := h.rooms[roomID]; cs != nil {
		delete(cs, c)
		if len(cs) == 0 {
			delete(h.rooms, roomID)
		}
	}
	delete(c.rooms, roomID)
}
