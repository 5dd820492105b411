-- +goose Up
-- Apps belong to one developer org; the slug is global because it is the
-- manifest name every version of the app must carry.
CREATE TABLE apps (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES orgs(id),
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX apps_org ON apps(org_id, created_at);

-- Versions are immutable once uploaded; only status moves (review and
-- release add their states in the marketplace issue, hence no CHECK here).
CREATE TABLE app_versions (
    app_id      TEXT NOT NULL REFERENCES apps(id),
    version     TEXT NOT NULL,
    bundle_hash TEXT NOT NULL,
    blob_key    TEXT NOT NULL,
    manifest    JSONB NOT NULL,
    size_bytes  BIGINT NOT NULL,
    status      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (app_id, version)
);
CREATE INDEX app_versions_created ON app_versions(app_id, created_at);

-- Per-installation key-value storage for mini-programs. Keys compare
-- byte-wise (COLLATE "C") so listing order matches SQLite's; values are the
-- app's JSON text kept byte for byte.
CREATE TABLE app_storage (
    installation_id TEXT NOT NULL,
    key             TEXT COLLATE "C" NOT NULL,
    value           TEXT NOT NULL,
    size_bytes      INTEGER NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (installation_id, key)
);

-- Running usage per installation; writers lock this row first, so quota
-- checks of concurrent writes to one installation are serialized.
CREATE TABLE app_storage_usage (
    installation_id TEXT PRIMARY KEY,
    keys            INTEGER NOT NULL,
    bytes           BIGINT NOT NULL
);

-- One receipt per event, and the event's captured console/log lines.
CREATE TABLE receipts (
    id              TEXT PRIMARY KEY,
    app_id          TEXT NOT NULL,
    version         TEXT NOT NULL,
    installation_id TEXT NOT NULL,
    event           TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    error           JSONB,
    bundle_hash     TEXT NOT NULL,
    started_at      BIGINT NOT NULL,
    wall_us         BIGINT NOT NULL,
    cpu_us          BIGINT NOT NULL,
    compile_us      BIGINT NOT NULL,
    host_calls      INTEGER NOT NULL,
    bytes_in        BIGINT NOT NULL,
    bytes_out       BIGINT NOT NULL,
    log_lines       INTEGER NOT NULL,
    logs_dropped    INTEGER NOT NULL
);
CREATE INDEX receipts_app ON receipts(app_id, started_at, id);

CREATE TABLE receipt_logs (
    receipt_id TEXT NOT NULL REFERENCES receipts(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    source     TEXT NOT NULL,
    level      TEXT NOT NULL,
    message    TEXT NOT NULL,
    fields     JSONB,
    at_us      BIGINT NOT NULL,
    PRIMARY KEY (receipt_id, seq)
);

-- +goose Down
DROP TABLE receipt_logs;
DROP TABLE receipts;
DROP TABLE app_storage_usage;
DROP TABLE app_storage;
DROP TABLE app_versions;
DROP TABLE apps;
