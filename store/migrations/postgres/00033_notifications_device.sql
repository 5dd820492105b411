-- +goose Up
-- Lifecycle events of an app (review decisions, installs, quarantines,
-- automatic rollbacks) as notifications of its developer org, newest first
-- in the portal. event_key dedupes an event told twice (a quarantine seen
-- by two nodes); data is the marketplace.LifecycleEvent. Read state is the
-- org's: one member marking a notification read marks it for all.
CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES orgs(id),
    app_id     TEXT NOT NULL,
    type       TEXT NOT NULL,
    event_key  TEXT NOT NULL,
    data       JSONB NOT NULL,
    created_at BIGINT NOT NULL,
    read_at    BIGINT
);
CREATE UNIQUE INDEX notifications_key ON notifications(org_id, event_key);
CREATE INDEX notifications_org ON notifications(org_id, created_at);
CREATE INDEX notifications_app ON notifications(app_id, type, created_at);

-- Device authorization (RFC 8628) for souk login: a client's pending
-- request, approved or denied by a signed-in person on /device, then used
-- once for an API token. Both codes are SHA-256 hashes; user codes are
-- unique for as long as rows are kept.
CREATE TABLE device_codes (
    id             TEXT PRIMARY KEY,
    device_hash    TEXT NOT NULL UNIQUE,
    user_code_hash TEXT NOT NULL UNIQUE,
    client_name    TEXT NOT NULL,
    client_addr    TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'used')),
    user_id        TEXT REFERENCES users(id),
    interval_s     INTEGER NOT NULL,
    last_poll_at   BIGINT,
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    decided_at     BIGINT
);

-- +goose Down
DROP TABLE device_codes;
DROP TABLE notifications;
