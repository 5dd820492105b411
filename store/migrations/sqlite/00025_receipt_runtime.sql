-- +goose Up
-- Receipts say whether the event ran in a warm runtime (the installation's
-- runtime kept from an earlier event: the bundle's top level did not run
-- again) or a cold one ('cold', 'warm'; '' when no runtime ran it, and on
-- receipts older than this column).
ALTER TABLE receipts ADD COLUMN runtime TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE receipts DROP COLUMN runtime;
