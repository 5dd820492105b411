-- +goose Up
-- Points (issue 17, part 4). Points live in the ledger as a unit per
-- programme ("PTS:<programme>", exponent 0); these tables say what the
-- ledger's points are for. See docs/COMMERCE.md, "Points".

-- (a) Merchant incentives: an operator's campaign awards a brand points for
-- each qualifying payment it receives, within caps; brands redeem them for
-- fee rebates paid by the platform's marketing account.
CREATE TABLE points_campaigns (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    rule               TEXT NOT NULL CHECK (rule IN ('paycode')),
    currency           TEXT NOT NULL,
    min_amount         BIGINT NOT NULL CHECK (min_amount >= 0),
    points_per_payment BIGINT NOT NULL CHECK (points_per_payment > 0),
    point_value        BIGINT NOT NULL CHECK (point_value > 0),
    daily_cap          BIGINT NOT NULL CHECK (daily_cap >= 0), -- per brand per UTC day (0: none)
    brand_cap          BIGINT NOT NULL CHECK (brand_cap >= 0), -- per brand over the campaign (0: none)
    starts_at          BIGINT NOT NULL,
    ends_at            BIGINT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    created_by         TEXT NOT NULL DEFAULT '',
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX points_campaigns_live ON points_campaigns(rule, currency, status);

-- One row per (campaign, brand, day) and per (campaign, brand, '') for the
-- campaign total: the caps are checked against these under a row lock.
CREATE TABLE points_campaign_counters (
    campaign_id TEXT NOT NULL,
    brand_id    TEXT NOT NULL,
    day         TEXT NOT NULL,
    awarded     BIGINT NOT NULL DEFAULT 0 CHECK (awarded >= 0),
    PRIMARY KEY (campaign_id, brand_id, day)
);

CREATE TABLE points_campaign_awards (
    id          TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL,
    brand_id    TEXT NOT NULL,
    payment_id  TEXT NOT NULL,
    points      BIGINT NOT NULL CHECK (points > 0),
    created_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX points_campaign_awards_payment ON points_campaign_awards(campaign_id, payment_id);
CREATE INDEX points_campaign_awards_brand ON points_campaign_awards(brand_id, created_at);

CREATE TABLE points_rebates (
    id          TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL,
    brand_id    TEXT NOT NULL,
    points      BIGINT NOT NULL CHECK (points > 0),
    currency    TEXT NOT NULL,
    amount      BIGINT NOT NULL CHECK (amount > 0),
    created_by  TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);
CREATE INDEX points_rebates_brand ON points_rebates(brand_id, created_at);

-- (b) Shopper loyalty: one programme per brand.
CREATE TABLE loyalty_programmes (
    brand_id      TEXT PRIMARY KEY,
    status        TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    currency      TEXT NOT NULL,
    earn_per_unit BIGINT NOT NULL CHECK (earn_per_unit >= 0), -- points per whole major unit paid
    point_value   BIGINT NOT NULL CHECK (point_value > 0),    -- minor units of currency per point
    expiry_days   INTEGER NOT NULL CHECK (expiry_days > 0),
    updated_at    BIGINT NOT NULL
);

-- A lot is points earned (or nothing else): remaining falls as they are
-- redeemed or expire and rises when a redemption is returned.
CREATE TABLE loyalty_lots (
    id         TEXT PRIMARY KEY,
    brand_id   TEXT NOT NULL,
    shopper_id TEXT NOT NULL,
    order_id   TEXT NOT NULL,
    points     BIGINT NOT NULL CHECK (points > 0),
    remaining  BIGINT NOT NULL CHECK (remaining >= 0 AND remaining <= points),
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX loyalty_lots_holder ON loyalty_lots(brand_id, shopper_id, expires_at);
CREATE INDEX loyalty_lots_expiry ON loyalty_lots(expires_at) WHERE remaining > 0;

-- Which lots an order's redemption took its points from.
CREATE TABLE loyalty_lot_uses (
    order_id TEXT NOT NULL,
    lot_id   TEXT NOT NULL,
    points   BIGINT NOT NULL CHECK (points >= 0),
    PRIMARY KEY (order_id, lot_id)
);

ALTER TABLE commerce_orders ADD COLUMN points_used BIGINT NOT NULL DEFAULT 0;
ALTER TABLE commerce_orders ADD COLUMN point_value BIGINT NOT NULL DEFAULT 0;
ALTER TABLE commerce_orders ADD COLUMN points_discount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE commerce_orders ADD COLUMN points_returned BIGINT NOT NULL DEFAULT 0;
ALTER TABLE commerce_orders ADD COLUMN points_earned BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE commerce_orders DROP COLUMN points_earned;
ALTER TABLE commerce_orders DROP COLUMN points_returned;
ALTER TABLE commerce_orders DROP COLUMN points_discount;
ALTER TABLE commerce_orders DROP COLUMN point_value;
ALTER TABLE commerce_orders DROP COLUMN points_used;
DROP TABLE loyalty_lot_uses;
DROP TABLE loyalty_lots;
DROP TABLE loyalty_programmes;
DROP TABLE points_rebates;
DROP TABLE points_campaign_awards;
DROP TABLE points_campaign_counters;
DROP TABLE points_campaigns;
