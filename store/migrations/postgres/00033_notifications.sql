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

-- +goose Down
DROP TABLE notifications;
