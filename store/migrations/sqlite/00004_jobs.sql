-- +goose Up
-- Durable background jobs (package jobs): order timers, event dispatch,
-- webhook deliveries, transfer and red-packet expiry. A job is enqueued in
-- the same transaction as the change that needs it, so neither is ever kept
-- without the other. dedupe_key makes enqueueing idempotent.
CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    dedupe_key   TEXT UNIQUE,
    payload      TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed', 'cancelled')),
    run_at       BIGINT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    locked_until BIGINT,
    last_error   TEXT,
    created_at   BIGINT NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX jobs_due ON jobs(run_at) WHERE state = 'pending';
CREATE INDEX jobs_running ON jobs(locked_until) WHERE state = 'running';

-- +goose Down
DROP TABLE jobs;
