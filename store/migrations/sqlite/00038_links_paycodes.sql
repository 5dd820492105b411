-- +goose Up
-- Short links (/l/{code}) with QR codes, and payment codes (issue 17, part 1).
-- A link points at one target for good: only its status changes. An app's
-- link (created through the links.create host API) is bound to the
-- installation that made it; (installation, page, scene) is unique, so asking
-- again returns the same code, as WeChat's unlimited mini-program code does.
CREATE TABLE links (
    code            TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('product', 'brand', 'app_page', 'coupon', 'live_room', 'authenticity')),
    brand_id        TEXT NOT NULL,
    installation_id TEXT NOT NULL DEFAULT '',
    target          TEXT NOT NULL DEFAULT '', -- product, coupon, live room or authenticity code id
    page            TEXT NOT NULL DEFAULT '',
    scene           TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL DEFAULT '', -- a user id, or "app:<installation>"
    status          TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    opens           BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX links_brand ON links(brand_id, created_at);
CREATE UNIQUE INDEX links_target ON links(brand_id, kind, installation_id, target, page, scene);

-- Payment codes: a brand's static code (the shopper enters the amount; one
-- per brand and currency) and single-use dynamic codes bound to an amount
-- that expire. A dynamic code becomes paid exactly once.
CREATE TABLE payment_codes (
    id              TEXT PRIMARY KEY,
    brand_id        TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('static', 'dynamic')),
    currency        TEXT NOT NULL,
    amount          BIGINT NOT NULL DEFAULT 0 CHECK (amount >= 0),
    note            TEXT NOT NULL DEFAULT '',
    installation_id TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('active', 'paid', 'disabled')),
    expires_at      BIGINT NOT NULL DEFAULT 0, -- 0: never (static codes)
    paid_by         TEXT NOT NULL DEFAULT '',
    payment_id      TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    paid_at         BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX payment_codes_static ON payment_codes(brand_id, currency) WHERE kind = 'static';
CREATE INDEX payment_codes_brand ON payment_codes(brand_id, created_at);

-- One row per payment through a code: the receipt both sides see.
CREATE TABLE payment_code_payments (
    id         TEXT PRIMARY KEY,
    code_id    TEXT NOT NULL REFERENCES payment_codes(id),
    brand_id   TEXT NOT NULL,
    shopper_id TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    currency   TEXT NOT NULL,
    amount     BIGINT NOT NULL CHECK (amount > 0),
    fee        BIGINT NOT NULL CHECK (fee >= 0),
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX payment_code_payments_client ON payment_code_payments(shopper_id, client_id);
CREATE INDEX payment_code_payments_brand ON payment_code_payments(brand_id, created_at);
CREATE INDEX payment_code_payments_shopper ON payment_code_payments(shopper_id, created_at);

-- +goose Down
DROP TABLE payment_code_payments;
DROP TABLE payment_codes;
DROP TABLE links;
