-- +goose Up
-- Idempotency keys (the Idempotency-Key header on unsafe API routes), one
-- row per caller and key. The row is inserted at the start of the request's
-- transaction and completed with the response in the same transaction as the
-- request's effects (store.BeginRequest), so the effect and its record commit
-- together: a crash leaves both or neither. A concurrent duplicate blocks on
-- the uncommitted row and then replays it. Rows are kept at least 24 hours
-- (expires_at) and pruned after.
CREATE TABLE idempotency_keys (
    user_id      TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    method       TEXT NOT NULL,
    path         TEXT NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    headers      TEXT NOT NULL DEFAULT '[]',
    body         BYTEA NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- +goose Down
DROP TABLE idempotency_keys;
