-- +goose Up
-- App lifecycle: automatic checks, review, gray release, rollback, installs.
-- The bundle and manifest of a version never change; these columns record
-- what the host found and decided about it.
ALTER TABLE app_versions ADD COLUMN checks JSONB NOT NULL DEFAULT '[]';
ALTER TABLE app_versions ADD COLUMN perms_added JSONB NOT NULL DEFAULT '[]';
ALTER TABLE app_versions ADD COLUMN perms_removed JSONB NOT NULL DEFAULT '[]';
ALTER TABLE app_versions ADD COLUMN perms_base TEXT NOT NULL DEFAULT '';
ALTER TABLE app_versions ADD COLUMN submitted_by TEXT NOT NULL DEFAULT '';
ALTER TABLE app_versions ADD COLUMN submitted_at BIGINT;
ALTER TABLE app_versions ADD COLUMN reviewed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE app_versions ADD COLUMN reviewed_at BIGINT;
ALTER TABLE app_versions ADD COLUMN review_reasons JSONB NOT NULL DEFAULT '[]';
ALTER TABLE app_versions ADD COLUMN review_message TEXT NOT NULL DEFAULT '';
CREATE INDEX app_versions_status ON app_versions(status, submitted_at);

-- Every review move (submit, withdraw, approve, reject): who and when.
CREATE TABLE app_version_events (
    id         TEXT PRIMARY KEY,
    app_id     TEXT NOT NULL,
    version    TEXT NOT NULL,
    action     TEXT NOT NULL,
    actor_id   TEXT NOT NULL,
    reasons    JSONB NOT NULL DEFAULT '[]',
    message    TEXT NOT NULL DEFAULT '',
    at         BIGINT NOT NULL,
    FOREIGN KEY (app_id, version) REFERENCES app_versions(app_id, version)
);
CREATE INDEX app_version_events_version ON app_version_events(app_id, version, at);

-- One row per released app: the stable version everyone sees and the gray
-- candidate a sticky percentage of shoppers sees instead.
CREATE TABLE app_release_state (
    app_id            TEXT PRIMARY KEY REFERENCES apps(id),
    stable_version    TEXT,
    candidate_version TEXT,
    candidate_percent INTEGER NOT NULL DEFAULT 0,
    updated_at        BIGINT NOT NULL
);

-- Release history: every release step and rollback. A row with percent 100
-- made its version stable; those versions are the ones kept for rollback.
CREATE TABLE app_releases (
    id       TEXT PRIMARY KEY,
    app_id   TEXT NOT NULL REFERENCES apps(id),
    version  TEXT NOT NULL,
    action   TEXT NOT NULL,
    percent  INTEGER NOT NULL,
    actor_id TEXT NOT NULL,
    at       BIGINT NOT NULL,
    FOREIGN KEY (app_id, version) REFERENCES app_versions(app_id, version)
);
CREATE INDEX app_releases_app ON app_releases(app_id, at);

-- A brand's installation of an app. granted is exactly the permission set
-- the brand consented to, for version (the newest version it consented to).
CREATE TABLE installations (
    id             TEXT PRIMARY KEY,
    app_id         TEXT NOT NULL REFERENCES apps(id),
    brand_org_id   TEXT NOT NULL REFERENCES orgs(id),
    version        TEXT NOT NULL,
    granted        JSONB NOT NULL,
    config         JSONB NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('active', 'uninstalled')),
    created_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    uninstalled_at BIGINT
);
-- One active installation per (brand, app); uninstalled ones stay as history.
CREATE UNIQUE INDEX installations_active ON installations(brand_org_id, app_id) WHERE status = 'active';
CREATE INDEX installations_app ON installations(app_id, status);
CREATE INDEX installations_brand ON installations(brand_org_id, created_at);

-- +goose Down
DROP TABLE installations;
DROP TABLE app_releases;
DROP TABLE app_release_state;
DROP TABLE app_version_events;
DROP INDEX app_versions_status;
ALTER TABLE app_versions DROP COLUMN review_message;
ALTER TABLE app_versions DROP COLUMN review_reasons;
ALTER TABLE app_versions DROP COLUMN reviewed_at;
ALTER TABLE app_versions DROP COLUMN reviewed_by;
ALTER TABLE app_versions DROP COLUMN submitted_at;
ALTER TABLE app_versions DROP COLUMN submitted_by;
ALTER TABLE app_versions DROP COLUMN perms_base;
ALTER TABLE app_versions DROP COLUMN perms_removed;
ALTER TABLE app_versions DROP COLUMN perms_added;
ALTER TABLE app_versions DROP COLUMN checks;
