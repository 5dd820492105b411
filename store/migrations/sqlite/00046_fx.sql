-- +goose Up
-- Multi-currency wallets and FX (payments_fx*.go, docs/FX.md).
-- fx_rates: every rate ever entered or loaded, never updated: a quote
-- names the row it used. rate is a decimal string (units of quote_currency
-- per one unit of base_currency, both in the major unit); source says who
-- or what gave it ("operator:<user>", "file:<path>", "url:<url>"), as_of is
-- the time the source gave for it and created_at when souk recorded it.
CREATE TABLE fx_rates (
    id             TEXT PRIMARY KEY,
    base_currency  TEXT NOT NULL,
    quote_currency TEXT NOT NULL,
    rate           TEXT NOT NULL,
    source         TEXT NOT NULL,
    as_of          BIGINT NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX fx_rates_pair ON fx_rates (base_currency, quote_currency, created_at);

-- fx_quotes: a price offered to one shopper until expires_at. The shopper
-- gives source_amount and receives target_amount; of source_amount,
-- residue goes to fxresidue:<source> (rounding) and the rest to
-- fx:<source>. A quote is executed at most once (fx_conversions).
CREATE TABLE fx_quotes (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL,
    rate_id         TEXT NOT NULL REFERENCES fx_rates (id),
    source_currency TEXT NOT NULL,
    target_currency TEXT NOT NULL,
    mid_rate        TEXT NOT NULL,
    spread_bps      INTEGER NOT NULL,
    applied_rate    TEXT NOT NULL,
    source_amount   BIGINT NOT NULL CHECK (source_amount > 0),
    target_amount   BIGINT NOT NULL CHECK (target_amount > 0),
    residue         BIGINT NOT NULL CHECK (residue >= 0 AND residue <= source_amount),
    order_id        TEXT NOT NULL DEFAULT '',
    expires_at      BIGINT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX fx_quotes_user ON fx_quotes (user_id, created_at);

-- fx_conversions: an executed quote, with what refunds have sent back at
-- the original rate (refunded_*; see docs/FX.md for the rule).
CREATE TABLE fx_conversions (
    id                TEXT PRIMARY KEY,
    quote_id          TEXT NOT NULL UNIQUE REFERENCES fx_quotes (id),
    user_id           TEXT NOT NULL,
    order_id          TEXT NOT NULL DEFAULT '',
    source_currency   TEXT NOT NULL,
    target_currency   TEXT NOT NULL,
    source_amount     BIGINT NOT NULL,
    target_amount     BIGINT NOT NULL,
    residue           BIGINT NOT NULL,
    refunded_target   BIGINT NOT NULL DEFAULT 0,
    refunded_source   BIGINT NOT NULL DEFAULT 0,
    refunded_residue  BIGINT NOT NULL DEFAULT 0,
    created_at        BIGINT NOT NULL
);
CREATE INDEX fx_conversions_user ON fx_conversions (user_id, created_at);
CREATE INDEX fx_conversions_order ON fx_conversions (order_id);

-- +goose Down
DROP TABLE fx_conversions;
DROP TABLE fx_quotes;
DROP TABLE fx_rates;
