package api_test

// The chat WebSocket: anonymous callers are refused before any upgrade; a
// signed-in caller's plain GET is told to upgrade (the socket itself is
// tested with real clients in chat/realtime).
func init() {
	matrix["chat-websocket"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/chat/ws", nil },
		want:    map[string]int{"anonymous": 401, "*": 426},
	}
}
