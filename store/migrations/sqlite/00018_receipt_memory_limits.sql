-- +goose Up
-- Receipts record the memory an event used (the most heap it held, and what
-- it allocated) and the limits it ran under (JSON: timeout_ms, memory_mb,
-- host_calls, log_bytes, view_bytes). Older receipts have 0 and NULL.
ALTER TABLE receipts ADD COLUMN memory_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE receipts ADD COLUMN alloc_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE receipts ADD COLUMN limits TEXT;

-- +goose Down
ALTER TABLE receipts DROP COLUMN limits;
ALTER TABLE receipts DROP COLUMN alloc_bytes;
ALTER TABLE receipts DROP COLUMN memory_bytes;
