package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// devReceipt is a receipt as the API returns it (runtime.Receipt).
type devReceipt struct {
	ID             string    `json:"id"`
	Version        string    `json:"version"`
	InstallationID string    `json:"installation_id"`
	Event          string    `json:"event"`
	Outcome        string    `json:"outcome"`
	Reason         string    `json:"reason"`
	StartedAt      time.Time `json:"started_at"`
	WallMicros     int64     `json:"wall_us"`
	HostCalls      int       `json:"host_calls"`
	LogLines       int       `json:"log_lines"`
	Error          *struct {
		Name    string `json:"name"`
		Message string `json:"message"`
		Stack   string `json:"stack"`
	} `json:"error"`
	Logs []struct {
		Level   string          `json:"level"`
		Message string          `json:"message"`
		Fields  json.RawMessage `json:"fields"`
	} `json:"logs"`
}

// tailLookback is how far before the newest receipt seen the follower
// looks again: a receipt is written when its event ends, so one that
// started earlier (events run at most a few seconds) can appear after a
// newer one. Receipts already printed are remembered by id.
const tailLookback = time.Minute

// tailEvery is the follower's polling interval.
const tailEvery = 400 * time.Millisecond

func newLogsCommand() *cobra.Command {
	var a appRef
	var follow bool
	var outcome, event string
	var limit int
	cmd := &cobra.Command{
		Use:   "logs",
		Short: "Show the app's event receipts and logs; --follow streams them as they happen",
		Long: `Logs prints the app's receipts — one per event the host ran (render,
action, orderPaid, …) with its outcome, duration and version — with the
app's log and console lines, and for failures the error with its stack
mapped to your TypeScript sources.

Without --follow it prints the latest receipts (--limit) and exits. With
--follow it keeps printing new receipts as events happen, until
interrupted. --outcome and --event filter on the server.`,
		Example: `  souk logs --follow
  souk logs --follow --outcome error
  souk logs --event render --limit 50`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			t, err := a.resolve(ctx, false)
			if err != nil {
				return err
			}
			q := url.Values{}
			if outcome != "" {
				q.Set("outcome", outcome)
			}
			if event != "" {
				q.Set("event", event)
			}
			out := cmd.OutOrStdout()
			if !follow {
				var p page[devReceipt]
				q.Set("limit", strconv.Itoa(limit))
				if err := t.c.do(ctx, http.MethodGet, t.path("/receipts?"+q.Encode()), nil, &p); err != nil {
					return err
				}
				slices.Reverse(p.Data)
				for _, r := range p.Data {
					printReceipt(ctx, out, t, r)
				}
				return nil
			}
			return tailReceipts(ctx, out, cmd.ErrOrStderr(), t, q)
		},
	}
	addAppFlags(cmd, &a)
	cmd.Flags().BoolVarP(&follow, "follow", "f", false, "keep printing new receipts as events happen")
	cmd.Flags().StringVar(&outcome, "outcome", "", "only receipts with this outcome (ok, error, timeout, invalid_view, …)")
	cmd.Flags().StringVar(&event, "event", "", "only this handler (render, action, orderPaid, …)")
	cmd.Flags().IntVar(&limit, "limit", 20, "without --follow: how many of the latest receipts (1-100)")
	return cmd
}

// tailReceipts polls the receipts list (filtered on the server) and prints
// each receipt once, oldest first, until ctx ends.
func tailReceipts(ctx context.Context, out, errOut io.Writer, t target, q url.Values) error {
	seen := map[string]time.Time{}
	var anchor time.Time // the newest started_at seen, in the server's clock
	first, failing := true, false
	fmt.Fprintf(errOut, "following %s on %s (Ctrl-C to stop)\n", t.app.Slug, t.c.server)
	for {
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		if !anchor.IsZero() {
			qq.Set("since", anchor.Add(-tailLookback).UTC().Format(time.RFC3339Nano))
		}
		var fresh []devReceipt
		after := ""
		for range 20 {
			qq.Set("limit", "100")
			if after != "" {
				qq.Set("starting_after", after)
			}
			var p page[devReceipt]
			if err := t.c.do(ctx, http.MethodGet, t.path("/receipts?"+qq.Encode()), nil, &p); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				var ae *apiError
				if errors.As(err, &ae) && ae.Status < 500 && ae.Status != http.StatusTooManyRequests {
					return err // refused: logged out, no such app, a bad filter
				}
				// The server is restarting or unreachable: keep trying.
				if !failing {
					fmt.Fprintf(errOut, "warning: %v; retrying\n", err)
				}
				failing = true
				break
			}
			if failing {
				fmt.Fprintln(errOut, "reconnected")
				failing = false
			}
			for _, r := range p.Data {
				if _, ok := seen[r.ID]; !ok {
					fresh = append(fresh, r)
				}
			}
			if !p.HasMore || len(p.Data) == 0 {
				break
			}
			after = p.Data[len(p.Data)-1].ID
		}
		if failing {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(time.Second):
			}
			continue
		}
		slices.SortFunc(fresh, func(a, b devReceipt) int {
			if c := a.StartedAt.Compare(b.StartedAt); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		for _, r := range fresh {
			seen[r.ID] = r.StartedAt
			if r.StartedAt.After(anchor) {
				anchor = r.StartedAt
			}
			if !first {
				printReceipt(ctx, out, t, r)
			}
		}
		first = false
		for id, at := range seen {
			if at.Before(anchor.Add(-2 * tailLookback)) {
				delete(seen, id)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(tailEvery):
		}
	}
}

// printReceipt prints one receipt, its logs and its error; the logs come
// from the receipt itself (the list leaves them out).
func printReceipt(ctx context.Context, w io.Writer, t target, r devReceipt) {
	if r.LogLines > 0 && len(r.Logs) == 0 {
		var full devReceipt
		if t.c.do(ctx, http.MethodGet, t.path("/receipts/"+url.PathEscape(r.ID)), nil, &full) == nil {
			r.Logs = full.Logs
		}
	}
	fmt.Fprintf(w, "%s %-8s %-12s %6.1fms  v%s  %s  %s\n", r.StartedAt.UTC().Format("2006-01-02T15:04:05.000Z"), r.Outcome,
		r.Event, float64(r.WallMicros)/1000, r.Version, r.InstallationID, r.ID)
	for _, l := range r.Logs {
		line := fmt.Sprintf("  [%s] %s", l.Level, l.Message)
		if len(l.Fields) > 0 && string(l.Fields) != "null" {
			line += " " + string(l.Fields)
		}
		fmt.Fprintln(w, line)
	}
	if r.Reason != "" {
		fmt.Fprintf(w, "  reason: %s\n", r.Reason)
	}
	if r.Error != nil {
		stack := r.Error.Stack
		if stack == "" {
			stack = r.Error.Name + ": " + r.Error.Message
		}
		for _, l := range strings.Split(stack, "\n") {
			fmt.Fprintf(w, "  %s\n", strings.TrimSpace(l))
		}
	}
}
