package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/host"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/webhooks"
)

func init() {
	var o devOptions
	cmd := &cobra.Command{
		Use:   "dev [dir]",
		Short: "Run a mini-program on a local souk node with a seeded world and live reload",
		Long: `Dev builds the mini-program in dir (default: the current directory), starts
a souk node inside this process on a fresh SQLite database in a temporary
directory (or --data-dir, to keep the world across runs) and seeds a
development world through the same services the API uses: a brand with a
stocked catalog, a shopper with a funded wallet (500.00 USD) and a payment
PIN, and your app uploaded, approved by a seeded reviewer, released and
installed for the brand with every permission it asks for. Development
builds skip human review only on this local node; a real souk server still
needs a reviewer.

It prints a sign-in link for the shopper that opens the shell on your app's
home page. The link works only on this node, from this machine (loopback).

On every save under dir (node_modules and dot-directories are ignored) it
rebuilds, uploads the build as a new development version (souk.json's
version with -dev.N appended), swaps it in for every shopper and reloads
the open browser pages. A build error is printed with its TypeScript file
and line, and shown on the page; the previous build keeps running. If the
project does not build when souk dev starts, it waits for a save that
fixes it.

The sandbox runs the app with production's code and limits. Each event
prints a one-line receipt (outcome, wall time, CPU, memory, host calls)
and a warning when a figure passes 80 % of its limit.

With --webhook-url, the app's webhooks (order.* and payment.* events,
e.g. order.paid when the seeded shopper pays) are delivered to that URL —
http://localhost… is allowed here, and only on this local node — signed
exactly as production signs them (Standard Webhooks headers webhook-id,
webhook-timestamp, webhook-signature) with a secret printed at start
(whsec_…), retried on production's schedule. Each attempt prints a line:
event type, delivery id, attempt, status.`,
		Example: `  souk dev
  souk dev examples/shop
  souk dev . --addr 127.0.0.1:8787 --data-dir .souk-dev
  souk dev --webhook-url http://localhost:3000/hook`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.dir = "."
			if len(args) == 1 {
				o.dir = args[0]
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			return runDev(ctx, cmd.OutOrStdout(), o)
		},
	}
	cmd.Flags().StringVar(&o.addr, "addr", "127.0.0.1:8787", "loopback address to listen on (port 0 picks a free one)")
	cmd.Flags().StringVar(&o.dataDir, "data-dir", "", "keep the database, blobs and seeded world here (default: a temporary directory removed on exit)")
	cmd.Flags().DurationVar(&o.poll, "poll", 250*time.Millisecond, "how often to look for saved files")
	cmd.Flags().StringVar(&o.webhookURL, "webhook-url", "", "deliver the app's webhooks, signed, to this URL (http://localhost:PORT/… allowed)")
	rootCmd.AddCommand(cmd)
}

type devOptions struct {
	dir, addr, dataDir string
	webhookURL         string
	poll               time.Duration
}

// runDev is souk dev: it returns when ctx ends.
func runDev(ctx context.Context, out io.Writer, o devOptions) error {
	ap, err := netip.ParseAddrPort(o.addr)
	if err != nil || !ap.Addr().IsLoopback() {
		return fmt.Errorf("--addr %q: souk dev listens on a loopback address only (127.0.0.1:PORT or [::1]:PORT)", o.addr)
	}
	if o.webhookURL != "" {
		if err := webhooks.ValidateURL(o.webhookURL, true); err != nil {
			return fmt.Errorf("--webhook-url: %w", err)
		}
	}
	term := &devTerminal{w: out}
	dir, err := filepath.Abs(o.dir)
	if err != nil {
		return err
	}
	// A project that does not build yet is waited for: fix and save.
	changes := watchDir(ctx, dir, o.poll)
	first, err := devBuild(dir)
	for err != nil {
		if errors.Is(err, errNoManifest) {
			return err
		}
		term.printf("build failed; souk dev starts once it builds (fix it and save):\n%s", err)
		select {
		case <-ctx.Done():
			return nil
		case <-changes:
		}
		first, err = devBuild(dir)
	}
	for _, w := range first.Warnings {
		term.printf("warning: %s", w)
	}

	dataDir := o.dataDir
	if dataDir == "" {
		if dataDir, err = os.MkdirTemp("", "souk-dev-"); err != nil {
			return err
		}
		defer os.RemoveAll(dataDir)
	} else if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return err
	}
	// The node's own logs stay out of the terminal unless asked for; the
	// receipts are what a developer reads.
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	if os.Getenv("SOUK_LOG_LEVEL") == "debug" {
		log = newLogger()
	}
	c := &config{DataDir: dataDir}
	db, err := openStore(ctx, c, log)
	if err != nil {
		return err
	}
	defer db.Close()
	blobs, err := blob.OpenLocal(blob.Config{Dir: filepath.Join(dataDir, "blobs")})
	if err != nil {
		return err
	}
	defer blobs.Close()
	pool, err := sandboxPool()
	if err != nil {
		return err
	}
	h, err := host.New(host.Options{DB: db, Blobs: blobs, Log: log, Pool: pool,
		OnReceipt: term.receipt, MaintenanceInterval: time.Minute,
		// This local node, and no production server, delivers webhooks to
		// loopback: the developer's own receiver.
		WebhookAllowLocalHTTP: true, OnWebhookAttempt: term.webhookAttempt})
	if err != nil {
		return err
	}
	defer h.Close()
	nodeCtx, stopNode := context.WithCancel(ctx)
	defer stopNode()
	h.Start(nodeCtx)

	world, err := seedWorld(ctx, h, dataDir, first)
	if err != nil {
		return fmt.Errorf("seeding the development world: %w", err)
	}
	firstVersion := world.Version
	if firstVersion == "" { // a kept world (--data-dir) gets this run's build
		if firstVersion, err = deployBuild(ctx, h, world, first); err != nil {
			return err
		}
	}

	hookSecret := ""
	if o.webhookURL != "" {
		if hookSecret, err = devWebhookEndpoint(ctx, h, world, o.webhookURL); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	// The node's own server (its body limit and timeouts), with souk dev's
	// routes and script in front of its handler.
	dev := newDevServer(h, world, firstVersion)
	srv := h.API.App.Server()
	srv.Handler = dev.handle(h.API.App.Handler())
	served := make(chan error, 1)
	go func() { served <- h.API.App.Listener(ln) }()
	base := "http://" + ln.Addr().String()
	term.printf("souk dev: %s %s on %s (data in %s)", first.Manifest.Name, first.Manifest.Version, base, dataDir)
	bal, err := h.Payments.WalletBalance(ctx, world.ShopperID, "USD")
	if err != nil {
		return err
	}
	term.printf("souk dev: shopper %s, password %s, payment PIN %s, wallet %s USD", world.ShopperEmail, world.Password, world.ShopperPIN, usdText(int64(bal.Available)))
	if hookSecret != "" {
		term.printf("souk dev: webhooks (order.*, payment.*) go to %s, signed with %s", o.webhookURL, hookSecret)
	}
	term.printf("souk dev: open %s%s", base, dev.signInPath())
	term.printf("souk dev: watching %s for changes (Ctrl-C stops)", dir)

	for {
		select {
		case <-ctx.Done():
			dev.closeStreams()
			_ = h.API.App.ShutdownWithTimeout(5 * time.Second)
			<-served
			return nil
		case err := <-served:
			return err
		case <-changes:
			start := time.Now()
			res, err := devBuild(dir)
			if err != nil {
				term.printf("build failed (the previous build keeps running):\n%s", err)
				dev.broadcast("build-error", err.Error())
				continue
			}
			version, err := deployBuild(ctx, h, world, res)
			if err != nil {
				term.printf("deploy failed (the previous build keeps running): %s", err)
				dev.broadcast("build-error", err.Error())
				continue
			}
			term.printf("rebuilt and swapped in %s in %s; reload sent to %d open stream(s)", version, time.Since(start).Round(time.Millisecond), dev.swapped(version))
		}
	}
}

// devBuild builds dir with the checks souk build runs; a build error
// names each TypeScript file, line and column.
func devBuild(dir string) (*runtime.BuildResult, error) {
	var msgs bytes.Buffer
	cmd := &cobra.Command{}
	cmd.SetErr(&msgs)
	res, _, err := buildChecked(cmd, dir)
	if err != nil {
		return nil, fmt.Errorf("%s%w", msgs.String(), err)
	}
	return res, nil
}

func usdText(cents int64) string { return fmt.Sprintf("%d.%02d", cents/100, cents%100) }

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// devWebhookDescription marks the endpoint souk dev registers for
// --webhook-url; each run replaces it.
const devWebhookDescription = "souk dev --webhook-url"

// devWebhookEndpoint registers url as the app's webhook endpoint on this
// local node, for every order and payment event, replacing the one of an
// earlier run (--data-dir), and returns its signing secret.
func devWebhookEndpoint(ctx context.Context, h *host.Host, w *devWorld, url string) (string, error) {
	eps, err := h.Webhooks.Endpoints(ctx, w.DevOrgID, w.AppID)
	if err != nil {
		return "", err
	}
	for _, e := range eps {
		if e.Description == devWebhookDescription {
			if err := h.Webhooks.DeleteEndpoint(ctx, w.DevOrgID, w.AppID, e.ID); err != nil {
				return "", err
			}
		}
	}
	_, secret, err := h.Webhooks.CreateEndpoint(ctx, w.DevOrgID, w.AppID, webhooks.EndpointInput{
		URL: url, Description: devWebhookDescription, EventTypes: []string{"order.*", "payment.*"}})
	if err != nil {
		return "", fmt.Errorf("--webhook-url: %w", err)
	}
	return secret, nil
}
