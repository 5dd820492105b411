package realtime_test

import (
	"context"
	"testing"
	"time"

	"github.com/soukhq/souk/chat/realtime"
	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/store/storetest"
)

// Viewers watch a live room with no row written; a room frame reaches
// every watcher and no one else; a room the check refuses is an error
// frame; a closed socket stops counting as a viewer.
func TestRoomWatchersGetRoomFrames(t *testing.T) {
	n := startNode(t, storetest.SQLite(t), realtime.Config{})
	n.hub.SetRoomCheck(func(_ context.Context, _, room string) error {
		if room != "live_ok" {
			return fault.New(fault.NotFound, "not_found", "no such live room")
		}
		return nil
	})
	var viewers []*client
	for _, name := range []string{"a", "b"} {
		_, tok := n.user(name)
		c := connect(t, n, tok, nil)
		c.send(map[string]any{"type": "watch", "room_id": "live_ok"})
		viewers = append(viewers, c)
	}
	_, tok := n.user("c")
	outsider := connect(t, n, tok, nil)
	outsider.send(map[string]any{"type": "watch", "room_id": "live_nope"})
	for {
		f := outsider.must(5 * time.Second)
		if f.Type == "error" {
			if f.Code != "not_found" {
				t.Fatalf("watching a refused room: %+v", f)
			}
			break
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for n.hub.RoomViewers("live_ok") != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("%d viewers, want 2", n.hub.RoomViewers("live_ok"))
		}
		time.Sleep(10 * time.Millisecond)
	}
	n.hub.BroadcastRoom("live_ok", []byte(`{"type":"live_stats","room_id":"live_ok","likes":3}`))
	for i, c := range viewers {
		for {
			f := c.must(5 * time.Second)
			if f.Type == "live_stats" {
				break
			}
			if f.Type != "ready" {
				t.Fatalf("viewer %d got %+v", i, f)
			}
		}
	}
	for {
		f, ok := outsider.next(300 * time.Millisecond)
		if !ok {
			break
		}
		if f.Type == "live_stats" {
			t.Fatal("a socket that does not watch the room got its frame")
		}
	}
	_ = viewers[0].ws.Close()
	for n.hub.RoomViewers("live_ok") != 1 {
		if time.Now().After(deadline.Add(5 * time.Second)) {
			t.Fatalf("%d viewers after one left, want 1", n.hub.RoomViewers("live_ok"))
		}
		time.Sleep(10 * time.Millisecond)
	}
}
