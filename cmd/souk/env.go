package main

// EnvVar is one environment variable souk reads.
type EnvVar struct {
	Name string
	// Secret variables belong in a Kubernetes Secret (or a compose secret),
	// never in a ConfigMap or a log.
	Secret bool
	// Meaning is the one-line description docs/OPERATIONS.md repeats.
	Meaning string
}

// EnvVars is every environment variable the souk binary reads for its
// configuration (the sandbox worker's private variables are set by souk
// itself and are not configuration). The deploy tests compare the
// Kubernetes manifests and deploy/compose.yaml with this list, and a test
// compares this list with the variable names in cmd/souk's source, so a new
// variable cannot be left out of either.
var EnvVars = []EnvVar{
	{Name: "SOUK_ADDR", Meaning: "where souk serve listens (default 127.0.0.1:8080; 0.0.0.0:8080 in a container)"},
	{Name: "SOUK_DATA_DIR", Meaning: "SQLite database (souk.db) and local blobs (blobs/) (default ./souk-data)"},
	{Name: "DATABASE_URL", Secret: true, Meaning: "a postgres:// URL switches the store to PostgreSQL"},
	{Name: "SOUK_S3_ENDPOINT", Meaning: "host:port of an S3 server; switches blobs to S3"},
	{Name: "SOUK_S3_BUCKET", Meaning: "S3 bucket, created if missing (default souk)"},
	{Name: "SOUK_S3_ACCESS_KEY", Secret: true, Meaning: "S3 access key"},
	{Name: "SOUK_S3_SECRET_KEY", Secret: true, Meaning: "S3 secret key"},
	{Name: "SOUK_S3_SECURE", Meaning: "true to reach S3 over HTTPS (default false)"},
	{Name: "SOUK_LOG_LEVEL", Meaning: "debug for more logs (default info); logs are JSON on stderr"},
	{Name: "SOUK_METRICS_TOKEN", Secret: true, Meaning: "bearer token /metrics requires; unset, /metrics is open"},
	{Name: "SOUK_ALLOWED_ORIGINS", Meaning: "comma-separated scheme://host[:port] browser origins that may open the chat WebSocket"},
	{Name: "SOUK_WEBHOOK_KEY", Secret: true, Meaning: "32 bytes, base64: seals developer webhook signing secrets at rest"},
	{Name: "SOUK_INVOICE_SIGNING_KEY", Secret: true, Meaning: "32-byte Ed25519 seed, base64: signs e-invoices and their chain checkpoints; unset, a key is made once and kept in the database"},
	{Name: "SOUK_PUBLIC_URL", Meaning: "the public origin (https://souk.example) that links handed out point at: short links and their QR codes, invoice verify links, share and invitation links; unset, the origin of the request that made them"},
	{Name: "SOUK_STRIPE_SECRET_KEY", Secret: true, Meaning: "a Stripe secret key: Stripe becomes the funding rail (top-ups, withdrawals, payouts) instead of the simulated bank; needs SOUK_STRIPE_WEBHOOK_SECRET"},
	{Name: "SOUK_STRIPE_WEBHOOK_SECRET", Secret: true, Meaning: "the whsec_… secret of the Stripe webhook endpoint /api/v1/stripe/webhook"},
	{Name: "SOUK_STRIPE_API_URL", Meaning: "another Stripe API base URL (stripe-mock in tests and development); unset, api.stripe.com"},
	{Name: "SOUK_CARRIER_SECRETS", Secret: true, Meaning: "carrier=secret,…: signing secrets of real carriers' tracking webhooks"},
	{Name: "SOUK_FUNDING_TIMEOUT", Meaning: "how long a top-up, withdrawal or payout may wait for the bank before it expires and releases what it reserved (default 72h)"},
	{Name: "SOUK_FX_FEED", Meaning: "an FX rate feed (docs/FX.md) loaded on a schedule: an http(s) URL, fetched through a client that dials public addresses only, or a file path; unset, rates come from operators alone"},
	{Name: "SOUK_FX_FEED_INTERVAL", Meaning: "how often SOUK_FX_FEED is loaded, a Go duration (default 1h)"},
	{Name: "SOUK_FX_SPREAD_BPS", Meaning: "the spread taken off the mid rate of every FX quote, in basis points 0..5000 (default 100 = 1 %)"},
	{Name: "SOUK_FX_QUOTE_TTL", Meaning: "how long an FX quote holds, a Go duration (default 2m)"},
	{Name: "SOUK_JOB_LEASE", Meaning: "how long a background job may run, and (plus 5s) when River hands back a job a dead node left running (default 5m, at least 10s)"},
	{Name: "SOUK_RECORDING", Meaning: "the fraction of successful app events recorded for souk replay, from 0 (no event at all) to 1 (every event; the default); failed events are always recorded unless it is 0"},
	{Name: "SOUK_RECORDING_RETENTION", Meaning: "how long event recordings are kept for souk replay (default 72h)"},
	{Name: "SOUK_TRUSTED_PROXIES", Meaning: "comma-separated CIDRs of load balancers whose X-Forwarded-For is believed; unset, the header is ignored"},
	{Name: "SOUK_AUTH_RATE_LIMIT", Meaning: "attempts per client address on each of login, signup and PIN change per window, shared by all nodes (default 20)"},
	{Name: "SOUK_AUTH_RATE_WINDOW", Meaning: "the sliding window of SOUK_AUTH_RATE_LIMIT, a Go duration of at least 1s (default 1m)"},
	{Name: "SOUK_SANDBOX_WORKERS", Meaning: "number of sandbox worker processes (default: one per CPU of the machine; set it to the container's CPU limit)"},
	{Name: "SOUK_ADMIN_PASSWORD", Secret: true, Meaning: "password for souk admin create, kept out of shell history"},
	{Name: "SOUK_SERVER", Meaning: "developer commands (login, publish, logs, …): the souk server's URL, unless --server is given"},
	{Name: "SOUK_TOKEN", Secret: true, Meaning: "developer commands: an API token used instead of the one souk login keeps (for CI)"},
}

// envVarNames is EnvVars by name.
func envVarNames() map[string]EnvVar {
	m := make(map[string]EnvVar, len(EnvVars))
	for _, v := range EnvVars {
		m[v.Name] = v
	}
	return m
}
