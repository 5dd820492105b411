-- +goose Up
-- Recordings of events for deterministic replay (souk replay, issue 14):
-- one per receipt, the event's input, context, host calls with their
-- results and what it read of the clock and its random seed, as gzipped
-- JSON of at most 256 KiB. truncated is why a recording cannot be replayed
-- ('' when it can). Rows older than SOUK_RECORDING_RETENTION are pruned.
CREATE TABLE recordings (
    receipt_id  TEXT PRIMARY KEY,
    app_id      TEXT NOT NULL,
    version     TEXT NOT NULL,
    started_at  BIGINT NOT NULL,
    truncated   TEXT NOT NULL DEFAULT '',
    size_bytes  INTEGER NOT NULL,
    data        BYTEA NOT NULL
);
CREATE INDEX recordings_started_at ON recordings (started_at);

-- +goose Down
DROP TABLE recordings;
