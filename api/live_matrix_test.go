package api_test

import (
	"strconv"

	"github.com/soukhq/souk/commerce"
)

// Fixtures and authorization matrix for live rooms (issue 17, part 5).

// liveRoom opens a fresh room of the world's brand with one pinned SKU.
func (w *world) liveRoom() (commerce.LiveRoom, commerce.SKU) {
	w.h.t.Helper()
	host := commerce.Actor{Kind: commerce.ActorBrand, ID: w.users["brand_owner"].ID, Brand: w.brand}
	r, err := w.h.com.OpenLiveRoom(t0ctx, w.brand, commerce.NewLiveRoom{Title: "Launch", StreamURL: "https://video.example/l.m3u8"}, host)
	if err != nil {
		w.h.t.Fatal(err)
	}
	k := w.sku()
	if _, err := w.h.com.PinLive(t0ctx, r.ID, commerce.PinInput{SKUID: k.ID, FlashPrice: usd("3.00")}, host); err != nil {
		w.h.t.Fatal(err)
	}
	return r, k
}

func init() {
	read := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 200, "*": 404}
	write := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 403, "*": 404}
	created := map[string]int{"anonymous": 401, "brand_owner": 201, "brand_manager": 201, "brand_agent": 403, "*": 404}
	moderate := map[string]int{"anonymous": 401, "brand_owner": 204, "brand_manager": 204, "brand_agent": 204, "*": 404}
	anyone := map[string]int{"*": 200}
	users := func(code int) map[string]int { return map[string]int{"anonymous": 401, "*": code} }
	roomPath := func(w *world) string {
		r, _ := w.liveRoom()
		return "/api/v1/orgs/" + w.brand + "/live-rooms/" + r.ID
	}

	matrix["open-live-room"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/live-rooms", map[string]any{"title": "Spring", "stream_url": "https://video.example/s.m3u8"}
		},
		want: created,
	}
	matrix["list-brand-live-rooms"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/orgs/" + w.brand + "/live-rooms", nil },
		want:    read,
	}
	matrix["update-live-room"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return roomPath(w), map[string]any{"stream_url": "https://video.example/other.m3u8"}
		},
		want: write,
	}
	matrix["pin-live-sku"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			r, _ := w.liveRoom()
			return "/api/v1/orgs/" + w.brand + "/live-rooms/" + r.ID + "/pins/" + w.sku().ID, map[string]any{"flash_price": "2.50", "flash_stock": 10}
		},
		want: write,
	}
	matrix["unpin-live-sku"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			r, k := w.liveRoom()
			return "/api/v1/orgs/" + w.brand + "/live-rooms/" + r.ID + "/pins/" + k.ID, nil
		},
		want: write,
	}
	matrix["remove-live-message"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			r, _ := w.liveRoom()
			m, err := w.h.com.SendLiveMessage(t0ctx, r.ID, w.users["shopper"].ID, "spam")
			if err != nil {
				w.h.t.Fatal(err)
			}
			return "/api/v1/orgs/" + w.brand + "/live-rooms/" + r.ID + "/messages/" + strconv.FormatInt(m.Seq, 10), nil
		},
		want: moderate,
	}
	matrix["mute-live-user"] = matrixCase{
		request: func(w *world, role string) (string, any) { return roomPath(w) + "/mutes/" + w.users["shopper"].ID, nil },
		want:    moderate,
	}
	matrix["unmute-live-user"] = matrixCase{
		request: func(w *world, role string) (string, any) { return roomPath(w) + "/mutes/" + w.users["shopper"].ID, nil },
		want:    moderate,
	}
	matrix["get-live-room"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			r, _ := w.liveRoom()
			return "/api/v1/live-rooms/" + r.ID, nil
		},
		want: anyone,
	}
	matrix["list-live-messages"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			r, _ := w.liveRoom()
			return "/api/v1/live-rooms/" + r.ID + "/messages", nil
		},
		want: anyone,
	}
	matrix["send-live-message"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			r, _ := w.liveRoom()
			return "/api/v1/live-rooms/" + r.ID + "/messages", map[string]any{"text": "hello"}
		},
		want: users(200),
	}
	matrix["like-live-room"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			r, _ := w.liveRoom()
			return "/api/v1/live-rooms/" + r.ID + "/likes", map[string]any{"count": 3}
		},
		want: users(204),
	}
	matrix["buy-live-sku"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			r, k := w.liveRoom()
			return "/api/v1/live-rooms/" + r.ID + "/buy", map[string]any{"sku_id": k.ID}
		},
		// Every signed-in user is a shopper who may buy.
		want: users(201),
	}
}
