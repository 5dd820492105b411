-- +goose Up
-- (SQLite twin of postgres/00008_webhooks.sql: INTEGER 0/1 for BOOLEAN.)
-- Developer webhooks (package webhooks): an app's HTTPS endpoints, the
-- deliveries of its order and payment events, and every attempt at sending
-- one (what the developer inspects and replays).
CREATE TABLE webhook_endpoints (
    id              TEXT PRIMARY KEY,
    app_id          TEXT NOT NULL REFERENCES apps(id),
    url             TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    event_types     TEXT NOT NULL, -- JSON array of patterns: "order.*", "payment.succeeded"
    enabled         INTEGER NOT NULL,
    -- The signing secret, sealed (AES-GCM) when the server has a key.
    secret          TEXT NOT NULL,
    -- After a rotation the old secret also signs until it expires, so a
    -- receiver can switch without dropping deliveries.
    old_secret      TEXT,
    old_secret_until BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX webhook_endpoints_app ON webhook_endpoints(app_id, created_at);

CREATE TABLE webhook_deliveries (
    id           TEXT PRIMARY KEY, -- the webhook-id header, the same on every retry
    endpoint_id  TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    app_id       TEXT NOT NULL,
    event_type   TEXT NOT NULL,
    -- Publishing the same event twice (an at-least-once caller) is one delivery.
    event_key    TEXT,
    body         TEXT NOT NULL, -- the exact bytes sent and signed
    state        TEXT NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT,
    last_status  INTEGER,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    UNIQUE (endpoint_id, event_key)
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries(endpoint_id, created_at, id);

CREATE TABLE webhook_attempts (
    id            TEXT PRIMARY KEY,
    delivery_id   TEXT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('scheduled', 'replay')),
    started_at    BIGINT NOT NULL,
    duration_us   BIGINT NOT NULL,
    status_code   INTEGER NOT NULL DEFAULT 0, -- 0: no response
    response_body TEXT NOT NULL DEFAULT '',   -- truncated
    error         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, started_at);

-- +goose Down
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
