package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments/money"
)

// Live rooms (issue 17, part 5). A brand's staff open and close rooms,
// set the stream URL, pin SKUs with a flash price and allotment (owners and
// managers) and moderate (agents too: mute a user, remove a message).
// Anyone may see an open room and its messages; signed-in viewers send
// messages and likes and buy a pinned SKU with one tap (an order paid on
// the payment sheet: request-payment, then confirm with the PIN). Live
// updates come over the chat WebSocket ({"type":"watch","room_id":…};
// docs/CHAT_PROTOCOL.md).

// LiveRoomView is a live room.
type LiveRoomView struct {
	ID             string        `json:"id"`
	BrandID        string        `json:"brand_id"`
	InstallationID string        `json:"installation_id,omitempty"`
	Title          string        `json:"title"`
	StreamURL      string        `json:"stream_url" doc:"The brand's video stream (souk plays it, never transcodes it)"`
	HostID         string        `json:"host_id"`
	Status         string        `json:"status" enum:"open,closed"`
	Likes          int64         `json:"likes"`
	Viewers        int           `json:"viewers" doc:"Sockets watching on the node that answered"`
	LastSeq        int64         `json:"last_seq"`
	Pins           []LivePinView `json:"pins"`
	CreatedAt      time.Time     `json:"created_at"`
}

// LivePinView is a pinned SKU with its live price and stock.
type LivePinView struct {
	SKUID        string            `json:"sku_id"`
	ProductID    string            `json:"product_id"`
	Title        string            `json:"title"`
	Options      map[string]string `json:"options"`
	Currency     string            `json:"currency"`
	Price        string            `json:"price" doc:"What a buy pays now (the flash price, if any)"`
	CatalogPrice string            `json:"catalog_price"`
	Flash        bool              `json:"flash"`
	FlashStock   int64             `json:"flash_stock,omitempty"`
	FlashSold    int64             `json:"flash_sold,omitempty"`
	Available    int64             `json:"available"`
}

// LiveMessageView is a message in a room.
type LiveMessageView struct {
	Seq       int64     `json:"seq"`
	UserID    string    `json:"user_id"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at"`
}

func livePinViews(ps []commerce.LivePin) []LivePinView {
	out := make([]LivePinView, len(ps))
	for i, p := range ps {
		out[i] = LivePinView{SKUID: p.SKUID, ProductID: p.ProductID, Title: p.Title, Options: p.Options, Currency: p.Currency,
			Price: formatMinor(p.Currency, int64(p.Price)), CatalogPrice: formatMinor(p.Currency, int64(p.CatalogPrice)), Flash: p.Flash,
			FlashStock: p.FlashStock, FlashSold: p.FlashSold, Available: p.Available}
	}
	return out
}

func liveRoomView(r commerce.LiveRoom) LiveRoomView {
	return LiveRoomView{ID: r.ID, BrandID: r.BrandID, InstallationID: r.InstallationID, Title: r.Title, StreamURL: r.StreamURL, HostID: r.HostID,
		Status: r.Status, Likes: r.Likes, Viewers: r.Viewers, LastSeq: r.LastSeq, Pins: livePinViews(r.Pins), CreatedAt: r.CreatedAt}
}

func liveMessageView(m commerce.LiveMessage) LiveMessageView {
	return LiveMessageView{Seq: m.Seq, UserID: m.UserID, Text: m.Text, CreatedAt: m.CreatedAt}
}

type liveRoomOutput struct{ Body LiveRoomView }

type livePinsOutput struct {
	Body struct {
		Data []LivePinView `json:"data"`
	}
}

type liveMessageOutput struct{ Body LiveMessageView }

type openLiveRoomInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  struct {
		Title          string `json:"title" minLength:"1" maxLength:"120"`
		StreamURL      string `json:"stream_url" minLength:"1" maxLength:"2048" doc:"An http(s) URL of the brand's stream (HLS, DASH or a file the browser plays)"`
		InstallationID string `json:"installation_id,omitempty" maxLength:"64"`
	}
}

type brandLiveRoomsInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	PageParams
}

type brandLiveRoomInput struct {
	OrgID  string `path:"orgId" maxLength:"64"`
	RoomID string `path:"roomId" maxLength:"64"`
}

type updateLiveRoomInput struct {
	OrgID  string `path:"orgId" maxLength:"64"`
	RoomID string `path:"roomId" maxLength:"64"`
	Body   struct {
		StreamURL string `json:"stream_url,omitempty" maxLength:"2048"`
		Status    string `json:"status,omitempty" enum:"closed" doc:"closed closes the room for good"`
	}
}

type livePinInput struct {
	OrgID  string `path:"orgId" maxLength:"64"`
	RoomID string `path:"roomId" maxLength:"64"`
	SKUID  string `path:"skuId" maxLength:"64"`
	Body   struct {
		FlashPrice string `json:"flash_price,omitempty" maxLength:"32" doc:"A decimal amount in the product's currency (empty: the catalog price)"`
		FlashStock int64  `json:"flash_stock,omitempty" minimum:"0" maximum:"1000000" doc:"Units the flash sale may sell (0: the SKU's stock)"`
	}
}

type liveUnpinInput struct {
	OrgID  string `path:"orgId" maxLength:"64"`
	RoomID string `path:"roomId" maxLength:"64"`
	SKUID  string `path:"skuId" maxLength:"64"`
}

type liveModMessageInput struct {
	OrgID  string `path:"orgId" maxLength:"64"`
	RoomID string `path:"roomId" maxLength:"64"`
	Seq    int64  `path:"seq" minimum:"1"`
}

type liveMuteInput struct {
	OrgID  string `path:"orgId" maxLength:"64"`
	RoomID string `path:"roomId" maxLength:"64"`
	UserID string `path:"userId" maxLength:"64"`
}

type liveRoomInput struct {
	RoomID string `path:"roomId" maxLength:"64"`
}

type liveMessagesInput struct {
	RoomID string `path:"roomId" maxLength:"64"`
	PageParams
}

type sendLiveMessageInput struct {
	RoomID string `path:"roomId" maxLength:"64"`
	Body   struct {
		Text string `json:"text" minLength:"1" maxLength:"2000"`
	}
}

type likeLiveInput struct {
	RoomID string `path:"roomId" maxLength:"64"`
	Body   struct {
		Count int64 `json:"count,omitempty" minimum:"0" maximum:"50" doc:"Taps since the last call (default 1)"`
	}
}

type buyLiveInput struct {
	RoomID string `path:"roomId" maxLength:"64"`
	Body   struct {
		SKUID string `json:"sku_id" minLength:"1" maxLength:"64"`
		Qty   int64  `json:"qty,omitempty" minimum:"0" maximum:"1000" doc:"Default 1"`
	}
}

func (s *Server) registerLive() {
	if s.Commerce == nil {
		return
	}
	Register(s, brandWrite, opOpenLiveRoom, s.openLiveRoom)
	Register(s, brandRead, opListBrandLiveRooms, s.listBrandLiveRooms)
	Register(s, brandWrite, opUpdateLiveRoom, s.updateLiveRoom)
	Register(s, brandWrite, opPinLiveSKU, s.pinLiveSKU)
	Register(s, brandWrite, opUnpinLiveSKU, s.unpinLiveSKU)
	Register(s, brandAgents, opRemoveLiveMessage, s.removeLiveMessage)
	Register(s, brandAgents, opMuteLiveUser, s.muteLiveUser)
	Register(s, brandAgents, opUnmuteLiveUser, s.unmuteLiveUser)
	Register(s, Public, opGetLiveRoom, s.getLiveRoom)
	Register(s, Public, opListLiveMessages, s.listLiveMessages)
	Register(s, User, opSendLiveMessage, s.sendLiveMessage)
	Register(s, User, opLikeLiveRoom, s.likeLiveRoom)
	Register(s, User, opBuyLiveSKU, s.buyLiveSKU)
}

func liveStaff(ctx context.Context, orgID string) commerce.Actor {
	return commerce.Actor{Kind: commerce.ActorBrand, ID: caller(ctx).User.ID, Brand: orgID}
}

var opOpenLiveRoom = huma.Operation{
	OperationID:   "open-live-room",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/live-rooms",
	Tags:          []string{"live"},
	Summary:       "Open a live room (owner, manager)",
	Description:   "The caller hosts it. The stream URL is the brand's own: souk plays it and never transcodes it.",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) openLiveRoom(ctx context.Context, in *openLiveRoomInput) (*liveRoomOutput, error) {
	r, err := s.Commerce.OpenLiveRoom(ctx, in.OrgID, commerce.NewLiveRoom{Title: in.Body.Title, StreamURL: in.Body.StreamURL,
		InstallationID: in.Body.InstallationID}, liveStaff(ctx, in.OrgID))
	if err != nil {
		return nil, err
	}
	return &liveRoomOutput{Body: liveRoomView(r)}, nil
}

var opListBrandLiveRooms = huma.Operation{
	OperationID: "list-brand-live-rooms",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/live-rooms",
	Tags:        []string{"live"},
	Summary:     "The brand's live rooms, newest first",
}

func (s *Server) listBrandLiveRooms(ctx context.Context, in *brandLiveRoomsInput) (*pageOutput[LiveRoomView], error) {
	rs, err := s.Commerce.BrandLiveRooms(ctx, in.OrgID, liveStaff(ctx, in.OrgID))
	if err != nil {
		return nil, err
	}
	views := make([]LiveRoomView, len(rs))
	for i, r := range rs {
		views[i] = liveRoomView(r)
	}
	id := func(v LiveRoomView) string { return v.ID }
	return listPage(ctx, in.PageParams, id, sliceFetch(views, id))
}

var opUpdateLiveRoom = huma.Operation{
	OperationID: "update-live-room",
	Method:      http.MethodPatch,
	Path:        "/api/v1/orgs/{orgId}/live-rooms/{roomId}",
	Tags:        []string{"live"},
	Summary:     "Change a live room's stream URL, or close it (owner, manager)",
}

func (s *Server) updateLiveRoom(ctx context.Context, in *updateLiveRoomInput) (*liveRoomOutput, error) {
	a := liveStaff(ctx, in.OrgID)
	var (
		r   commerce.LiveRoom
		err error
	)
	switch {
	case in.Body.StreamURL == "" && in.Body.Status == "":
		return nil, Fail(http.StatusBadRequest, "invalid_request", "say what to change: stream_url or status")
	case in.Body.StreamURL != "" && in.Body.Status != "":
		return nil, Fail(http.StatusBadRequest, "invalid_request", "change the stream URL or close the room, not both")
	case in.Body.StreamURL != "":
		r, err = s.Commerce.UpdateLiveStream(ctx, in.RoomID, in.Body.StreamURL, a)
	default:
		r, err = s.Commerce.CloseLiveRoom(ctx, in.RoomID, a)
	}
	if err != nil {
		return nil, err
	}
	return &liveRoomOutput{Body: liveRoomView(r)}, nil
}

var opPinLiveSKU = huma.Operation{
	OperationID: "pin-live-sku",
	Method:      http.MethodPut,
	Path:        "/api/v1/orgs/{orgId}/live-rooms/{roomId}/pins/{skuId}",
	Tags:        []string{"live"},
	Summary:     "Pin a SKU in a live room, with an optional flash price and allotment (owner, manager)",
}

func (s *Server) pinLiveSKU(ctx context.Context, in *livePinInput) (*livePinsOutput, error) {
	var price int64
	if in.Body.FlashPrice != "" {
		k, err := s.Commerce.SKU(ctx, in.OrgID, in.SKUID)
		if err != nil {
			return nil, err
		}
		p, err := s.Commerce.Product(ctx, in.OrgID, k.ProductID)
		if err != nil {
			return nil, err
		}
		a, err := parseAmount(p.Currency, in.Body.FlashPrice)
		if err != nil {
			return nil, err
		}
		price = int64(a)
	}
	ps, err := s.Commerce.PinLive(ctx, in.RoomID, commerce.PinInput{SKUID: in.SKUID, FlashPrice: money.Amount(price), FlashStock: in.Body.FlashStock},
		liveStaff(ctx, in.OrgID))
	if err != nil {
		return nil, err
	}
	out := &livePinsOutput{}
	out.Body.Data = livePinViews(ps)
	return out, nil
}

var opUnpinLiveSKU = huma.Operation{
	OperationID: "unpin-live-sku",
	Method:      http.MethodDelete,
	Path:        "/api/v1/orgs/{orgId}/live-rooms/{roomId}/pins/{skuId}",
	Tags:        []string{"live"},
	Summary:     "Unpin a SKU (owner, manager)",
}

func (s *Server) unpinLiveSKU(ctx context.Context, in *liveUnpinInput) (*livePinsOutput, error) {
	ps, err := s.Commerce.UnpinLive(ctx, in.RoomID, in.SKUID, liveStaff(ctx, in.OrgID))
	if err != nil {
		return nil, err
	}
	out := &livePinsOutput{}
	out.Body.Data = livePinViews(ps)
	return out, nil
}

var opRemoveLiveMessage = huma.Operation{
	OperationID:   "remove-live-message",
	Method:        http.MethodDelete,
	Path:          "/api/v1/orgs/{orgId}/live-rooms/{roomId}/messages/{seq}",
	Tags:          []string{"live"},
	Summary:       "Remove a message from a live room (owner, manager, agent)",
	DefaultStatus: http.StatusNoContent,
}

func (s *Server) removeLiveMessage(ctx context.Context, in *liveModMessageInput) (*struct{}, error) {
	return nil, s.Commerce.RemoveLiveMessage(ctx, in.RoomID, in.Seq, liveStaff(ctx, in.OrgID))
}

var opMuteLiveUser = huma.Operation{
	OperationID:   "mute-live-user",
	Method:        http.MethodPut,
	Path:          "/api/v1/orgs/{orgId}/live-rooms/{roomId}/mutes/{userId}",
	Tags:          []string{"live"},
	Summary:       "Mute a user in a live room (owner, manager, agent)",
	DefaultStatus: http.StatusNoContent,
}

func (s *Server) muteLiveUser(ctx context.Context, in *liveMuteInput) (*struct{}, error) {
	return nil, s.Commerce.MuteLive(ctx, in.RoomID, in.UserID, true, liveStaff(ctx, in.OrgID))
}

var opUnmuteLiveUser = huma.Operation{
	OperationID:   "unmute-live-user",
	Method:        http.MethodDelete,
	Path:          "/api/v1/orgs/{orgId}/live-rooms/{roomId}/mutes/{userId}",
	Tags:          []string{"live"},
	Summary:       "Let a muted user speak again (owner, manager, agent)",
	DefaultStatus: http.StatusNoContent,
}

func (s *Server) unmuteLiveUser(ctx context.Context, in *liveMuteInput) (*struct{}, error) {
	return nil, s.Commerce.MuteLive(ctx, in.RoomID, in.UserID, false, liveStaff(ctx, in.OrgID))
}

var opGetLiveRoom = huma.Operation{
	OperationID: "get-live-room",
	Method:      http.MethodGet,
	Path:        "/api/v1/live-rooms/{roomId}",
	Tags:        []string{"live"},
	Summary:     "A live room: stream URL, pinned SKUs with live price and stock, likes and viewers",
}

func (s *Server) getLiveRoom(ctx context.Context, in *liveRoomInput) (*liveRoomOutput, error) {
	r, err := s.Commerce.LiveRoom(ctx, in.RoomID)
	if err != nil {
		return nil, err
	}
	return &liveRoomOutput{Body: liveRoomView(r)}, nil
}

var opListLiveMessages = huma.Operation{
	OperationID: "list-live-messages",
	Method:      http.MethodGet,
	Path:        "/api/v1/live-rooms/{roomId}/messages",
	Tags:        []string{"live"},
	Summary:     "A live room's last 200 messages, oldest first (removed ones left out; new ones arrive over the chat WebSocket)",
}

func (s *Server) listLiveMessages(ctx context.Context, in *liveMessagesInput) (*pageOutput[LiveMessageView], error) {
	ms, err := s.Commerce.RecentLiveMessages(ctx, in.RoomID, 200)
	if err != nil {
		return nil, err
	}
	views := make([]LiveMessageView, len(ms))
	for i, m := range ms {
		views[i] = liveMessageView(m)
	}
	id := func(v LiveMessageView) string { return strconv.FormatInt(v.Seq, 10) }
	return listPage(ctx, in.PageParams, id, sliceFetch(views, id))
}

var opSendLiveMessage = huma.Operation{
	OperationID: "send-live-message",
	Method:      http.MethodPost,
	Path:        "/api/v1/live-rooms/{roomId}/messages",
	Tags:        []string{"live"},
	Summary:     "Say something in a live room (rate limited; refused when muted)",
}

func (s *Server) sendLiveMessage(ctx context.Context, in *sendLiveMessageInput) (*liveMessageOutput, error) {
	m, err := s.Commerce.SendLiveMessage(ctx, in.RoomID, caller(ctx).User.ID, in.Body.Text)
	if err != nil {
		return nil, err
	}
	return &liveMessageOutput{Body: liveMessageView(m)}, nil
}

var opLikeLiveRoom = huma.Operation{
	OperationID:   "like-live-room",
	Method:        http.MethodPost,
	Path:          "/api/v1/live-rooms/{roomId}/likes",
	Tags:          []string{"live"},
	Summary:       "Like a live room (taps are counted, and reach viewers as one like-count update per period)",
	DefaultStatus: http.StatusNoContent,
}

func (s *Server) likeLiveRoom(ctx context.Context, in *likeLiveInput) (*struct{}, error) {
	n := in.Body.Count
	if n == 0 {
		n = 1
	}
	return nil, s.Commerce.LikeLive(ctx, in.RoomID, n)
}

var opBuyLiveSKU = huma.Operation{
	OperationID:   "buy-live-sku",
	Method:        http.MethodPost,
	Path:          "/api/v1/live-rooms/{roomId}/buy",
	Tags:          []string{"live"},
	Summary:       "Buy a pinned SKU with one tap",
	Description:   "Creates an order at the pin's price, holding the stock; pay it with request-payment and the payment sheet.",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) buyLiveSKU(ctx context.Context, in *buyLiveInput) (*orderOutput, error) {
	q := in.Body.Qty
	if q == 0 {
		q = 1
	}
	o, err := s.Commerce.BuyLive(ctx, in.RoomID, caller(ctx).User.ID, in.Body.SKUID, q)
	if err != nil {
		return nil, err
	}
	return s.orderOut(ctx, o.ID)
}
