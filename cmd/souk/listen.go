package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
)

func init() { rootCmd.AddCommand(newListenCommand()) }

// listenDelivery is a delivery as GET …/webhooks/listen streams it
// (webhooks.ListenDelivery).
type listenDelivery struct {
	ID        string            `json:"id"`
	EventType string            `json:"event_type"`
	Headers   map[string]string `json:"headers"`
	Body      string            `json:"body"`
}

type listenOptions struct {
	forwardTo   string
	events      string
	printSecret bool
}

func newListenCommand() *cobra.Command {
	var a appRef
	var o listenOptions
	cmd := &cobra.Command{
		Use:   "listen",
		Short: "Forward the app's webhook deliveries from a souk server to a local URL",
		Long: `Listen connects to a souk server with your token (souk login) and
forwards the app's webhook deliveries — order.* and payment.* events, as
they are produced — to a URL on your machine, with the body and the
Standard Webhooks headers (webhook-id, webhook-timestamp,
webhook-signature) a registered endpoint would receive. Your receiver
verifies them with the app's listen secret, printed at start (the same for
every listener of the app and across sessions; --print-secret prints it
and exits). It prints one line per delivery with your receiver's status.

The server records the app's deliveries while someone listens and for two
minutes after: when the connection drops, listen reconnects and resumes
after the last delivery it forwarded, so a short break loses nothing.
Deliveries are at least once: dedupe on webhook-id. Nothing is retried
against your receiver; registered endpoints keep their own deliveries.

You must be an owner or developer of the app's developer org.`,
		Example: `  souk listen --forward-to http://localhost:3000/hook
  souk listen --app shop --events order.paid,payment.* --forward-to http://localhost:3000/hook
  souk listen --print-secret`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.forwardTo == "" && !o.printSecret {
				return errors.New("pass --forward-to URL (where to send deliveries) or --print-secret")
			}
			if o.forwardTo != "" {
				u, err := url.Parse(o.forwardTo)
				if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
					return fmt.Errorf("--forward-to %q: give an http:// or https:// URL", o.forwardTo)
				}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			t, err := a.resolve(ctx, false)
			if err != nil {
				return err
			}
			return runListen(ctx, cmd.OutOrStdout(), t, o)
		},
	}
	addAppFlags(cmd, &a)
	cmd.Flags().StringVar(&o.forwardTo, "forward-to", "", "the local URL that receives each delivery (POST)")
	cmd.Flags().StringVar(&o.events, "events", "", "comma-separated event types to forward, e.g. order.paid,payment.* (default: all)")
	cmd.Flags().BoolVar(&o.printSecret, "print-secret", false, "print the app's listen signing secret and exit")
	return cmd
}

// errStreamEnded is a stream the server ended normally (its wait is over).
var errStreamEnded = errors.New("stream ended")

// runListen streams and forwards until ctx ends.
func runListen(ctx context.Context, out io.Writer, t target, o listenOptions) error {
	l := &listener{t: t, o: o, out: out, seen: map[string]bool{},
		forward: &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		stream:  &http.Client{}}
	backoff := 500 * time.Millisecond
	for {
		err := l.connect(ctx)
		if ctx.Err() != nil {
			return nil
		}
		var ae *apiError
		switch {
		case errors.Is(err, errSecretPrinted):
			return nil
		case errors.As(err, &ae) && ae.Code == "resume_expired":
			fmt.Fprintf(out, "souk listen: the server no longer has delivery %s; deliveries since may be missing, going on from now\n", l.after)
			l.after = ""
			continue
		case errors.As(err, &ae) && ae.Status < 500 && ae.Status != http.StatusTooManyRequests:
			return err
		case errors.Is(err, errStreamEnded):
			backoff = 500 * time.Millisecond
			continue // the server's wait is over: reconnect at once
		case err != nil:
			fmt.Fprintf(out, "souk listen: connection lost (%v); reconnecting in %s\n", err, backoff)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 10*time.Second)
	}
}

var errSecretPrinted = errors.New("secret printed")

type listener struct {
	t       target
	o       listenOptions
	out     io.Writer
	forward *http.Client
	stream  *http.Client
	after   string          // the last delivery forwarded: the resume point
	seen    map[string]bool // forwarded ids (a resume may repeat a few)
	ready   bool
}

// connect opens one stream and forwards its deliveries until it ends.
func (l *listener) connect(ctx context.Context) error {
	q := url.Values{}
	if l.after != "" {
		q.Set("after", l.after)
	}
	if l.o.events != "" {
		q.Set("events", l.o.events)
	}
	path := l.t.path("/webhooks/listen")
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.t.c.server+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+l.t.c.token)
	resp, err := l.stream.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		var e struct {
			Error apiError `json:"error"`
		}
		_ = json.Unmarshal(raw, &e)
		e.Error.Status = resp.StatusCode
		if resp.StatusCode == http.StatusUnauthorized {
			return fmt.Errorf("%w: log in again with souk login --server %s", &e.Error, l.t.c.server)
		}
		return &e.Error
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 8<<20)
	var event string
	var data bytes.Buffer
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if err := l.handle(ctx, event, data.Bytes()); err != nil {
				return err
			}
			event = ""
			data.Reset()
		case strings.HasPrefix(line, "event:"):
			event = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
		case strings.HasPrefix(line, "data:"):
			if data.Len() > 0 {
				data.WriteByte('\n')
			}
			data.WriteString(strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " "))
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return errStreamEnded
}

func (l *listener) handle(ctx context.Context, event string, data []byte) error {
	switch event {
	case "ready":
		var r struct {
			AppID  string `json:"app_id"`
			Secret string `json:"secret"`
		}
		if err := json.Unmarshal(data, &r); err != nil {
			return fmt.Errorf("the server's ready event: %w", err)
		}
		if l.o.printSecret {
			fmt.Fprintln(l.out, r.Secret)
			return errSecretPrinted
		}
		if !l.ready {
			l.ready = true
			fmt.Fprintf(l.out, "souk listen: forwarding %s (%s) webhooks from %s to %s\n", l.t.app.Slug, r.AppID, l.t.c.server, l.o.forwardTo)
			fmt.Fprintf(l.out, "souk listen: your webhook signing secret is %s (Ctrl-C stops)\n", r.Secret)
		} else if l.after != "" {
			fmt.Fprintf(l.out, "souk listen: reconnected, resuming after %s\n", l.after)
		}
	case "delivery":
		var d listenDelivery
		if err := json.Unmarshal(data, &d); err != nil {
			return fmt.Errorf("a delivery event: %w", err)
		}
		if !l.seen[d.ID] {
			l.seen[d.ID] = true
			if len(l.seen) > 10_000 {
				l.seen = map[string]bool{d.ID: true}
			}
			fmt.Fprintln(l.out, l.send(ctx, d))
		}
		l.after = d.ID
	case "error":
		return fmt.Errorf("the server: %s", data)
	}
	return nil
}

// send POSTs one delivery to the local URL and returns its line.
func (l *listener) send(ctx context.Context, d listenDelivery) string {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.o.forwardTo, strings.NewReader(d.Body))
	if err != nil {
		return fmt.Sprintf("%s %s → error: %v", d.EventType, d.ID, err)
	}
	for k, v := range d.Headers {
		req.Header.Set(k, v)
	}
	req.Header.Set("User-Agent", "souk-listen/1")
	resp, err := l.forward.Do(req)
	if err != nil {
		return fmt.Sprintf("%s %s → error: %v", d.EventType, d.ID, err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	return fmt.Sprintf("%s %s → %d %s (%dms)", d.EventType, d.ID, resp.StatusCode, http.StatusText(resp.StatusCode), time.Since(start).Milliseconds())
}
