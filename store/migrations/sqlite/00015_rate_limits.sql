-- +goose Up
-- Request budgets that every node shares (login, signup and PIN attempts per
-- client address): one row per subject and fixed window, incremented in one
-- upsert; the limiter weighs the previous window's count to approximate a
-- sliding window. Rows are swept once expires_at (two windows on) passes.
CREATE TABLE rate_limit_windows (
    subject      TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL CHECK (hits > 0),
    expires_at   BIGINT NOT NULL,
    PRIMARY KEY (subject, window_start)
);
CREATE INDEX rate_limit_windows_expiry ON rate_limit_windows(expires_at);

-- +goose Down
DROP TABLE rate_limit_windows;
