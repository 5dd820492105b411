package api

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"
)

const (
	chatWSPath  = "/api/v1/chat/ws"
	wsUserLocal = "souk.ws.user"
)

// mountChatWS serves the chat WebSocket (docs/CHAT_PROTOCOL.md). It is a
// plain fiber route, not a huma operation, but it is documented in the
// OpenAPI document and listed in Routes like every other route.
func (s *Server) mountChatWS() {
	if s.Realtime == nil {
		return
	}
	s.App.Get(chatWSPath, s.chatWSGate, websocket.New(func(c *websocket.Conn) {
		defer s.recoverSocket(chatWSPath)
		user, _ := c.Locals(wsUserLocal).(string)
		s.Realtime.Serve(user, c.Conn)
	}, websocket.Config{HandshakeTimeout: 10 * time.Second, ReadBufferSize: 4096, WriteBufferSize: 4096}))
	s.Routes = append(s.Routes, Route{Method: http.MethodGet, Path: chatWSPath, OperationID: "chat-websocket", Access: User})
	s.API.OpenAPI().AddOperation(&huma.Operation{
		Method:      http.MethodGet,
		Path:        chatWSPath,
		OperationID: "chat-websocket",
		Summary:     "Chat realtime WebSocket",
		Description: "Upgrades to a WebSocket that delivers messages, edits, recalls, read markers, typing and membership changes " +
			"for every conversation of the caller; the client resumes with its last seq per conversation and receives exactly what it missed. " +
			"Frames are described in docs/CHAT_PROTOCOL.md. Browsers authenticate with the session cookie and must come from an allowed Origin.",
		Tags:     []string{"chat"},
		Security: []map[string][]string{{"bearer": {}}, {"session": {}}},
		Responses: map[string]*huma.Response{
			"101": {Description: "Switching to the WebSocket protocol"},
			"401": {Description: "Not signed in"},
			"403": {Description: "The Origin is not allowed"},
			"426": {Description: "Not a WebSocket upgrade request"},
		},
	})
}

// chatWSGate refuses, before any upgrade, a foreign Origin (cross-site
// WebSocket hijacking rides on the session cookie), an anonymous caller,
// and a request that is not an upgrade.
func (s *Server) chatWSGate(c *fiber.Ctx) error {
	if !s.originAllowed(c) {
		return c.Status(http.StatusForbidden).JSON(Fail(http.StatusForbidden, "origin_refused", "this Origin may not open the chat socket"))
	}
	caller, ok := CallerFrom(c.UserContext())
	if !ok {
		return c.Status(http.StatusUnauthorized).JSON(Fail(http.StatusUnauthorized, "unauthenticated", "sign in or send a valid bearer token"))
	}
	if !websocket.IsWebSocketUpgrade(c) {
		return c.Status(http.StatusUpgradeRequired).JSON(Fail(http.StatusUpgradeRequired, "upgrade_required", "this endpoint speaks WebSocket only"))
	}
	c.Locals(wsUserLocal, caller.User.ID)
	return c.Next()
}

// originAllowed: no Origin is a non-browser client (it cannot be made to
// send someone else's cookie); a browser's Origin must be this host or one
// of AllowedOrigins (scheme://host[:port], exact).
func (s *Server) originAllowed(c *fiber.Ctx) bool {
	o := c.Get(fiber.HeaderOrigin)
	if o == "" {
		return true
	}
	if slices.Contains(s.AllowedOrigins, strings.TrimSuffix(o, "/")) {
		return true
	}
	u, err := url.Parse(o)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	return strings.EqualFold(u.Host, string(c.Request().Host()))
}
