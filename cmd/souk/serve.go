package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/host"
	"github.com/soukhq/souk/internal/tracing"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/payments/stripefunding"
	"github.com/soukhq/souk/runtime"
)

func init() {
	var c config
	var grace time.Duration
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the souk server (API, web pages, sandbox workers)",
		Long: `Run the souk server.

With no configuration it keeps everything under --data-dir: an SQLite
database (souk.db) and local blobs (blobs/), and keeps them across restarts.
Set DATABASE_URL to a postgres:// URL to use PostgreSQL, and SOUK_S3_ENDPOINT,
SOUK_S3_BUCKET, SOUK_S3_ACCESS_KEY, SOUK_S3_SECRET_KEY (and SOUK_S3_SECURE)
to keep blobs in S3. SOUK_ALLOWED_ORIGINS (comma-separated
scheme://host[:port]) lists browser origins besides the server's own host
that may open the chat WebSocket. SOUK_WEBHOOK_KEY (32 bytes, base64) seals
developer webhook secrets at rest. SOUK_CARRIER_SECRETS (carrier=secret,…)
are the signing secrets of real carriers' tracking webhooks.
SOUK_FUNDING_TIMEOUT (a Go duration, default 72h) is how long a top-up,
withdrawal or payout may wait for the bank before it expires and releases
what it reserved. SOUK_JOB_LEASE (a Go duration, default 5m, at least
10s) is how long a background job may run; River hands a job a dead node left
running back to the others 5s after that.
SOUK_RECORDING (a fraction from 0 to 1, default 1) is the share of successful
events recorded for souk replay; failed ones are always recorded (0: none at
all); SOUK_RECORDING_RETENTION (a Go duration, default 72h) is how long
recordings are kept.
SOUK_TRUSTED_PROXIES (comma-separated CIDRs) lists the load balancers whose
X-Forwarded-For is believed; SOUK_AUTH_RATE_LIMIT and SOUK_AUTH_RATE_WINDOW
set each client's budget on login, signup and PIN.
SOUK_FX_FEED (an https URL or a file path) is an FX rate feed loaded every
SOUK_FX_FEED_INTERVAL (default 1h); SOUK_FX_SPREAD_BPS (default 100) is the
spread of FX quotes and SOUK_FX_QUOTE_TTL (default 2m) how long one holds.
SOUK_SANDBOX_WORKERS is the number of sandbox worker processes (default: one
per CPU of the machine; set it to the CPUs a container may use). Migrations run
at start-up; several nodes may start at once. SIGINT or SIGTERM stops
accepting connections and lets in-flight requests finish within
--shutdown-grace.`,
		Example: `  souk serve
  souk serve --addr 0.0.0.0:8080 --data-dir /var/lib/souk
  DATABASE_URL=postgres://souk@db/souk souk serve`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := s3FromEnv(&c); err != nil {
				return err
			}
			return serve(cmd.Context(), &c, grace)
		},
	}
	cmd.Flags().StringVar(&c.Addr, "addr", envOr("SOUK_ADDR", "127.0.0.1:8080"), "address to listen on (env SOUK_ADDR)")
	cmd.Flags().DurationVar(&grace, "shutdown-grace", 15*time.Second, "how long in-flight requests may run after SIGTERM")
	addStorageFlags(cmd, &c)
	rootCmd.AddCommand(cmd)
}

func serve(parent context.Context, c *config, grace time.Duration) error {
	log := newLogger()
	ctx, stop := signal.NotifyContext(parent, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	// Traces go to an OTLP endpoint only when OTEL_EXPORTER_OTLP_ENDPOINT
	// (or …_TRACES_ENDPOINT) is set; otherwise this does nothing.
	stopTracing, err := tracing.Setup(ctx, rootCmd.Version)
	if err != nil {
		return err
	}
	defer func() {
		flush, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := stopTracing(flush); err != nil {
			log.Warn("tracing: flush on shutdown", "error", err.Error())
		}
	}()
	if tracing.Enabled() {
		log.Info("tracing: exporting spans over OTLP/HTTP")
	}

	db, err := openStore(ctx, c, log)
	if err != nil {
		return err
	}
	defer db.Close()
	blobs, err := blob.Open(ctx, c.S3)
	if err != nil {
		return err
	}
	defer blobs.Close()

	// Sandbox workers are this binary re-executed (souk sandbox-worker).
	secrets, err := serveSecrets()
	if err != nil {
		return err
	}
	fundingTimeout, err := durationEnv("SOUK_FUNDING_TIMEOUT")
	if err != nil {
		return err
	}
	jobLease, err := jobLeaseFromEnv()
	if err != nil {
		return err
	}
	edge, err := edgeFromEnv()
	if err != nil {
		return err
	}
	recording, err := recordingFromEnv()
	if err != nil {
		return err
	}
	fx, err := fxFromEnv()
	if err != nil {
		return err
	}
	pool, err := sandboxPool()
	if err != nil {
		return err
	}
	node, err := host.New(host.Options{DB: db, Blobs: blobs, Log: log, Pool: pool,
		FundingTimeout: fundingTimeout,
		JobLease:       jobLease,
		// Never logged; compared in constant time.
		MetricsToken:   os.Getenv("SOUK_METRICS_TOKEN"),
		AllowedOrigins: splitList(os.Getenv("SOUK_ALLOWED_ORIGINS")),
		WebhookKey:     secrets.webhookKey,
		CarrierSecrets: secrets.carriers,
		InvoiceKey:     secrets.invoiceKey,
		Stripe:         secrets.stripe,
		PublicURL:      os.Getenv("SOUK_PUBLIC_URL"),
		TrustedProxies: edge.trustedProxies,
		AuthRateLimit:  edge.authRateLimit,
		AuthRateWindow: edge.authRateWindow,
		Recording:      recording,
		FX:             fx,
	})
	if err != nil {
		return err
	}
	defer node.Close() // closes the pool after the server has drained
	if err := node.Start(ctx); err != nil {
		return err
	}

	backend := "sqlite:" + c.DataDir
	if c.DatabaseURL != "" {
		backend = "postgres"
	}
	blobsAt := "local:" + c.S3.Dir
	if c.S3.S3Endpoint != "" {
		blobsAt = "s3:" + c.S3.S3Endpoint + "/" + c.S3.S3Bucket
	}
	log.Info("souk listening", "addr", c.Addr, "database", backend, "blobs", blobsAt)
	return node.Listen(ctx, c.Addr, grace)
}

// fxFromEnv reads SOUK_FX_FEED, SOUK_FX_FEED_INTERVAL, SOUK_FX_SPREAD_BPS
// (0..5000; 0 is no spread) and SOUK_FX_QUOTE_TTL.
func fxFromEnv() (host.FXOptions, error) {
	o := host.FXOptions{Feed: strings.TrimSpace(os.Getenv("SOUK_FX_FEED"))}
	var err error
	if o.FeedInterval, err = durationEnv("SOUK_FX_FEED_INTERVAL"); err != nil {
		return o, err
	}
	if o.QuoteTTL, err = durationEnv("SOUK_FX_QUOTE_TTL"); err != nil {
		return o, err
	}
	if v := os.Getenv("SOUK_FX_SPREAD_BPS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 5000 {
			return o, fmt.Errorf("SOUK_FX_SPREAD_BPS must be basis points from 0 to 5000, not %q", v)
		}
		o.SpreadBps = money.Bps(n)
		if n == 0 {
			o.SpreadBps = -1 // payments: negative is no spread, 0 the default
		}
	}
	return o, nil
}

// durationEnv reads a positive Go duration (0 when unset).
func durationEnv(name string) (time.Duration, error) {
	v := os.Getenv(name)
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s must be a positive duration such as 72h or 30m, not %q", name, v)
	}
	return d, nil
}

// jobLeaseFromEnv reads SOUK_JOB_LEASE: 0 (the queue's default) when
// unset, else a duration of at least 10 s.
func jobLeaseFromEnv() (time.Duration, error) {
	d, err := durationEnv("SOUK_JOB_LEASE")
	if err != nil {
		return 0, err
	}
	if d > 0 && d < 10*time.Second {
		return 0, fmt.Errorf("SOUK_JOB_LEASE must be at least 10s (longer than any job runs), not %s", d)
	}
	return d, nil
}

// recordingFromEnv reads SOUK_RECORDING (the fraction of successful events
// recorded for replay, 0 to 1, failed ones always unless 0; default 1) and
// SOUK_RECORDING_RETENTION.
func recordingFromEnv() (runtime.RecordingConfig, error) {
	var rc runtime.RecordingConfig
	if v := os.Getenv("SOUK_RECORDING"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return rc, fmt.Errorf("SOUK_RECORDING must be a fraction from 0 (record no event) to 1 (every event), not %q", v)
		}
		if rc, err = recordingShare(f); err != nil {
			return rc, fmt.Errorf("SOUK_RECORDING: %w", err)
		}
	}
	d, err := durationEnv("SOUK_RECORDING_RETENTION")
	rc.Retention = d
	return rc, err
}

// recordingShare is the recording setting for a share f of successful
// events (failed ones are always recorded unless f is 0, which records
// nothing), as SOUK_RECORDING and souk bench http --recording give it.
func recordingShare(f float64) (runtime.RecordingConfig, error) {
	if f < 0 || f > 1 {
		return runtime.RecordingConfig{}, fmt.Errorf("must be a fraction from 0 (record no event) to 1 (every event), not %v", f)
	}
	return runtime.RecordingConfig{Off: f == 0, Sample: f}, nil
}

// splitList splits a comma-separated setting, dropping empty items.
func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

type servedSecrets struct {
	webhookKey []byte
	carriers   map[string]string
	invoiceKey ed25519.PrivateKey
	stripe     *stripefunding.Config
}

// serveSecrets reads SOUK_WEBHOOK_KEY and SOUK_CARRIER_SECRETS. Errors name
// the variable, never its value.
func serveSecrets() (servedSecrets, error) {
	var out servedSecrets
	if v := os.Getenv("SOUK_WEBHOOK_KEY"); v != "" {
		k, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(k) != 32 {
			return out, errors.New("SOUK_WEBHOOK_KEY must be 32 bytes in standard base64 (openssl rand -base64 32)")
		}
		out.webhookKey = k
	}
	if v := os.Getenv("SOUK_INVOICE_SIGNING_KEY"); v != "" {
		seed, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(seed) != ed25519.SeedSize {
			return out, errors.New("SOUK_INVOICE_SIGNING_KEY must be a 32-byte Ed25519 seed in standard base64 (openssl rand -base64 32)")
		}
		out.invoiceKey = ed25519.NewKeyFromSeed(seed)
	}
	key, hook := os.Getenv("SOUK_STRIPE_SECRET_KEY"), os.Getenv("SOUK_STRIPE_WEBHOOK_SECRET")
	switch {
	case key != "" && hook != "":
		out.stripe = &stripefunding.Config{SecretKey: key, WebhookSecret: hook, APIURL: os.Getenv("SOUK_STRIPE_API_URL")}
	case key != "" || hook != "":
		return out, errors.New("SOUK_STRIPE_SECRET_KEY and SOUK_STRIPE_WEBHOOK_SECRET must be set together")
	}
	for _, item := range splitList(os.Getenv("SOUK_CARRIER_SECRETS")) {
		code, secret, ok := strings.Cut(item, "=")
		if !ok || code == "" || secret == "" {
			return out, errors.New("SOUK_CARRIER_SECRETS must be carrier=secret pairs separated by commas")
		}
		if out.carriers == nil {
			out.carriers = map[string]string{}
		}
		out.carriers[code] = secret
	}
	return out, nil
}

type edgeSettings struct {
	trustedProxies []netip.Prefix
	authRateLimit  int
	authRateWindow time.Duration
}

// edgeFromEnv reads SOUK_TRUSTED_PROXIES, SOUK_AUTH_RATE_LIMIT and
// SOUK_AUTH_RATE_WINDOW.
func edgeFromEnv() (edgeSettings, error) {
	var out edgeSettings
	var err error
	if out.trustedProxies, err = api.ParseTrustedProxies(splitList(os.Getenv("SOUK_TRUSTED_PROXIES"))); err != nil {
		return out, fmt.Errorf("SOUK_TRUSTED_PROXIES: %w", err)
	}
	if v := os.Getenv("SOUK_AUTH_RATE_LIMIT"); v != "" {
		if out.authRateLimit, err = strconv.Atoi(v); err != nil || out.authRateLimit < 1 {
			return out, fmt.Errorf("SOUK_AUTH_RATE_LIMIT must be a positive whole number, not %q", v)
		}
	}
	if v := os.Getenv("SOUK_AUTH_RATE_WINDOW"); v != "" {
		if out.authRateWindow, err = time.ParseDuration(v); err != nil || out.authRateWindow < time.Second {
			return out, fmt.Errorf("SOUK_AUTH_RATE_WINDOW must be a duration of at least 1s (like 1m or 15m), not %q", v)
		}
	}
	return out, nil
}
