-- +goose Up
-- Funding operations (top-ups, withdrawals, payouts) are the durable record
-- of money crossing the platform boundary: any node can complete, fail or
-- expire one, whatever process accepted it.
--
-- id is the server's own id (fnd_…, the bank's reference and the ledger
-- transfer's suffix); client_id is the caller's idempotency id, unique per
-- owner, so two users may pick the same one. Rows from before keep their
-- id as both.
--
-- status: pending -> succeeded | failed | expired. expires_at is when a
-- still-pending operation is expired (its reservation voided) by the
-- payments.funding_expire job. resolved_by says who decided: bank,
-- operator:<user id> or timeout.
--
-- SQLite cannot change a CHECK in place: the table is rebuilt (nothing
-- references it).
CREATE TABLE payment_funding_v13 (
    id          TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('topup', 'withdrawal', 'payout')),
    owner_id    TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    currency    TEXT NOT NULL,
    amount      BIGINT NOT NULL CHECK (amount > 0),
    status      TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'expired')),
    bank_ref    TEXT NOT NULL DEFAULT '',
    failure     TEXT NOT NULL DEFAULT '',
    expires_at  BIGINT NOT NULL,
    resolved_by TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (owner_id, client_id)
);
INSERT INTO payment_funding_v13 (id, client_id, kind, owner_id, account_id, currency, amount, status, bank_ref, failure, expires_at, created_at, updated_at)
    SELECT id, id, kind, owner_id, account_id, currency, amount, status, bank_ref, failure, created_at + 259200000000, created_at, updated_at FROM payment_funding;
DROP TABLE payment_funding;
ALTER TABLE payment_funding_v13 RENAME TO payment_funding;
CREATE INDEX payment_funding_owner ON payment_funding(owner_id, created_at);
CREATE INDEX payment_funding_due ON payment_funding(expires_at) WHERE status = 'pending';

-- +goose Down
CREATE TABLE payment_funding_v12 (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('topup', 'withdrawal', 'payout')),
    owner_id   TEXT NOT NULL,
    account_id TEXT NOT NULL,
    currency   TEXT NOT NULL,
    amount     BIGINT NOT NULL CHECK (amount > 0),
    status     TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    bank_ref   TEXT NOT NULL DEFAULT '',
    failure    TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
INSERT INTO payment_funding_v12 SELECT id, kind, owner_id, account_id, currency, amount,
    CASE status WHEN 'expired' THEN 'failed' ELSE status END, bank_ref, failure, created_at, updated_at FROM payment_funding;
DROP TABLE payment_funding;
ALTER TABLE payment_funding_v12 RENAME TO payment_funding;
CREATE INDEX payment_funding_owner ON payment_funding(owner_id, created_at);
