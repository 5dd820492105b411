-- +goose Up
-- Credit (credit/): deposits on SKUs a brand marks, waived above the brand's
-- score threshold and otherwise held (a pending ledger transfer), and
-- pay-later draws on a shopper's credit line (a ledger account allowed to go
-- negative down to a limit that follows the score).
CREATE TABLE credit_brand_settings (
    brand_id         TEXT PRIMARY KEY,
    waiver_threshold INTEGER NOT NULL CHECK (waiver_threshold BETWEEN 300 AND 851),
    updated_at       BIGINT NOT NULL
);

CREATE TABLE credit_deposit_skus (
    sku_id     TEXT PRIMARY KEY,
    brand_id   TEXT NOT NULL,
    currency   TEXT NOT NULL,
    amount     BIGINT NOT NULL CHECK (amount > 0), -- per unit ordered
    updated_at BIGINT NOT NULL
);
CREATE INDEX credit_deposit_skus_brand ON credit_deposit_skus(brand_id);

-- One deposit per paid order that has deposit SKUs.
CREATE TABLE credit_deposits (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL UNIQUE,
    shopper_id  TEXT NOT NULL,
    brand_id    TEXT NOT NULL,
    currency    TEXT NOT NULL,
    amount      BIGINT NOT NULL CHECK (amount > 0),
    score       INTEGER NOT NULL,
    threshold   INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('waived', 'held', 'released', 'captured')),
    created_at  BIGINT NOT NULL,
    resolved_at BIGINT NOT NULL DEFAULT 0,
    resolved_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX credit_deposits_brand ON credit_deposits(brand_id, status, created_at);
CREATE INDEX credit_deposits_shopper ON credit_deposits(shopper_id, created_at);

-- One draw per pay-later payment request.
CREATE TABLE credit_draws (
    id         TEXT PRIMARY KEY,
    request_id TEXT NOT NULL UNIQUE,
    order_id   TEXT NOT NULL,
    shopper_id TEXT NOT NULL,
    currency   TEXT NOT NULL,
    amount     BIGINT NOT NULL CHECK (amount > 0),
    repaid     BIGINT NOT NULL DEFAULT 0 CHECK (repaid >= 0 AND repaid <= amount),
    status     TEXT NOT NULL CHECK (status IN ('open', 'overdue', 'repaid')),
    late       INTEGER NOT NULL DEFAULT 0, -- 1 once it went past its due date unpaid
    reminders  INTEGER NOT NULL DEFAULT 0,
    due_at     BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    repaid_at  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX credit_draws_shopper ON credit_draws(shopper_id, currency, created_at);
CREATE INDEX credit_draws_due ON credit_draws(status, due_at);

-- +goose Down
DROP TABLE credit_draws;
DROP TABLE credit_deposits;
DROP TABLE credit_deposit_skus;
DROP TABLE credit_brand_settings;
