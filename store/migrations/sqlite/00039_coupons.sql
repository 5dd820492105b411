-- +goose Up
-- Coupons (issue 17, part 3). A brand issues a batch of quantity coupons;
-- claimed counts the claims and never passes quantity (the claim is one
-- guarded UPDATE). Each claim is a shopper's coupon, used by at most one
-- order; an order cancelled unpaid gives it back.
CREATE TABLE coupons (
    id          TEXT PRIMARY KEY,
    brand_id    TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('amount', 'percent')),
    currency    TEXT NOT NULL,
    amount_off  BIGINT NOT NULL DEFAULT 0 CHECK (amount_off >= 0),
    percent_bps INTEGER NOT NULL DEFAULT 0 CHECK (percent_bps BETWEEN 0 AND 10000),
    max_off     BIGINT NOT NULL DEFAULT 0 CHECK (max_off >= 0), -- percent coupons: the cap (0: none)
    min_spend   BIGINT NOT NULL DEFAULT 0 CHECK (min_spend >= 0),
    starts_at   BIGINT NOT NULL,
    ends_at     BIGINT NOT NULL,
    quantity    BIGINT NOT NULL CHECK (quantity > 0),
    claimed     BIGINT NOT NULL DEFAULT 0 CHECK (claimed >= 0 AND claimed <= quantity),
    per_shopper INTEGER NOT NULL CHECK (per_shopper > 0),
    funded_by   TEXT NOT NULL CHECK (funded_by IN ('brand', 'platform')),
    status      TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    created_by  TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX coupons_brand ON coupons(brand_id, created_at);

CREATE TABLE coupon_claims (
    id              TEXT PRIMARY KEY,
    coupon_id       TEXT NOT NULL REFERENCES coupons(id),
    brand_id        TEXT NOT NULL,
    shopper_id      TEXT NOT NULL,
    via             TEXT NOT NULL CHECK (via IN ('shell', 'chat', 'app', 'link', 'api')),
    installation_id TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('available', 'used')),
    order_id        TEXT NOT NULL DEFAULT '',
    claimed_at      BIGINT NOT NULL,
    used_at         BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX coupon_claims_coupon ON coupon_claims(coupon_id, shopper_id);
CREATE INDEX coupon_claims_shopper ON coupon_claims(shopper_id, status, claimed_at);
CREATE UNIQUE INDEX coupon_claims_order ON coupon_claims(order_id) WHERE order_id <> '';

-- An order's total is now subtotal - discount (what the shopper pays);
-- orders made before coupons have subtotal 0. Each line carries its share
-- of the discount (see commerce/coupon_apply.go for the rule).
ALTER TABLE commerce_orders ADD COLUMN subtotal BIGINT NOT NULL DEFAULT 0;
ALTER TABLE commerce_orders ADD COLUMN discount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE commerce_orders ADD COLUMN coupon_claim_id TEXT NOT NULL DEFAULT '';
ALTER TABLE commerce_orders ADD COLUMN discount_funded_by TEXT NOT NULL DEFAULT '';
ALTER TABLE commerce_order_lines ADD COLUMN discount BIGINT NOT NULL DEFAULT 0;
-- The part of a payment's discount the platform's marketing account pays
-- the brand at settlement (platform_discount), and what it paid (subsidy).
ALTER TABLE payment_requests ADD COLUMN platform_discount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payment_requests ADD COLUMN subsidy BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE payment_requests DROP COLUMN subsidy;
ALTER TABLE payment_requests DROP COLUMN platform_discount;
ALTER TABLE commerce_order_lines DROP COLUMN discount;
ALTER TABLE commerce_orders DROP COLUMN discount_funded_by;
ALTER TABLE commerce_orders DROP COLUMN coupon_claim_id;
ALTER TABLE commerce_orders DROP COLUMN discount;
ALTER TABLE commerce_orders DROP COLUMN subtotal;
DROP TABLE coupon_claims;
DROP TABLE coupons;
