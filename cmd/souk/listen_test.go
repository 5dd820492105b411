package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// When the stream drops, souk listen reconnects with after= the last
// delivery it forwarded, and forwards each delivery once even when the
// server repeats one on resume.
func TestListenResumesAfterTheLastDelivery(t *testing.T) {
	var mu sync.Mutex
	var afters []string
	var forwarded []string
	delivery := func(id string) string {
		return fmt.Sprintf("id: %s\nevent: delivery\ndata: {\"id\":%q,\"event_type\":\"order.paid\",\"headers\":{\"webhook-id\":%q},\"body\":\"{}\"}\n\n", id, id, id)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/orgs/o/apps/a/webhooks/listen":
			if r.Header.Get("Authorization") != "Bearer tok" {
				http.Error(w, "no", 401)
				return
			}
			mu.Lock()
			afters = append(afters, r.URL.Query().Get("after"))
			n := len(afters)
			mu.Unlock()
			w.Header().Set("Content-Type", "text/event-stream")
			fmt.Fprint(w, "event: ready\ndata: {\"app_id\":\"a\",\"secret\":\"whsec_x\"}\n\n")
			if n == 1 {
				fmt.Fprint(w, delivery("msg_1")) // then the connection drops
				return
			}
			fmt.Fprint(w, delivery("msg_1")+delivery("msg_2"))
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		case "/hook":
			mu.Lock()
			forwarded = append(forwarded, r.Header.Get("webhook-id"))
			if len(forwarded) == 2 {
				time.AfterFunc(200*time.Millisecond, cancel) // once this answer is read
			}
			mu.Unlock()
			w.WriteHeader(http.StatusAccepted)
		}
	}))
	defer srv.Close()
	var out bytes.Buffer
	tg := target{c: newAPIClient(srv.URL, "tok"), org: "o", app: devApp{ID: "a", Slug: "shop"}}
	done := make(chan error, 1)
	go func() { done <- runListen(ctx, &out, tg, listenOptions{forwardTo: srv.URL + "/hook"}) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("souk listen did not forward two deliveries; afters %v forwarded %v\n%s", afters, forwarded, out.String())
	}
	mu.Lock()
	defer mu.Unlock()
	if len(afters) < 2 || afters[0] != "" || afters[1] != "msg_1" {
		t.Fatalf("reconnected with after=%v", afters)
	}
	if strings.Join(forwarded, ",") != "msg_1,msg_2" {
		t.Fatalf("forwarded %v", forwarded)
	}
	for _, want := range []string{"your webhook signing secret is whsec_x", "order.paid msg_1 → 202 Accepted", "order.paid msg_2 → 202 Accepted"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("output lacks %q:\n%s", want, out.String())
		}
	}
}
