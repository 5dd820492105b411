package commerce

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// frames records what a live room would broadcast.
type frames struct {
	mu  sync.Mutex
	got []map[string]any
}

func (f *frames) BroadcastRoom(_ string, b []byte) {
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, m)
}

func (f *frames) RoomViewers(string) int { return 7 }

func (f *frames) ofType(t string) []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []map[string]any
	for _, m := range f.got {
		if m["type"] == t {
			out = append(out, m)
		}
	}
	return out
}

func (e *env) host() Actor { return Actor{Kind: ActorBrand, ID: "usr_host", Brand: e.brand} }

func (e *env) room() LiveRoom {
	e.t.Helper()
	r, err := e.s.OpenLiveRoom(ctx, e.brand, NewLiveRoom{Title: "Spring launch", StreamURL: "https://video.example/spring.m3u8"}, e.host())
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// A brand opens a room and pins a SKU at a flash price; a viewer buys it
// with one tap and pays; only staff of the room's brand run the room.
func TestLiveRoomPinAndBuy(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		f := &frames{}
		e.s.SetLiveBroadcaster(f)
		_, err := e.s.OpenLiveRoom(ctx, e.brand, NewLiveRoom{Title: "x", StreamURL: "javascript:alert(1)"}, e.host())
		wantCode(t, err, ErrInvalid.Code)
		_, err = e.s.OpenLiveRoom(ctx, e.brand, NewLiveRoom{Title: "x", StreamURL: "https://v.example/a"}, Actor{Kind: ActorShopper, ID: "usr_x"})
		wantCode(t, err, ErrForbidden.Code)
		r := e.room()
		k := e.sku(e.brand, "20.00", 5)
		other := e.sku(e.other, "20.00", 5)
		_, err = e.s.PinLive(ctx, r.ID, PinInput{SKUID: other.ID}, e.host())
		wantCode(t, err, ErrNotFound.Code)
		_, err = e.s.PinLive(ctx, r.ID, PinInput{SKUID: k.ID}, Actor{Kind: ActorBrand, ID: "usr_o", Brand: e.other})
		wantCode(t, err, ErrNotFound.Code)
		pins, err := e.s.PinLive(ctx, r.ID, PinInput{SKUID: k.ID, FlashPrice: usd("15.00")}, e.host())
		if err != nil || len(pins) != 1 || pins[0].Price != usd("15.00") || pins[0].CatalogPrice != usd("20.00") || pins[0].Available != 5 {
			t.Fatalf("pins %+v %v", pins, err)
		}
		if len(f.ofType("live_pins")) != 1 {
			t.Fatalf("pin frames %v", f.got)
		}
		buyer := e.shopper("100.00")
		_, err = e.s.BuyLive(ctx, r.ID, buyer, other.ID, 1)
		wantCode(t, err, ErrNotPinned.Code)
		o, err := e.s.BuyLive(ctx, r.ID, buyer, k.ID, 2)
		if err != nil || o.Total != usd("30.00") || o.AppID != "" || o.BrandID != e.brand {
			t.Fatalf("buy %+v %v", o, err)
		}
		req, err := e.s.RequestPayment(ctx, o.ID, Actor{Kind: ActorShopper, ID: buyer})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.pay.Confirm(ctx, req.ID, buyer, pin, nil); err != nil {
			t.Fatal(err)
		}
		e.get(o.ID, StatePaid)
		if e.wallet(buyer) != usd("70.00") {
			t.Fatalf("wallet %v", e.wallet(buyer))
		}
		if err := e.s.FlushLive(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := e.s.LiveRoom(ctx, r.ID)
		if len(got.Pins) != 1 || got.Pins[0].Available != 3 || got.Viewers != 7 {
			t.Fatalf("room after the buy %+v", got)
		}
		if len(f.ofType("live_pins")) != 2 {
			t.Fatalf("the buy's stock did not reach viewers: %v", f.got)
		}
		if _, err := e.s.UnpinLive(ctx, r.ID, k.ID, e.host()); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.BuyLive(ctx, r.ID, buyer, k.ID, 1)
		wantCode(t, err, ErrNotPinned.Code)
		if _, err := e.s.CloseLiveRoom(ctx, r.ID, e.host()); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.PinLive(ctx, r.ID, PinInput{SKUID: k.ID}, e.host())
		wantCode(t, err, ErrLiveClosed.Code)
		_, err = e.s.BuyLive(ctx, r.ID, buyer, k.ID, 1)
		wantCode(t, err, ErrLiveClosed.Code)
		e.checkLedger()
	})
}

// Messages are rate limited and moderated; likes are counted in memory and
// reach viewers as one aggregated update per flush.
func TestLiveRoomMessagesAndLikes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		f := &frames{}
		e.s.SetLiveBroadcaster(f)
		r := e.room()
		_, err := e.s.SendLiveMessage(ctx, r.ID, "usr_a", "  ")
		wantCode(t, err, ErrInvalid.Code)
		var last LiveMessage
		for i := range LiveMessageRate.Burst {
			if last, err = e.s.SendLiveMessage(ctx, r.ID, "usr_a", fmt.Sprintf("hello %d", i)); err != nil {
				t.Fatal(err)
			}
		}
		_, err = e.s.SendLiveMessage(ctx, r.ID, "usr_a", "one too many")
		wantCode(t, err, "rate_limited")
		if _, err := e.s.SendLiveMessage(ctx, r.ID, "usr_b", "hi"); err != nil {
			t.Fatal(err)
		}
		if n := len(f.ofType("live_message")); n != LiveMessageRate.Burst+1 {
			t.Fatalf("%d message frames", n)
		}
		err = e.s.MuteLive(ctx, r.ID, "usr_b", true, Actor{Kind: ActorShopper, ID: "usr_a"})
		wantCode(t, err, ErrNotFound.Code)
		if err := e.s.MuteLive(ctx, r.ID, "usr_b", true, e.host()); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.SendLiveMessage(ctx, r.ID, "usr_b", "again")
		wantCode(t, err, ErrLiveMuted.Code)
		if m, _ := e.s.LiveMuted(ctx, r.ID, e.host()); len(m) != 1 || m[0] != "usr_b" {
			t.Fatalf("muted %v", m)
		}
		if err := e.s.RemoveLiveMessage(ctx, r.ID, last.Seq, e.host()); err != nil {
			t.Fatal(err)
		}
		if len(f.ofType("live_remove")) != 1 {
			t.Fatal("no remove frame")
		}
		ms, err := e.s.RecentLiveMessages(ctx, r.ID, 50)
		if err != nil || len(ms) != LiveMessageRate.Burst {
			t.Fatalf("messages %d %v", len(ms), err)
		}
		for _, m := range ms {
			if m.Seq == last.Seq {
				t.Fatal("a removed message is listed")
			}
		}

		for range 200 {
			if err := e.s.LikeLive(ctx, r.ID, 1); err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, e.s.LikeLive(ctx, r.ID, 51), ErrInvalid.Code)
		if len(f.ofType("live_stats")) != 0 {
			t.Fatal("a like was broadcast on its own")
		}
		if got, _ := e.s.LiveRoom(ctx, r.ID); got.Likes != 200 {
			t.Fatalf("likes %d before the flush", got.Likes)
		}
		if err := e.s.FlushLive(ctx); err != nil {
			t.Fatal(err)
		}
		st := f.ofType("live_stats")
		if len(st) != 1 || st[0]["likes"] != float64(200) || st[0]["viewers"] != float64(7) {
			t.Fatalf("stats frames %v", st)
		}
		if _, err := e.s.CloseLiveRoom(ctx, r.ID, e.host()); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.SendLiveMessage(ctx, r.ID, "usr_c", "late")
		wantCode(t, err, ErrLiveClosed.Code)
		if got, _ := e.s.LiveRoom(ctx, r.ID); got.Likes != 200 || got.Status != LiveClosed {
			t.Fatalf("closed room %+v", got)
		}
	})
}

// 500 concurrent one-tap buys of a pinned SKU with 100 in stock sell
// exactly 100; all of them pay; a flash allotment below the stock holds
// too, and a cancelled flash order gives its unit back.
func TestLiveFlashSaleNeverOversells(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		r := e.room()
		k := e.sku(e.brand, "10.00", 100)
		if _, err := e.s.PinLive(ctx, r.ID, PinInput{SKUID: k.ID, FlashPrice: usd("5.00")}, e.host()); err != nil {
			t.Fatal(err)
		}
		shoppers := make([]string, 20)
		for i := range shoppers {
			shoppers[i] = e.shopper("200.00")
		}
		orders := buyAll(t, e, r.ID, k.ID, shoppers, 500)
		if len(orders) != 100 {
			t.Fatalf("%d sold; want exactly 100", len(orders))
		}
		if on, res := e.stock(k.ID); on != 100 || res != 100 {
			t.Fatalf("stock %d on hand, %d reserved", on, res)
		}
		var wg sync.WaitGroup
		for _, o := range orders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, err := e.s.RequestPayment(ctx, o.ID, Actor{Kind: ActorShopper, ID: o.ShopperID})
				if err == nil {
					_, err = e.pay.Confirm(ctx, req.ID, o.ShopperID, pin, nil)
				}
				if err != nil {
					t.Errorf("pay %s: %v", o.ID, err)
				}
			}()
		}
		wg.Wait()
		if on, res := e.stock(k.ID); on != 0 || res != 0 {
			t.Fatalf("after paying: %d on hand, %d reserved", on, res)
		}
		e.checkLedger()

		// A flash allotment of 20 out of 50 in stock.
		k2 := e.sku(e.brand, "10.00", 50)
		if _, err := e.s.PinLive(ctx, r.ID, PinInput{SKUID: k2.ID, FlashStock: 20}, e.host()); err != nil {
			t.Fatal(err)
		}
		flash := buyAll(t, e, r.ID, k2.ID, shoppers, 100)
		if len(flash) != 20 {
			t.Fatalf("flash sale sold %d; want 20", len(flash))
		}
		if _, err := e.s.CancelUnpaid(ctx, flash[0].ID, Actor{Kind: ActorShopper, ID: flash[0].ShopperID}, "changed my mind"); err != nil {
			t.Fatal(err)
		}
		got, _ := e.s.LiveRoom(ctx, r.ID)
		if p := got.Pins[1]; p.FlashSold != 19 || p.Available != 1 {
			t.Fatalf("after a cancel: %+v", p)
		}
		if more := buyAll(t, e, r.ID, k2.ID, shoppers, 10); len(more) != 1 {
			t.Fatalf("sold %d after a cancel; want 1", len(more))
		}
		if on, res := e.stock(k2.ID); on != 50 || res != 20 {
			t.Fatalf("flash SKU: %d on hand, %d reserved", on, res)
		}
		e.checkLedger()
	})
}

// buyAll runs n concurrent buys from shoppers in turn and returns the
// orders made; every refusal must be out_of_stock.
func buyAll(t *testing.T, e *env, roomID, skuID string, shoppers []string, n int) []Order {
	t.Helper()
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		out []Order
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o, err := e.s.BuyLive(ctx, roomID, shoppers[i%len(shoppers)], skuID, 1)
			if err != nil {
				if Code(err) != ErrOutOfStock.Code {
					t.Errorf("buy %d: %v", i, err)
				}
				return
			}
			mu.Lock()
			out = append(out, o)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}
