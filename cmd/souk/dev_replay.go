package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
)

// errReplayDiffers is souk replay's failure when the replay of the recorded
// version does not reproduce the recorded event.
var errReplayDiffers = errors.New("the replay differs from the recorded event")

func newReplayCommand() *cobra.Command {
	var a appRef
	var withBuild string
	cmd := &cobra.Command{
		Use:   "replay RECEIPT_ID",
		Short: "Re-run a recorded production event locally, deterministically; --with-build tries your working copy on it",
		Long: `Replay fetches the recording of one event (souk logs shows receipt ids)
and the exact bundle version it ran, and runs the event again in a local
sandbox worker — the same code and limits as production — with the recorded
host-call results, clock values and random seed. It prints the view (or the
handler's value) and the outcome, and whether they are the recorded ones;
a host call that differs from the recorded one is reported as
"diverged at call N: expected X got Y".

With --with-build DIR it builds DIR (your working copy) and replays the
event against that build instead, printing the difference from the recorded
view and outcome: a fix checked against the real event.

Replay is exact for an app that keeps no state between events outside
storage (module-level variables of a warm runtime are not recorded). A
recording over 256 KiB is not replayable; recordings are kept for the
server's SOUK_RECORDING_RETENTION (default 72h).`,
		Example: `  souk replay rcp_06h2…
  souk replay rcp_06h2… --with-build .`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if withBuild != "" && a.dir == "." {
				a.dir = withBuild
			}
			t, err := a.resolve(ctx, false)
			if err != nil {
				return err
			}
			var rec runtime.Recording
			if err := t.c.do(ctx, http.MethodGet, t.path("/receipts/"+url.PathEscape(args[0])+"/recording"), nil, &rec); err != nil {
				return err
			}
			var archive []byte
			what := fmt.Sprintf("version %s", rec.Version)
			if withBuild != "" {
				res, err := devBuild(withBuild)
				if err != nil {
					return err
				}
				archive = res.Archive
				abs, _ := filepath.Abs(withBuild)
				what = "the local build of " + abs
			} else if rec.Truncated == "" {
				if archive, err = fetchBundle(ctx, t, rec.Version); err != nil {
					return err
				}
				if sum := sha256.Sum256(archive); hex.EncodeToString(sum[:]) != rec.BundleHash {
					return fmt.Errorf("the server's bundle of version %s is not the one the event ran (hash %s, recorded %s)", rec.Version, hex.EncodeToString(sum[:]), rec.BundleHash)
				}
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "replaying %s: %s of %s %s on installation %s, recorded %s, against %s\n",
				rec.ReceiptID, rec.Handler, t.app.Slug, rec.Version, rec.InstallationID, rec.StartedAt.Format("2006-01-02 15:04:05Z07:00"), what)
			if rec.Truncated != "" {
				return fmt.Errorf("not replayable: recording truncated (%s)", rec.Truncated)
			}
			bun, err := runtime.ReadBundle(bytes.NewReader(archive), int64(len(archive)), runtime.DefaultBundleLimits())
			if err != nil {
				return err
			}
			pool, err := sandbox.NewPool(sandbox.PoolConfig{Size: 1})
			if err != nil {
				return err
			}
			defer pool.Close()
			rr, err := runtime.Replay(ctx, pool, bun, &rec)
			if err != nil {
				return err
			}
			printReplay(out, &rec, rr, withBuild != "")
			if !rr.Same && withBuild == "" {
				return errReplayDiffers
			}
			return nil
		},
	}
	addAppFlags(cmd, &a)
	cmd.Flags().StringVar(&withBuild, "with-build", "", "replay against a build of this directory (your working copy) instead of the recorded version, and show the difference")
	return cmd
}

// printReplay prints the replay's outcome and view, and how they compare
// with the recorded event.
func printReplay(w io.Writer, rec *runtime.Recording, rr *runtime.ReplayResult, withBuild bool) {
	fmt.Fprintf(w, "outcome: %s", rr.Outcome)
	if rr.Reason != "" {
		fmt.Fprintf(w, " (%s)", rr.Reason)
	}
	fmt.Fprintln(w)
	if rr.Error != nil && rr.Error.Stack != "" {
		fmt.Fprintln(w, rr.Error.Stack)
	}
	if len(rr.Value) > 0 {
		label := "value"
		switch rec.Handler {
		case "render", "action":
			label = "view"
		}
		var buf bytes.Buffer
		if json.Indent(&buf, rr.Value, "", "  ") != nil {
			buf.Reset()
			buf.Write(rr.Value)
		}
		fmt.Fprintf(w, "%s:\n%s\n", label, buf.String())
	}
	fmt.Fprintf(w, "host calls: %d (recorded: %d)\n", rr.Calls, rr.Recorded)
	if rr.Divergence != "" {
		fmt.Fprintln(w, rr.Divergence)
	}
	if rr.ClockOverrun > 0 {
		fmt.Fprintf(w, "the replay read the clock %d more times than the recorded event\n", rr.ClockOverrun)
	}
	if rr.Same {
		fmt.Fprintln(w, "same as recorded: yes")
		return
	}
	fmt.Fprintln(w, "same as recorded: no")
	if rr.Outcome != rec.Outcome {
		fmt.Fprintf(w, "- outcome: %s\n+ outcome: %s\n", rec.Outcome, rr.Outcome)
	}
	if d := runtime.DiffJSON(rec.Value, rr.Value); d != "" {
		fmt.Fprintln(w, "difference from the recorded view (- recorded, + replay):")
		fmt.Fprint(w, d)
	}
	if !withBuild {
		fmt.Fprintln(w, "the recorded version did not reproduce the event: does the app keep state between events outside storage?")
	}
}

// fetchBundle downloads a version's archive.
func fetchBundle(ctx context.Context, t target, version string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.c.server+t.path("/versions/"+url.PathEscape(version)+"/bundle"), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/zip")
	if t.c.token != "" {
		req.Header.Set("Authorization", "Bearer "+t.c.token)
	}
	resp, err := t.c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("cannot reach the souk server at %s: %w", t.c.server, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error apiError `json:"error"`
		}
		_ = json.Unmarshal(data, &e)
		e.Error.Status = resp.StatusCode
		return nil, fmt.Errorf("download version %s: %w", version, &e.Error)
	}
	return data, nil
}
