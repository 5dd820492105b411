package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// apiClient calls a souk server's JSON API (docs/API.md) with a bearer token.
type apiClient struct {
	server string
	token  string
	http   *http.Client
}

func newAPIClient(server, token string) *apiClient {
	return &apiClient{server: server, token: token, http: &http.Client{Timeout: 2 * time.Minute}}
}

// apiError is the API's error body.
type apiError struct {
	Status  int
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *apiError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("the server answered %d %s", e.Status, e.Code)
	}
	return fmt.Sprintf("%s (%s)", e.Message, e.Code)
}

// do sends body (JSON unless it is an io.Reader sent as contentType) and
// decodes a 2xx answer into out (if not nil).
func (c *apiClient) do(ctx context.Context, method, path string, body any, out any) error {
	return c.send(ctx, method, path, body, "application/json", -1, out)
}

func (c *apiClient) send(ctx context.Context, method, path string, body any, contentType string, size int64, out any) error {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case io.Reader:
		rd = b
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(j)
		size = int64(len(j))
	}
	req, err := http.NewRequestWithContext(ctx, method, c.server+path, rd)
	if err != nil {
		return err
	}
	if rd != nil {
		req.Header.Set("Content-Type", contentType)
		if size >= 0 {
			req.ContentLength = size
		}
	}
	req.Header.Set("Accept", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach the souk server at %s: %w", c.server, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		var e struct {
			Error apiError `json:"error"`
		}
		_ = json.Unmarshal(raw, &e)
		e.Error.Status = resp.StatusCode
		if resp.StatusCode == http.StatusUnauthorized {
			return fmt.Errorf("%w: log in again with souk login --server %s", &e.Error, c.server)
		}
		return &e.Error
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("%s %s: unexpected answer: %w", method, path, err)
		}
	}
	return nil
}

// page is the API's list envelope.
type page[T any] struct {
	Data    []T  `json:"data"`
	HasMore bool `json:"has_more"`
}

// listAll reads every page of a list (at most max items).
func listAll[T any](ctx context.Context, c *apiClient, path string, id func(T) string, max int) ([]T, error) {
	var all []T
	after := ""
	for len(all) < max {
		q := url.Values{"limit": {"100"}}
		if after != "" {
			q.Set("starting_after", after)
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		var p page[T]
		if err := c.do(ctx, http.MethodGet, path+sep+q.Encode(), nil, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Data...)
		if !p.HasMore || len(p.Data) == 0 {
			break
		}
		after = id(p.Data[len(p.Data)-1])
	}
	return all, nil
}
