-- +goose Up
-- Catalog, stock, orders and their transitions (package commerce).
--
-- Stock is on_hand (physically there) and reserved (promised to unpaid
-- orders); an order reserves with a conditional UPDATE so concurrent orders
-- can never promise more than on_hand, and the CHECKs hold the line even
-- if code ever forgets.
CREATE TABLE commerce_products (
    id          TEXT PRIMARY KEY,
    brand_id    TEXT NOT NULL REFERENCES orgs(id),
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    currency    TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('active', 'archived')),
    images      TEXT NOT NULL DEFAULT '[]', -- JSON array of blob keys
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX commerce_products_brand ON commerce_products(brand_id, created_at);

CREATE TABLE commerce_skus (
    id         TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES commerce_products(id),
    brand_id   TEXT NOT NULL,
    options    TEXT NOT NULL DEFAULT '{}', -- JSON object {"size":"M","colour":"red"}
    price      BIGINT NOT NULL CHECK (price > 0), -- minor units of the product's currency
    on_hand    BIGINT NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    reserved   BIGINT NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
    status     TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX commerce_skus_product ON commerce_skus(product_id, created_at);

-- One brand settings row: refund policy (absent: the defaults).
CREATE TABLE commerce_brand_settings (
    brand_id       TEXT PRIMARY KEY,
    refund_window  BIGINT NOT NULL,  -- µs after payment a refund may be asked for / given
    max_refund_bps INTEGER NOT NULL CHECK (max_refund_bps BETWEEN 0 AND 10000), -- of the order total
    updated_at     BIGINT NOT NULL
);

CREATE TABLE commerce_orders (
    id                 TEXT PRIMARY KEY,
    shopper_id         TEXT NOT NULL,
    brand_id           TEXT NOT NULL,
    app_id             TEXT NOT NULL DEFAULT '',
    installation_id    TEXT NOT NULL DEFAULT '',
    developer_id       TEXT NOT NULL DEFAULT '',
    currency           TEXT NOT NULL,
    total              BIGINT NOT NULL CHECK (total > 0),
    refunded           BIGINT NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= total),
    state              TEXT NOT NULL CHECK (state IN ('pending_payment', 'paid', 'shipped', 'delivered', 'completed',
                           'cancelled', 'refund_requested', 'refunded', 'disputed', 'resolved')),
    prev_state         TEXT NOT NULL DEFAULT '', -- where refund_requested returns to
    stock              TEXT NOT NULL CHECK (stock IN ('reserved', 'committed', 'released')),
    payment_request_id TEXT NOT NULL DEFAULT '',
    dispute_id         TEXT NOT NULL DEFAULT '',
    complete_job_key   TEXT NOT NULL DEFAULT '',
    pay_by             BIGINT NOT NULL, -- unpaid orders cancel at this time
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    paid_at            BIGINT NOT NULL DEFAULT 0,
    delivered_at       BIGINT NOT NULL DEFAULT 0,
    completed_at       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX commerce_orders_shopper ON commerce_orders(shopper_id, created_at);
CREATE INDEX commerce_orders_brand ON commerce_orders(brand_id, created_at);

CREATE TABLE commerce_order_lines (
    order_id   TEXT NOT NULL REFERENCES commerce_orders(id),
    line_no    INTEGER NOT NULL,
    sku_id     TEXT NOT NULL,
    product_id TEXT NOT NULL,
    title      TEXT NOT NULL,             -- snapshot at order time
    options    TEXT NOT NULL DEFAULT '{}', -- snapshot at order time
    qty        BIGINT NOT NULL CHECK (qty > 0),
    unit_price BIGINT NOT NULL CHECK (unit_price > 0),
    line_total BIGINT NOT NULL CHECK (line_total > 0),
    PRIMARY KEY (order_id, line_no)
);

-- Every state change, with who and why; append-only.
CREATE TABLE commerce_order_transitions (
    id         TEXT PRIMARY KEY,
    order_id   TEXT NOT NULL REFERENCES commerce_orders(id),
    from_state TEXT NOT NULL, -- '' for creation
    to_state   TEXT NOT NULL,
    event      TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id   TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '{}',
    at         BIGINT NOT NULL
);
CREATE INDEX commerce_order_transitions_order ON commerce_order_transitions(order_id, at);

-- A shopper's refund request and the brand's decision.
CREATE TABLE commerce_refund_requests (
    id              TEXT PRIMARY KEY,
    order_id        TEXT NOT NULL REFERENCES commerce_orders(id),
    amount          BIGINT NOT NULL CHECK (amount > 0), -- asked for
    reason          TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'declined')),
    approved_amount BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    decided_at      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX commerce_refund_requests_order ON commerce_refund_requests(order_id, created_at);

-- +goose Down
DROP TABLE commerce_refund_requests;
DROP TABLE commerce_order_transitions;
DROP TABLE commerce_order_lines;
DROP TABLE commerce_orders;
DROP TABLE commerce_brand_settings;
DROP TABLE commerce_skus;
DROP TABLE commerce_products;
