-- +goose Up
-- Profiles for the web shell: a handle friends find you by (exact match
-- only, stored lower-cased), the language you chose for pages ('' = follow
-- the browser), and the anti-phishing phrase the host's payment sheet shows
-- so that no app view can imitate it.
ALTER TABLE users ADD COLUMN handle TEXT;
ALTER TABLE users ADD COLUMN preferred_language TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN anti_phishing_phrase TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX users_handle ON users(handle);

-- +goose Down
DROP INDEX users_handle;
ALTER TABLE users DROP COLUMN anti_phishing_phrase;
ALTER TABLE users DROP COLUMN preferred_language;
ALTER TABLE users DROP COLUMN handle;
