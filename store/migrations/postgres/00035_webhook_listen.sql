-- +goose Up
-- `souk listen`: an app's listen endpoint is a webhook endpoint with no URL
-- that records deliveries for the developers streaming them (GET
-- …/webhooks/listen) instead of sending them. listen_until is set only on
-- it: deliveries are recorded while it is in the future (a listener renews
-- it), so a short reconnect loses nothing and nobody listening costs
-- nothing. Ordinary endpoints keep it NULL.
ALTER TABLE webhook_endpoints ADD COLUMN listen_until BIGINT;

-- +goose Down
ALTER TABLE webhook_endpoints DROP COLUMN listen_until;
