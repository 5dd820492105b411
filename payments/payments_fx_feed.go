package payments

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"time"

	"code.dny.dev/ssrf"
	"github.com/soukhq/souk/jobs"
)

// A rate feed is a file or a URL whose content is JSON:
//
//	{"as_of": "2026-12-04T12:00:00Z",
//	 "rates": [{"base": "USD", "quote": "JPY", "rate": "150.25"}]}
//
// Rates are strings (ParseRate's syntax; a JSON number is refused: no
// float ever carries a rate). A feed is loaded whole or not at all, on a
// schedule (JobFXFeed) or by an operator.

// JobFXFeed is the job kind that loads the configured feed, then schedules
// itself again after the feed interval.
const JobFXFeed = "fx.feed"

// Feed limits.
const (
	maxFeedBytes = 1 << 20
	maxFeedRates = 1000
)

type feedDoc struct {
	AsOf  string `json:"as_of"`
	Rates []struct {
		Base  string `json:"base"`
		Quote string `json:"quote"`
		Rate  string `json:"rate"`
	} `json:"rates"`
}

// ParseRateFeed reads a feed document. Unknown fields, a missing or
// malformed as_of, an empty or over-long list and anything ParseRate
// refuses fail the whole feed.
func ParseRateFeed(data []byte) ([]RateInput, error) {
	if len(data) > maxFeedBytes {
		return nil, fail(ErrInvalidRate, "the feed is larger than %d bytes", maxFeedBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc feedDoc
	if err := dec.Decode(&doc); err != nil {
		return nil, fail(ErrInvalidRate, "the feed is not a rate document: %v", err)
	}
	if dec.More() {
		return nil, fail(ErrInvalidRate, "the feed has data after its document")
	}
	asOf, err := time.Parse(time.RFC3339, doc.AsOf)
	if err != nil {
		return nil, fail(ErrInvalidRate, "as_of must be an RFC 3339 time")
	}
	if len(doc.Rates) == 0 || len(doc.Rates) > maxFeedRates {
		return nil, fail(ErrInvalidRate, "a feed has 1..%d rates", maxFeedRates)
	}
	out := make([]RateInput, 0, len(doc.Rates))
	for _, r := range doc.Rates {
		if err := checkCurrency(r.Base); err != nil {
			return nil, err
		}
		if err := checkCurrency(r.Quote); err != nil {
			return nil, err
		}
		if r.Base == r.Quote {
			return nil, fail(ErrInvalidRate, "a rate is between two currencies")
		}
		if _, err := ParseRate(r.Rate); err != nil {
			return nil, err
		}
		out = append(out, RateInput{Base: r.Base, Quote: r.Quote, Rate: r.Rate, AsOf: asOf})
	}
	return out, nil
}

// LoadRateFeed reads the feed at source (an http(s) URL, fetched through
// the SSRF-guarded client, or a file path) and records its rates with the
// source "url:<source>" or "file:<source>".
func (s *Service) LoadRateFeed(ctx context.Context, source string) ([]Rate, error) {
	var data []byte
	var err error
	label := "file:" + source
	if strings.HasPrefix(source, "https://") || strings.HasPrefix(source, "http://") {
		label = "url:" + source
		data, err = s.fetchFeed(ctx, source)
	} else {
		data, err = readFile(source)
	}
	if err != nil {
		return nil, err
	}
	in, err := ParseRateFeed(data)
	if err != nil {
		return nil, err
	}
	return s.RecordRates(ctx, label, in)
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("payments: rate feed: %w", err)
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxFeedBytes+1))
}

func (s *Service) fetchFeed(ctx context.Context, url string) ([]byte, error) {
	c := s.opts.FXFeedClient
	if c == nil {
		c = feedClient
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fail(ErrInvalidRate, "feed URL: %v", err)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("payments: rate feed: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("payments: rate feed answered %s", resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, maxFeedBytes+1))
}

// feedGuard refuses every special-purpose address (private, loopback,
// link-local, …; code.dny.dev/ssrf's IANA tables, as for webhooks) on the
// address actually dialled, after DNS, so a feed host cannot rebind to an
// internal one. Redirects are dialled through the same guard.
var feedGuard = ssrf.New(ssrf.WithAnyPort(), ssrf.WithDeniedV6Prefixes(netip.MustParsePrefix("5f00::/16")))

var feedClient = &http.Client{
	Timeout: 30 * time.Second,
	Transport: &http.Transport{
		Proxy:                 nil,
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second, Control: feedGuard.Safe}).DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 10 * time.Second,
	},
}

// UseFXFeed registers the feed job on q: it loads source every interval
// (default one hour). Call ScheduleFXFeed once the queue runs.
func (s *Service) UseFXFeed(q *jobs.Queue, source string, interval time.Duration) {
	if interval <= 0 {
		interval = time.Hour
	}
	s.fxFeed = fxFeed{q: q, source: source, every: interval}
	q.Handle(JobFXFeed, s.runFXFeed)
}

type fxFeed struct {
	q      *jobs.Queue
	source string
	every  time.Duration
}

// ScheduleFXFeed enqueues the feed's run for the current interval slot
// (idempotent by key, so every node and every restart may call it).
func (s *Service) ScheduleFXFeed(ctx context.Context, now time.Time) error {
	if s.fxFeed.q == nil {
		return nil
	}
	return s.scheduleFeed(ctx, now.Truncate(s.fxFeed.every), now)
}

func (s *Service) scheduleFeed(ctx context.Context, slot, runAt time.Time) error {
	return s.fxFeed.q.Enqueue(ctx, jobs.Job{Kind: JobFXFeed, Key: fmt.Sprintf("%s:%d", JobFXFeed, slot.Unix()), RunAt: runAt, MaxAttempts: 3})
}

// runFXFeed schedules the next slot first, so a failing feed never ends
// the schedule, then loads the feed (an error retries with backoff).
func (s *Service) runFXFeed(ctx context.Context, r jobs.Run) error {
	next := r.Now.Truncate(s.fxFeed.every).Add(s.fxFeed.every)
	if err := s.scheduleFeed(ctx, next, next); err != nil {
		return err
	}
	rates, err := s.LoadRateFeed(ctx, s.fxFeed.source)
	if err != nil {
		s.opts.Log.ErrorContext(ctx, "fx rate feed", "source", s.fxFeed.source, "error", err.Error())
		return err
	}
	s.opts.Log.InfoContext(ctx, "fx rate feed loaded", "source", s.fxFeed.source, "rates", len(rates))
	return nil
}
