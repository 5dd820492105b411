-- +goose Up
-- The Stripe funding source (payments/stripefunding): each owner's
-- connected account (where withdrawals and payouts go), and every webhook
-- event received, so a replayed event is acknowledged once and moves
-- nothing.
CREATE TABLE stripe_accounts (
    owner_id   TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE stripe_events (
    id          TEXT PRIMARY KEY,
    type        TEXT NOT NULL,
    funding_id  TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL,
    received_at INTEGER NOT NULL
);

-- +goose Down
DROP TABLE stripe_events;
DROP TABLE stripe_accounts;
