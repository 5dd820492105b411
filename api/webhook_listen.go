package api

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/webhooks"
)

type listenWebhooksInput struct {
	OrgID       string `path:"orgId" maxLength:"64"`
	AppID       string `path:"appId" maxLength:"64"`
	After       string `query:"after" maxLength:"64" doc:"Resume after this delivery id (the last one received); the Last-Event-ID header does the same"`
	LastEventID string `header:"Last-Event-ID" maxLength:"64"`
	Events      string `query:"events" maxLength:"2000" doc:"Comma-separated event types to stream (order.*, payment.succeeded…); all by default"`
	Wait        int    `query:"wait" minimum:"0" maximum:"55" default:"50" doc:"Seconds to stream before the server ends the response (reconnect with after); 0 sends what is there and ends"`
}

// listenReady is the stream's first event.
type listenReady struct {
	AppID      string `json:"app_id"`
	EndpointID string `json:"endpoint_id"`
	Secret     string `json:"secret"`
	After      string `json:"after,omitempty"`
}

// Listen stream timing: how often the log is read, the listen endpoint
// renewed, and a comment sent to keep proxies from closing the stream.
const (
	listenPoll      = 250 * time.Millisecond
	listenRenew     = 30 * time.Second
	listenKeepAlive = 15 * time.Second
)

var opListenWebhooks = huma.Operation{
	OperationID: "listen-webhooks",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/webhooks/listen",
	Tags:        []string{"webhooks"},
	Summary:     "Stream the app's webhook deliveries as they are produced (souk listen)",
	Description: "A text/event-stream. The first event, `ready`, carries the app's listen secret (`whsec_…`, the same " +
		"for every listener of the app). Then each `delivery` event (its SSE id is the delivery id) carries a " +
		"ListenDelivery: the exact body and the Standard Webhooks headers a registered endpoint would receive, " +
		"signed with the listen secret, for the caller to forward. While a listener is connected, or was within " +
		"2 minutes, the app's deliveries are recorded for it; reconnect with `after` (or Last-Event-ID) set to the " +
		"last delivery id to lose none (delivery is at least once: dedupe on webhook-id). The server ends the " +
		"response after `wait` seconds. Only members of the app's developer org who may manage its webhooks listen, " +
		"with a session or a token with the write scope.",
	Responses: map[string]*huma.Response{
		"200": {
			Description: "Server-sent events: ready, then delivery events",
			Content: map[string]*huma.MediaType{"text/event-stream": {Schema: &huma.Schema{Type: "string",
				Description: "event: ready / data: {app_id, endpoint_id, secret, after}; id: <delivery id> / event: delivery / data: ListenDelivery JSON"}}},
		},
	},
}

// listenWebhooks streams the app's deliveries to a developer (souk
// listen). Membership is checked by Register before anything is read.
func (s *Server) listenWebhooks(ctx context.Context, in *listenWebhooksInput) (*huma.StreamResponse, error) {
	svc, err := s.webhooks()
	if err != nil {
		return nil, err
	}
	// A GET, but it hands out the listen secret: not to read-only tokens.
	if !caller(ctx).HasScope(identity.ScopeWrite) {
		return nil, Fail(http.StatusForbidden, "insufficient_scope", "listening needs an API token with the write scope")
	}
	var patterns []string
	if in.Events != "" {
		if patterns, err = webhooks.ValidPatterns(strings.Split(in.Events, ",")); err != nil {
			return nil, err
		}
	}
	l, err := svc.Listen(ctx, in.OrgID, in.AppID)
	if err != nil {
		return nil, err
	}
	after := in.After
	if after == "" {
		after = in.LastEventID
	}
	cur, err := svc.ListenStart(ctx, l, after)
	if err != nil {
		return nil, err
	}
	ready, _ := json.Marshal(listenReady{AppID: l.AppID, EndpointID: l.EndpointID, Secret: l.Secret, After: after})
	wait := time.Duration(in.Wait) * time.Second
	return &huma.StreamResponse{Body: func(hctx huma.Context) {
		fc := humafiber.Unwrap(hctx)
		fc.Set("Content-Type", "text/event-stream")
		fc.Set("Cache-Control", "no-store")
		fc.Set("X-Accel-Buffering", "no")
		rc := fc.Context()
		rc.SetBodyStreamWriter(func(w *bufio.Writer) {
			// The request context ends when the server shuts down.
			sctx := context.Context(rc)
			deadline := time.Now().Add(wait)
			fmt.Fprintf(w, "retry: 1000\nevent: ready\ndata: %s\n\n", ready)
			poll := time.NewTicker(listenPoll)
			defer poll.Stop()
			lastRenew, lastWrite := time.Now(), time.Now()
			for {
				ds, err := svc.ListenAfter(sctx, l, &cur, patterns, 100)
				if err != nil {
					if sctx.Err() == nil {
						s.Log.Warn("webhook listen stream", "app", l.AppID, "error", err)
						fmt.Fprintf(w, "event: error\ndata: %q\n\n", "the server could not read the delivery log")
						_ = w.Flush()
					}
					return
				}
				for _, d := range ds {
					raw, _ := json.Marshal(d)
					fmt.Fprintf(w, "id: %s\nevent: delivery\ndata: %s\n\n", d.ID, raw)
					lastWrite = time.Now()
				}
				if time.Since(lastWrite) > listenKeepAlive {
					fmt.Fprint(w, ": ping\n\n")
					lastWrite = time.Now()
				}
				if err := w.Flush(); err != nil {
					return // the listener went away
				}
				if time.Since(lastRenew) > listenRenew {
					if err := svc.Renew(sctx, l); err != nil && sctx.Err() == nil {
						s.Log.Warn("webhook listen renew", "app", l.AppID, "error", err)
					}
					lastRenew = time.Now()
				}
				if !time.Now().Before(deadline) {
					return
				}
				select {
				case <-sctx.Done():
					return
				case <-poll.C:
				}
			}
		})
	}}, nil
}
