-- +goose Up
-- Funding operations (top-ups, withdrawals, payouts) are the durable record
-- of money crossing the platform boundary: any node can complete, fail or
-- expire one, whatever process accepted it.
--
-- id is the server's own id (fnd_…, the bank's reference and the ledger
-- transfer's suffix); client_id is the caller's idempotency id, unique per
-- owner, so two users may pick the same one. Rows from before keep their
-- id as both.
--
-- status: pending -> succeeded | failed | expired. expires_at is when a
-- still-pending operation is expired (its reservation voided) by the
-- payments.funding_expire job. resolved_by says who decided: bank,
-- operator:<user id> or timeout.
ALTER TABLE payment_funding ADD COLUMN client_id TEXT;
UPDATE payment_funding SET client_id = id;
ALTER TABLE payment_funding ALTER COLUMN client_id SET NOT NULL;
ALTER TABLE payment_funding ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
UPDATE payment_funding SET expires_at = created_at + 259200000000;
ALTER TABLE payment_funding ADD COLUMN resolved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE payment_funding DROP CONSTRAINT payment_funding_status_check;
ALTER TABLE payment_funding ADD CONSTRAINT payment_funding_status_check CHECK (status IN ('pending', 'succeeded', 'failed', 'expired'));
ALTER TABLE payment_funding ADD CONSTRAINT payment_funding_owner_client UNIQUE (owner_id, client_id);
CREATE INDEX payment_funding_due ON payment_funding(expires_at) WHERE status = 'pending';

-- +goose Down
DROP INDEX payment_funding_due;
ALTER TABLE payment_funding DROP CONSTRAINT payment_funding_owner_client;
UPDATE payment_funding SET status = 'failed' WHERE status = 'expired';
ALTER TABLE payment_funding DROP CONSTRAINT payment_funding_status_check;
ALTER TABLE payment_funding ADD CONSTRAINT payment_funding_status_check CHECK (status IN ('pending', 'succeeded', 'failed'));
ALTER TABLE payment_funding DROP COLUMN resolved_by;
ALTER TABLE payment_funding DROP COLUMN expires_at;
ALTER TABLE payment_funding DROP COLUMN client_id;
