-- +goose Up
-- The ledger (TigerBeetle semantics): accounts carry running totals that are
-- only ever changed together with an appended ledger_entries row, so every
-- balance can be re-derived from the entries (ledger.Check does exactly that).
CREATE TABLE ledger_accounts (
    id              TEXT PRIMARY KEY,
    owner           TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL,
    currency        TEXT NOT NULL,
    flags           INTEGER NOT NULL DEFAULT 0,
    credit_limit    BIGINT NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
    debits_pending  BIGINT NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
    debits_posted   BIGINT NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
    credits_pending BIGINT NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
    credits_posted  BIGINT NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
    created_at      BIGINT NOT NULL
) WITH (fillfactor = 70); -- room on each page so balance updates stay HOT (no index writes)
CREATE INDEX ledger_accounts_owner ON ledger_accounts(owner, kind);

-- Transfers are append-only except status, which a pending transfer changes
-- once (pending -> posted | voided | expired).
CREATE TABLE ledger_transfers (
    id                TEXT PRIMARY KEY,
    debit_account_id  TEXT NOT NULL REFERENCES ledger_accounts(id),
    credit_account_id TEXT NOT NULL REFERENCES ledger_accounts(id),
    amount            BIGINT NOT NULL CHECK (amount >= 0),
    currency          TEXT NOT NULL,
    code              TEXT NOT NULL DEFAULT '',
    reference         TEXT NOT NULL DEFAULT '',
    metadata          JSON, -- JSON, not JSONB: kept byte for byte so a retried id returns what was sent
    flags             INTEGER NOT NULL DEFAULT 0,
    pending_id        TEXT REFERENCES ledger_transfers(id),
    timeout_at        BIGINT NOT NULL DEFAULT 0,
    status            TEXT NOT NULL CHECK (status IN ('posted', 'pending', 'voided', 'expired')),
    payload_hash      TEXT NOT NULL,
    created_at        BIGINT NOT NULL
);
-- A pending transfer is resolved (posted or voided) at most once, whatever the code does.
CREATE UNIQUE INDEX ledger_transfers_resolve_once ON ledger_transfers(pending_id) WHERE pending_id IS NOT NULL;
CREATE INDEX ledger_transfers_timeout ON ledger_transfers(timeout_at) WHERE status = 'pending' AND timeout_at > 0;
CREATE INDEX ledger_transfers_reference ON ledger_transfers(reference) WHERE reference <> '';

-- Append-only: one row per account a transfer (or an expiry) touched, with
-- the deltas of the four totals and the posted balance (credits - debits) after.
CREATE TABLE ledger_entries (
    seq             BIGSERIAL PRIMARY KEY,
    account_id      TEXT NOT NULL,
    transfer_id     TEXT NOT NULL,
    debits_pending  BIGINT NOT NULL DEFAULT 0,
    debits_posted   BIGINT NOT NULL DEFAULT 0,
    credits_pending BIGINT NOT NULL DEFAULT 0,
    credits_posted  BIGINT NOT NULL DEFAULT 0,
    balance         BIGINT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX ledger_entries_account ON ledger_entries(account_id, seq);

CREATE TABLE payment_brand_fees (
    brand_id   TEXT PRIMARY KEY,
    fee_bps    INTEGER NOT NULL CHECK (fee_bps BETWEEN 0 AND 10000),
    updated_at BIGINT NOT NULL
);

CREATE TABLE payment_requests (
    id                  TEXT PRIMARY KEY,
    order_id            TEXT NOT NULL UNIQUE,
    shopper_id          TEXT NOT NULL,
    brand_id            TEXT NOT NULL,
    app_id              TEXT NOT NULL DEFAULT '',
    developer_id        TEXT NOT NULL DEFAULT '',
    developer_share_bps INTEGER NOT NULL DEFAULT 0 CHECK (developer_share_bps BETWEEN 0 AND 10000),
    currency            TEXT NOT NULL,
    amount              BIGINT NOT NULL CHECK (amount > 0),
    refunded            BIGINT NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= amount),
    status              TEXT NOT NULL CHECK (status IN ('created', 'paid', 'settled', 'refunded', 'canceled', 'expired')),
    fee_bps             INTEGER NOT NULL DEFAULT 0,
    fee                 BIGINT NOT NULL DEFAULT 0,
    developer_amount    BIGINT NOT NULL DEFAULT 0,
    brand_amount        BIGINT NOT NULL DEFAULT 0,
    expires_at          BIGINT NOT NULL,
    created_at          BIGINT NOT NULL,
    paid_at             BIGINT NOT NULL DEFAULT 0,
    settled_at          BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX payment_requests_shopper ON payment_requests(shopper_id, created_at);
CREATE INDEX payment_requests_brand ON payment_requests(brand_id, created_at);
CREATE INDEX payment_requests_expiry ON payment_requests(expires_at) WHERE status = 'created';

CREATE TABLE payment_refunds (
    id         TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES payment_requests(id),
    amount     BIGINT NOT NULL CHECK (amount > 0),
    reason     TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL CHECK (source IN ('escrow', 'brand')),
    status     TEXT NOT NULL CHECK (status IN ('succeeded', 'pending_funds')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX payment_refunds_request ON payment_refunds(request_id);
CREATE INDEX payment_refunds_pending ON payment_refunds(status) WHERE status = 'pending_funds';

CREATE TABLE payment_disputes (
    id          TEXT PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES payment_requests(id),
    amount      BIGINT NOT NULL CHECK (amount > 0),
    reason      TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL CHECK (source IN ('escrow', 'brand')),
    status      TEXT NOT NULL CHECK (status IN ('open', 'won_by_shopper', 'won_by_brand')),
    created_at  BIGINT NOT NULL,
    resolved_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX payment_disputes_request ON payment_disputes(request_id);

-- Money crossing the platform boundary (top-ups, withdrawals, payouts),
-- tracked until the bank's (possibly repeated) callback settles it.
CREATE TABLE payment_funding (
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
CREATE INDEX payment_funding_owner ON payment_funding(owner_id, created_at);

-- +goose Down
DROP TABLE payment_funding;
DROP TABLE payment_disputes;
DROP TABLE payment_refunds;
DROP TABLE payment_requests;
DROP TABLE payment_brand_fees;
DROP TABLE ledger_entries;
DROP TABLE ledger_transfers;
DROP TABLE ledger_accounts;
