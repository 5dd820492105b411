-- +goose Up
-- The time an event waited for a sandbox worker (behind its own app's
-- events over the app's share of the pool, then for a free worker); part of
-- wall_us. Receipts written before this column have 0.
ALTER TABLE receipts ADD COLUMN queue_us BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE receipts DROP COLUMN queue_us;
