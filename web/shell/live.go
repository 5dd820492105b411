package shell

import (
	"net/http"
	"net/url"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/web/site"
)

// The live room (issue 17): /live/{room}, where a live_room link opens.
// The brand's stream plays in a <video> (souk does not transcode); beside
// it the room's messages, likes and viewers, and the pinned products with
// their live price and stock, each with a one-tap Buy: the host creates the
// order through the live buy path and opens its own payment sheet
// (/pay/r/{req}: live orders have no app). The page watches the room on
// the chat socket (the `watch` frame, docs/CHAT_PROTOCOL.md); each
// fragment refreshes itself on the room's frames (chat-live_* events).

type livePin struct {
	SKUID, Title, Options, Price, Was string
	Flash                             bool
	Available                         int64
}

type liveMsg struct {
	Seq        int64
	Name, Text string
}

type liveData struct {
	Room     commerce.LiveRoom
	Open     bool
	Brand    string
	Verified bool
	Pins     []livePin
	Messages []liveMsg
	Error    string // why a message was refused
}

const liveMessagesShown = 50

func (p *pages) liveData(r *site.Req) (liveData, error) {
	room, err := p.Apps.Commerce.LiveRoom(r.Context(), r.Params("room"))
	if err != nil {
		return liveData{}, err
	}
	d := liveData{Room: room, Open: room.Status == commerce.LiveOpen, Verified: p.Apps.Commerce.BrandVerified(r.Context(), room.BrandID)}
	d.Brand = p.orgName(r.Context(), room.BrandID)
	for _, pin := range room.Pins {
		lp := livePin{SKUID: pin.SKUID, Title: pin.Title, Price: amount(pin.Currency, int64(pin.Price)), Flash: pin.Flash, Available: pin.Available}
		if pin.CatalogPrice != pin.Price {
			lp.Was = amount(pin.Currency, int64(pin.CatalogPrice))
		}
		lp.Options = site.OptionsText(pin.Options)
		d.Pins = append(d.Pins, lp)
	}
	return d, nil
}

func (p *pages) liveMessages(r *site.Req, d *liveData) error {
	ms, err := p.Apps.Commerce.RecentLiveMessages(r.Context(), d.Room.ID, liveMessagesShown)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(ms))
	for _, m := range ms {
		ids = append(ids, m.UserID)
	}
	names, err := p.names(r.Context(), ids)
	if err != nil {
		return err
	}
	for _, m := range ms {
		d.Messages = append(d.Messages, liveMsg{Seq: m.Seq, Name: names[m.UserID], Text: m.Text})
	}
	return nil
}

func (p *pages) livePage(r *site.Req) error {
	d, err := p.liveData(r)
	if commerce.Code(err) == commerce.ErrNotFound.Code {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	if err := p.liveMessages(r, &d); err != nil {
		return err
	}
	pg := r.Page(site.FaceShell, "live.title", d)
	if d.Open {
		pg.ChatSocket, pg.ChatCursors, pg.LiveRoom = socketPath, "{}", d.Room.ID
		// The page's policy lets the <video> load the brand's stream, from
		// its origin only.
		if u, err := url.Parse(d.Room.StreamURL); err == nil && u.Host != "" {
			r.Set("Content-Security-Policy", site.CSP+"; media-src "+u.Scheme+"://"+u.Host)
		}
	}
	return r.Render(p.t, http.StatusOK, "live", pg)
}

// liveFragment answers one part of the page (pins, stats, messages) for
// its own refresh.
func (p *pages) liveFragment(block string) func(r *site.Req) error {
	return func(r *site.Req) error {
		d, err := p.liveData(r)
		if commerce.Code(err) == commerce.ErrNotFound.Code {
			return r.NotFound()
		}
		if err != nil {
			return err
		}
		if block == "live-messages" {
			if err := p.liveMessages(r, &d); err != nil {
				return err
			}
		}
		return r.Fragment(p.t, "live", block, map[string]any{"Data": d, "L": r.L, "CSRF": r.Caller.SessionCSRF})
	}
}

// liveSend posts a message; a refusal (muted, too fast, closed) shows in
// the composer. The list refreshes on the socket's live_message frame and
// on the live-sent event this answer triggers.
func (p *pages) liveSend(r *site.Req) error {
	d, err := p.liveData(r)
	if commerce.Code(err) == commerce.ErrNotFound.Code {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	_, err = p.Apps.Commerce.SendLiveMessage(r.Context(), d.Room.ID, r.UserID(), r.FormValue("text"))
	switch code := commerce.Code(err); {
	case err == nil:
		r.Set("HX-Trigger", "live-sent")
	case code == commerce.ErrLiveMuted.Code, code == commerce.ErrLiveClosed.Code, code == chat.CodeRateLimited:
		d.Error = r.L.T("live.err." + code)
	case code != "":
		d.Error = r.L.T("live.err.invalid")
	default:
		return err
	}
	if r.Get("HX-Request") != "true" {
		return r.SeeOther("/live/" + d.Room.ID)
	}
	return r.Fragment(p.t, "live", "live-composer", map[string]any{"Data": d, "L": r.L, "CSRF": r.Caller.SessionCSRF})
}

func (p *pages) liveLike(r *site.Req) error {
	room := r.Params("room")
	if err := p.Apps.Commerce.LikeLive(r.Context(), room, 1); commerce.Code(err) == "" && err != nil {
		return err
	}
	if r.Get("HX-Request") != "true" {
		return r.SeeOther("/live/" + room)
	}
	return p.liveFragment("live-stats")(r)
}

// liveBuy is the one-tap buy: an order of one at the pin's price, then the
// host's sheet over the page.
func (p *pages) liveBuy(r *site.Req) error {
	room := r.Params("room")
	o, err := p.Apps.Commerce.BuyLive(r.Context(), room, r.UserID(), r.FormValue("sku_id"), 1)
	if code := commerce.Code(err); code != "" {
		key := "live.err.buy"
		switch code {
		case commerce.ErrOutOfStock.Code, commerce.ErrNotPinned.Code, commerce.ErrLiveClosed.Code:
			key = "live.err." + code
		}
		return r.Fragment(p.t, "live", "live-buy-error", map[string]any{"Message": r.L.T(key)})
	}
	if err != nil {
		return err
	}
	req, err := p.Apps.Commerce.RequestPayment(r.Context(), o.ID, commerce.Actor{Kind: commerce.ActorShopper, ID: r.UserID()})
	if err != nil {
		return err
	}
	if r.Get("HX-Request") != "true" {
		return r.SeeOther("/pay/r/" + req.ID)
	}
	d, err := p.sheet(r, req, "", p.orgName(r.Context(), req.BrandID), "")
	if err != nil {
		return err
	}
	return r.Fragment(p.t, "live", "sheet", map[string]any{"Data": d, "L": r.L, "CSRF": r.Caller.SessionCSRF, "OOB": false})
}
