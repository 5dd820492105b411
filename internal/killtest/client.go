package killtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"
)

// client is an HTTP client that treats every request as something that
// must happen exactly once: a request without an answer (connection refused
// or reset, timeout) or with a 5xx or an idempotency_key_in_use is sent again
// with the same Idempotency-Key until it gets a definitive answer; a 429 is
// waited out.
type client struct {
	base string
	hc   *http.Client
	// giveUp bounds how long one request may be retried.
	giveUp time.Duration

	sent, retried, replayed atomic.Int64
	// unauthorized counts 401 answers (a session one node does not honour)
	unauthorized atomic.Int64
	// lbErrors counts 502, 503 and 504 answers (a balancer with no node
	// to give the request to, or a node that went away under it)
	lbErrors atomic.Int64
	// onAnswer, when set, sees every answer
	onAnswer func(answer)

	keys   atomic.Int64
	prefix string
	noKeys bool
}

// answer is a definitive response.
type answer struct {
	status int
	code   string // error code, if any
	body   []byte
	node   string // the node that answered, when a balancer says (X-Souk-Node)
}

func (a answer) ok() bool { return a.status >= 200 && a.status < 300 }

func (a answer) decode(v any) error { return json.Unmarshal(a.body, v) }

func (a answer) String() string {
	b := a.body
	if len(b) > 300 {
		b = b[:300]
	}
	return fmt.Sprintf("%d %s", a.status, b)
}

var errGaveUp = errors.New("no definitive answer before giving up")

// key returns a fresh idempotency key.
func (c *client) key(what string) string {
	return fmt.Sprintf("%s-%s-%d", c.prefix, what, c.keys.Add(1))
}

// do sends method path with body (JSON) as token under key; an empty key
// sends none (reads). max5xx > 0 stops after that many 5xx answers from a
// running server (for an operation the server may have lost for good).
func (c *client) do(ctx context.Context, method, path, token, key string, body any, max5xx int) (answer, error) {
	var payload []byte
	ctype := ""
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return answer{}, err
		}
		ctype = "application/json"
	}
	return c.doRaw(ctx, method, path, token, key, ctype, payload, nil, max5xx)
}

// doRaw is do with a body already encoded as ctype and extra headers.
func (c *client) doRaw(ctx context.Context, method, path, token, key, ctype string, payload []byte, header http.Header,
	max5xx int) (answer, error) {
	deadline := time.Now().Add(c.giveUp)
	fives := 0
	var last string
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			c.retried.Add(1)
			if time.Now().After(deadline) {
				return answer{}, fmt.Errorf("%s %s: %w (last: %s)", method, path, errGaveUp, last)
			}
			d := time.Duration(min(attempt, 10)) * 20 * time.Millisecond
			select {
			case <-time.After(d):
			case <-ctx.Done():
				return answer{}, ctx.Err()
			}
		}
		c.sent.Add(1)
		req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(payload))
		if err != nil {
			return answer{}, err
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		for k, vs := range header {
			req.Header[k] = vs
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if key != "" && !c.noKeys {
			req.Header.Set("Idempotency-Key", key)
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return answer{}, ctx.Err()
			}
			last = err.Error()
			continue
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			last = err.Error()
			continue
		}
		a := answer{status: resp.StatusCode, body: b, node: resp.Header.Get("X-Souk-Node")}
		switch a.status {
		case http.StatusUnauthorized:
			c.unauthorized.Add(1)
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			c.lbErrors.Add(1)
		}
		if c.onAnswer != nil {
			c.onAnswer(a)
		}
		var e struct {
			Error struct{ Code string } `json:"error"`
		}
		if json.Unmarshal(b, &e) == nil {
			a.code = e.Error.Code
		}
		if resp.Header.Get("Idempotent-Replayed") == "true" {
			c.replayed.Add(1)
		}
		if a.status >= 500 {
			last = a.String()
			fives++
			if max5xx > 0 && fives >= max5xx {
				return a, nil
			}
			continue
		}
		if a.status == http.StatusTooManyRequests {
			// Sign-up, log-in and PIN changes are limited per client
			// address: wait for the window rather than fail the setup.
			last = a.String()
			select {
			case <-time.After(time.Second):
			case <-ctx.Done():
				return answer{}, ctx.Err()
			}
			continue
		}
		if a.status == http.StatusConflict && a.code == "idempotency_key_in_use" {
			last = a.String()
			continue
		}
		return a, nil
	}
}
