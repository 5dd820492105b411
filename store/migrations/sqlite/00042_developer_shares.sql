-- +goose Up
-- A developer org's share of orders placed through its apps, in basis
-- points, set by operators (without a row: the commerce default). Read
-- when an order's payment request is made, so existing orders keep theirs.
CREATE TABLE commerce_developer_shares (
    developer_id TEXT PRIMARY KEY,
    share_bps    INTEGER NOT NULL CHECK (share_bps BETWEEN 0 AND 10000),
    updated_at   BIGINT NOT NULL
);

-- +goose Down
DROP TABLE commerce_developer_shares;
