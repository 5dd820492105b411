-- +goose Up
-- Tamper-evident e-invoices (invoice/). A brand's invoice settings give the
-- seller's legal name, tax id and the tax rates of its lines.
CREATE TABLE invoice_settings (
    brand_id         TEXT PRIMARY KEY,
    seller_name      TEXT NOT NULL,
    tax_id           TEXT NOT NULL DEFAULT '',
    tax_label        TEXT NOT NULL DEFAULT 'VAT',
    default_rate_bps BIGINT NOT NULL DEFAULT 0,
    product_rates    TEXT NOT NULL DEFAULT '{}', -- {"productId": bps}
    updated_at       BIGINT NOT NULL
);

-- Gap-free numbering per brand and kind: the counter row is locked by the
-- transaction that issues, so a failed issue leaves no hole.
CREATE TABLE invoice_counters (
    brand_id TEXT NOT NULL,
    kind     TEXT NOT NULL,
    last_no  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, kind)
);

-- The signing keys (Ed25519). The private half stays in the database, for
-- every node; public halves are published with the checkpoints.
CREATE TABLE invoice_keys (
    id          TEXT PRIMARY KEY,
    public_key  TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

-- The one hash chain every document is appended to; the head row is locked
-- by each append.
CREATE TABLE invoice_chain_head (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO invoice_chain_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE invoices (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,            -- invoice | credit_note
    brand_id    TEXT NOT NULL,
    shopper_id  TEXT NOT NULL,
    order_id    TEXT NOT NULL,
    related_id  TEXT NOT NULL DEFAULT '', -- a credit note's invoice
    dedupe_key  TEXT NOT NULL,            -- one invoice per order; a credit note per refund
    no          BIGINT NOT NULL,
    number      TEXT NOT NULL,
    currency    TEXT NOT NULL,
    gross       BIGINT NOT NULL,            -- minor units (negative for credit notes)
    document    TEXT NOT NULL,            -- canonical JSON, as signed
    signature   TEXT NOT NULL,            -- base64 Ed25519 over the statement
    key_id      TEXT NOT NULL,
    chain_seq   BIGINT NOT NULL UNIQUE,
    prev_hash   TEXT NOT NULL,
    entry_hash  TEXT NOT NULL,
    voided_at   BIGINT,
    void_reason TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    UNIQUE (brand_id, kind, no),
    UNIQUE (dedupe_key)
);
CREATE INDEX invoices_order ON invoices (order_id);
CREATE INDEX invoices_shopper ON invoices (shopper_id, created_at);

-- Signed checkpoints of the chain head, published at a public URL.
CREATE TABLE invoice_checkpoints (
    seq        BIGINT PRIMARY KEY,
    hash       TEXT NOT NULL,
    signed_at  BIGINT NOT NULL,
    key_id     TEXT NOT NULL,
    signature  TEXT NOT NULL
);

-- A shopper shares an invoice with an employer through a link; the first
-- claim wins and a second is refused.
CREATE TABLE invoice_shares (
    token_hash  TEXT PRIMARY KEY,
    invoice_id  TEXT NOT NULL,
    shopper_id  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    claimed_at  BIGINT,
    claimed_by  TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX invoice_shares_claimed ON invoice_shares (invoice_id) WHERE claimed_at IS NOT NULL;

-- +goose Down
DROP TABLE invoice_shares;
DROP TABLE invoice_checkpoints;
DROP TABLE invoices;
DROP TABLE invoice_chain_head;
DROP TABLE invoice_keys;
DROP TABLE invoice_counters;
DROP TABLE invoice_settings;
