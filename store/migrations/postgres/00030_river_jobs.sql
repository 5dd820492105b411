-- +goose Up
-- Background jobs move to River (package jobs). River's tables (river_job,
-- river_leader, river_queue, …) come from River's own migrations, which
-- souk migrate applies before these. souk keeps one table of its own:
-- job_keys, the idempotency keys of jobs. A key stays taken forever,
-- whatever became of its job (River deletes finished rows after a
-- retention period), and job_id lets a timer be cancelled by key.
CREATE TABLE job_keys (
    key        TEXT PRIMARY KEY,
    job_id     BIGINT,
    created_at BIGINT NOT NULL
);
-- Every key of the old queue stays taken. The old table itself stays
-- (expand-only: nodes of the previous release read it during a rolling
-- update); nodes of this release move its pending jobs onto River as they
-- find them (jobs.Queue), and a later release drops it.
INSERT INTO job_keys (key, job_id, created_at)
    SELECT dedupe_key, NULL, created_at FROM jobs WHERE dedupe_key IS NOT NULL;

-- +goose Down
DROP TABLE job_keys;
