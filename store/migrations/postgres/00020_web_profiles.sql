-- +goose Up
-- Profiles for the web shell: a handle friends find you by (exact match
-- only, stored lower-cased), the language you chose for pages ('' = follow
-- the browser), and the anti-phishing phrase the host's payment sheet shows
-- so that no app view can imitate it.
ALTER TABLE users ADD COLUMN handle TEXT;
ALTER TABLE users ADD COLUMN preferred_language TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN anti_phishing_phrase TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX users_handle ON users(handle);

-- The view the shell last showed a shopper in an app's frame: an action may
-- answer with a patch, which the host applies to this view (on any node).
CREATE TABLE web_app_views (
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    installation_id TEXT NOT NULL,
    page            TEXT NOT NULL,
    view            TEXT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (user_id, installation_id)
);

-- +goose Down
DROP TABLE web_app_views;
DROP INDEX users_handle;
ALTER TABLE users DROP COLUMN anti_phishing_phrase;
ALTER TABLE users DROP COLUMN preferred_language;
ALTER TABLE users DROP COLUMN handle;
