-- +goose Up
-- The seller console's catalog and orders work (issue 12).
--
-- Every change of a SKU's stock on hand, with who made it and why (a form,
-- a CSV import, the API): the console shows a product's stock history.
CREATE TABLE commerce_stock_adjustments (
    id         TEXT PRIMARY KEY,
    brand_id   TEXT NOT NULL,
    product_id TEXT NOT NULL,
    sku_id     TEXT NOT NULL REFERENCES commerce_skus(id),
    actor_id   TEXT NOT NULL DEFAULT '', -- the user who changed it ('' = the system)
    before_qty INTEGER NOT NULL,
    after_qty  INTEGER NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX commerce_stock_adjustments_product ON commerce_stock_adjustments(product_id, created_at);

-- A brand's answers to an order's dispute: text and evidence images (blob
-- keys), read by the operator who decides it.
CREATE TABLE commerce_dispute_answers (
    id         TEXT PRIMARY KEY,
    order_id   TEXT NOT NULL REFERENCES commerce_orders(id),
    brand_id   TEXT NOT NULL,
    dispute_id TEXT NOT NULL,
    author_id  TEXT NOT NULL,
    body       TEXT NOT NULL,
    images     TEXT NOT NULL DEFAULT '[]', -- JSON array of blob keys
    created_at INTEGER NOT NULL
);
CREATE INDEX commerce_dispute_answers_order ON commerce_dispute_answers(order_id, created_at);

-- +goose Down
DROP TABLE commerce_dispute_answers;
DROP TABLE commerce_stock_adjustments;
