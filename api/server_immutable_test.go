package api

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"

	"github.com/gofiber/fiber/v2"
)

// Values read from a request (here a path parameter) stay what they were
// after the handler returns, even when the next request on the same
// keep-alive connection reuses fasthttp's buffers. Chat events queued for
// sockets keep the conversation id of the send that published them: before
// the server copied request values, the multi-node run (internal/killtest
// TestClusterThroughHAProxy) saw sockets get messages twice and under ids
// that were pieces of later requests' paths.
func TestRequestValuesOutliveTheRequest(t *testing.T) {
	s := New(Deps{Log: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	var kept []string
	s.App.Get("/test/escape/:id", func(c *fiber.Ctx) error {
		kept = append(kept, c.Params("id"), c.Get("X-Thing"))
		return c.SendStatus(http.StatusNoContent)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.App.Listener(ln) }()
	defer func() { _ = s.App.Shutdown() }()
	// One connection for both requests.
	hc := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1}}
	for _, id := range []string{"cnv_aaaaaaaaaaaa", "cnv_bbbbbbbbbbbb"} {
		req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/test/escape/"+id, nil)
		req.Header.Set("X-Thing", "thing-"+id)
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	want := []string{"cnv_aaaaaaaaaaaa", "thing-cnv_aaaaaaaaaaaa", "cnv_bbbbbbbbbbbb", "thing-cnv_bbbbbbbbbbbb"}
	if len(kept) != len(want) {
		t.Fatalf("kept %q", kept)
	}
	for i := range want {
		if kept[i] != want[i] {
			t.Fatalf("values kept from the requests are now %q, want %q", kept, want)
		}
	}
}
