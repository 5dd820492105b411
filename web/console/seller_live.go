package console

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// The live page (issue 17): the brand's live rooms. Owners and managers
// open a room (title and the stream URL souk plays as is), close it, pin
// SKUs with a flash price and stock and unpin them, and make the room's
// short link (with its QR code); every staff role moderates: removes a
// message, mutes or unmutes its author. The shell's /live/{room} is what
// viewers see.

type liveSKU struct {
	ID, Label string
}

type liveRoomRow struct {
	ID, Title, Status, Created string
	Likes                      int64
	Viewers                    int
}

type livePinRow struct {
	SKUID, Title, Price, Catalog string
	Flash                        bool
	FlashStock, FlashSold, Left  int64
}

type liveMsgRow struct {
	Seq                int64
	UserID, Text, When string
	Muted              bool
}

type liveConsoleData struct {
	Rooms     []liveRoomRow
	Room      *commerce.LiveRoom // the room shown in detail
	Pins      []livePinRow
	SKUs      []liveSKU
	Messages  []liveMsgRow
	Muted     []string
	Link      string // the room's short link code, if made
	CanManage bool
}

func (p *seller) live(r *site.Req, b brandCtx) error {
	return p.showLive(r, b, r.Query("room"), http.StatusOK, "", "")
}

func liveActor(r *site.Req, b brandCtx) commerce.Actor {
	return commerce.Actor{Kind: commerce.ActorBrand, ID: r.UserID(), Brand: b.ID}
}

func (p *seller) showLive(r *site.Req, b brandCtx, roomID string, status int, errMsg, notice string) error {
	d := liveConsoleData{CanManage: b.CanManage}
	actor := liveActor(r, b)
	rooms, err := p.Commerce.BrandLiveRooms(r.Context(), b.ID, actor)
	if err != nil {
		return err
	}
	for i, rm := range rooms {
		d.Rooms = append(d.Rooms, liveRoomRow{ID: rm.ID, Title: rm.Title, Status: rm.Status, Created: fmtTime(rm.CreatedAt.UnixMicro()),
			Likes: rm.Likes, Viewers: rm.Viewers})
		if rm.ID == roomID || (roomID == "" && d.Room == nil && rm.Status == commerce.LiveOpen) {
			d.Room = &rooms[i]
		}
	}
	if d.Room != nil {
		if err := p.liveDetail(r, b, &d); err != nil {
			return err
		}
	}
	return p.render(r, status, "live", "seller.live.title", b, d, func(pg *site.Page) { pg.Error, pg.Notice = errMsg, notice })
}

func (p *seller) liveDetail(r *site.Req, b brandCtx, d *liveConsoleData) error {
	rm := d.Room
	for _, pin := range rm.Pins {
		d.Pins = append(d.Pins, livePinRow{SKUID: pin.SKUID, Title: pin.Title + optionsLabel(pin.Options),
			Price:   money.Format(money.MustLookup(pin.Currency), pin.Price) + " " + pin.Currency,
			Catalog: money.Format(money.MustLookup(pin.Currency), pin.CatalogPrice) + " " + pin.Currency,
			Flash:   pin.Flash, FlashStock: pin.FlashStock, FlashSold: pin.FlashSold, Left: pin.Available})
	}
	if d.CanManage && rm.Status == commerce.LiveOpen {
		ps, err := p.Commerce.Products(r.Context(), b.ID, commerce.ProductFilter{ActiveOnly: true, Limit: 100})
		if err != nil {
			return err
		}
		for _, pr := range ps {
			for _, s := range pr.SKUs {
				d.SKUs = append(d.SKUs, liveSKU{ID: s.ID, Label: pr.Title + optionsLabel(s.Options) + " · " +
					money.Format(money.MustLookup(pr.Currency), s.Price) + " " + pr.Currency})
			}
		}
	}
	muted, err := p.Commerce.LiveMuted(r.Context(), rm.ID, liveActor(r, b))
	if err != nil {
		return err
	}
	d.Muted = muted
	ms, err := p.Commerce.RecentLiveMessages(r.Context(), rm.ID, 100)
	if err != nil {
		return err
	}
	for i := len(ms) - 1; i >= 0; i-- { // newest first for moderators
		m := ms[i]
		d.Messages = append(d.Messages, liveMsgRow{Seq: m.Seq, UserID: m.UserID, Text: m.Text, When: fmtTime(m.CreatedAt.UnixMicro()),
			Muted: slices.Contains(muted, m.UserID)})
	}
	ls, err := p.Commerce.BrandLinks(r.Context(), b.ID, 200)
	if err != nil {
		return err
	}
	for _, l := range ls {
		if l.Kind == commerce.LinkLiveRoom && l.Target == rm.ID && l.Status == "active" {
			d.Link = l.Code
			break
		}
	}
	return nil
}

func optionsLabel(o map[string]string) string {
	if len(o) == 0 {
		return ""
	}
	return " (" + site.OptionsText(o) + ")"
}

// liveRefused re-shows the page after a refusal the form can explain, or
// answers 404 for a room that is not this brand's.
func (p *seller) liveRefused(r *site.Req, b brandCtx, roomID string, err error) error {
	switch commerce.Code(err) {
	case "":
		return err
	case commerce.ErrNotFound.Code, commerce.ErrForbidden.Code:
		return r.NotFound()
	}
	key := "seller.live.cannot"
	switch commerce.Code(err) {
	case commerce.ErrInvalid.Code, commerce.ErrLiveClosed.Code:
		key = "seller.live.err." + commerce.Code(err)
	}
	return p.showLive(r, b, roomID, http.StatusUnprocessableEntity, r.L.T(key), "")
}

func (p *seller) openLive(r *site.Req, b brandCtx) error {
	rm, err := p.Commerce.OpenLiveRoom(r.Context(), b.ID, commerce.NewLiveRoom{Title: r.FormValue("title"),
		StreamURL: strings.TrimSpace(r.FormValue("stream_url"))}, liveActor(r, b))
	if err != nil {
		return p.liveRefused(r, b, "", err)
	}
	return p.showLive(r, b, rm.ID, http.StatusOK, "", r.L.T("seller.live.opened", rm.Title))
}

func (p *seller) closeLive(r *site.Req, b brandCtx) error {
	id := r.Params("roomId")
	if _, err := p.Commerce.CloseLiveRoom(r.Context(), id, liveActor(r, b)); err != nil {
		return p.liveRefused(r, b, id, err)
	}
	return p.showLive(r, b, id, http.StatusOK, "", r.L.T("seller.live.closed"))
}

func (p *seller) pinLive(r *site.Req, b brandCtx) error {
	id := r.Params("roomId")
	rm, err := p.Commerce.LiveRoom(r.Context(), id)
	if err != nil || rm.BrandID != b.ID {
		return r.NotFound()
	}
	in := commerce.PinInput{SKUID: r.FormValue("sku_id")}
	bad := func() error {
		return p.showLive(r, b, id, http.StatusUnprocessableEntity, r.L.T("seller.live.bad_pin"), "")
	}
	if s := strings.TrimSpace(r.FormValue("flash_price")); s != "" {
		cur, err := p.skuCurrency(r, b, in.SKUID)
		if err != nil {
			return bad()
		}
		if in.FlashPrice, err = money.ParsePositive(cur, s); err != nil {
			return bad()
		}
	}
	if s := strings.TrimSpace(r.FormValue("flash_stock")); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return bad()
		}
		in.FlashStock = n
	}
	if _, err := p.Commerce.PinLive(r.Context(), id, in, liveActor(r, b)); err != nil {
		return p.liveRefused(r, b, id, err)
	}
	return p.showLive(r, b, id, http.StatusOK, "", r.L.T("seller.live.pinned"))
}

// skuCurrency is the currency of one of the brand's SKUs (a flash price is
// typed in it).
func (p *seller) skuCurrency(r *site.Req, b brandCtx, skuID string) (money.Currency, error) {
	ps, err := p.Commerce.Products(r.Context(), b.ID, commerce.ProductFilter{Limit: 500})
	if err != nil {
		return money.Currency{}, err
	}
	for _, pr := range ps {
		for _, s := range pr.SKUs {
			if s.ID == skuID {
				return money.Lookup(pr.Currency)
			}
		}
	}
	return money.Currency{}, commerce.ErrNotFound
}

func (p *seller) unpinLive(r *site.Req, b brandCtx) error {
	id := r.Params("roomId")
	if _, err := p.Commerce.UnpinLive(r.Context(), id, r.Params("skuId"), liveActor(r, b)); err != nil {
		return p.liveRefused(r, b, id, err)
	}
	return p.showLive(r, b, id, http.StatusOK, "", r.L.T("seller.live.unpinned"))
}

func (p *seller) removeLiveMessage(r *site.Req, b brandCtx) error {
	id := r.Params("roomId")
	seq, err := strconv.ParseInt(r.Params("seq"), 10, 64)
	if err != nil {
		return r.NotFound()
	}
	if err := p.Commerce.RemoveLiveMessage(r.Context(), id, seq, liveActor(r, b)); err != nil {
		return p.liveRefused(r, b, id, err)
	}
	return p.showLive(r, b, id, http.StatusOK, "", r.L.T("seller.live.removed"))
}

func (p *seller) muteLive(r *site.Req, b brandCtx) error {
	id := r.Params("roomId")
	muted := r.FormValue("muted") == "true"
	if err := p.Commerce.MuteLive(r.Context(), id, r.FormValue("user_id"), muted, liveActor(r, b)); err != nil {
		return p.liveRefused(r, b, id, err)
	}
	key := "seller.live.unmuted"
	if muted {
		key = "seller.live.muted"
	}
	return p.showLive(r, b, id, http.StatusOK, "", r.L.T(key))
}

func (p *seller) liveLink(r *site.Req, b brandCtx) error {
	id := r.Params("roomId")
	rm, err := p.Commerce.LiveRoom(r.Context(), id)
	if err != nil || rm.BrandID != b.ID {
		return r.NotFound()
	}
	l, err := p.Commerce.CreateLink(r.Context(), commerce.NewLink{BrandID: b.ID, Kind: commerce.LinkLiveRoom, Target: id, CreatedBy: r.UserID()})
	if err != nil {
		return p.liveRefused(r, b, id, err)
	}
	return p.showLive(r, b, id, http.StatusOK, "", r.L.T("seller.links.created", l.Code))
}
