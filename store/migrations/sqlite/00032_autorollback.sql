-- +goose Up
-- (SQLite twin of postgres/00032_autorollback.sql: INTEGER 0/1 for
-- BOOLEAN, TEXT for JSONB.)
-- Automatic rollback of a gray release: the developer's rules per app (an
-- app without a row runs with the defaults, marketplace.DefaultAutoRollback).
CREATE TABLE app_autorollback (
    app_id        TEXT PRIMARY KEY REFERENCES apps(id),
    enabled       INTEGER NOT NULL,
    margin_points INTEGER NOT NULL,
    min_events    INTEGER NOT NULL,
    updated_by    TEXT NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- A release step says why it happened when the host took it (an automatic
-- rollback) and the figures it decided on (JSON).
ALTER TABLE app_releases ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE app_releases ADD COLUMN figures TEXT;

-- The comparison counts a version's receipts since its gray release began.
CREATE INDEX receipts_version ON receipts(app_id, version, started_at);

-- +goose Down
DROP INDEX receipts_version;
ALTER TABLE app_releases DROP COLUMN figures;
ALTER TABLE app_releases DROP COLUMN reason;
DROP TABLE app_autorollback;
