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
-- Keys of jobs the old queue finished stay taken; its pending and running
-- jobs are moved onto River by the first queue that starts (jobs.Queue),
-- which inserts their keys with their new River ids.
INSERT INTO job_keys (key, job_id, created_at)
    SELECT dedupe_key, NULL, created_at FROM jobs
    WHERE dedupe_key IS NOT NULL AND state NOT IN ('pending', 'running');
ALTER TABLE jobs RENAME TO jobs_legacy;

-- +goose Down
ALTER TABLE jobs_legacy RENAME TO jobs;
DROP TABLE job_keys;
