-- +goose Up
-- An operator may suspend a user: while suspended_at is set, the user's
-- sessions and API tokens authenticate nobody and signing in is refused.
-- suspended_by is the operator's user id.
ALTER TABLE users ADD COLUMN suspended_at BIGINT;
ALTER TABLE users ADD COLUMN suspended_by TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE users DROP COLUMN suspended_by;
ALTER TABLE users DROP COLUMN suspended_at;
