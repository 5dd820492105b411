-- +goose Up
-- Brand protection (issue 17, part 2): brand verification, authenticity
-- codes and their scans, and perceptual hashes of product images.

-- A brand asks to be verified with documents; an operator verifies or
-- rejects the request. name_key is the brand name folded (NFKC, case,
-- confusable characters; see commerce/brand_name.go): two verified brands
-- can never share one, and a brand whose name folds to a verified brand's
-- key cannot be verified (nor created through the API).
CREATE TABLE brand_verifications (
    id           TEXT PRIMARY KEY,
    brand_id     TEXT NOT NULL REFERENCES orgs(id),
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    registration TEXT NOT NULL DEFAULT '', -- trademark or company registration number
    evidence     TEXT NOT NULL DEFAULT '', -- what the documents show, in the brand's words
    documents    TEXT NOT NULL DEFAULT '[]', -- blob keys (verifications/...)
    status       TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'rejected', 'revoked')),
    submitted_by TEXT NOT NULL,
    reviewed_by  TEXT NOT NULL DEFAULT '',
    review_note  TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    reviewed_at  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX brand_verifications_brand ON brand_verifications(brand_id, created_at);
CREATE INDEX brand_verifications_status ON brand_verifications(status, created_at);
CREATE UNIQUE INDEX brand_verifications_pending ON brand_verifications(brand_id) WHERE status = 'pending';
CREATE UNIQUE INDEX brand_verifications_verified ON brand_verifications(brand_id) WHERE status = 'verified';
CREATE UNIQUE INDEX brand_verifications_name ON brand_verifications(name_key) WHERE status = 'verified';

-- A batch of authenticity codes for one SKU.
CREATE TABLE authenticity_batches (
    id         TEXT PRIMARY KEY,
    brand_id   TEXT NOT NULL,
    product_id TEXT NOT NULL,
    sku_id     TEXT NOT NULL,
    count      INTEGER NOT NULL CHECK (count > 0),
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX authenticity_batches_brand ON authenticity_batches(brand_id, created_at);

-- One serial code (17 characters of a 31-letter alphabet: 84 random bits);
-- its short link is /l/{code} (a links row of kind authenticity). A code
-- may be bound to one order line at shipping. first_scan_at is set once.
CREATE TABLE authenticity_codes (
    code          TEXT PRIMARY KEY,
    batch_id      TEXT NOT NULL REFERENCES authenticity_batches(id),
    brand_id      TEXT NOT NULL,
    product_id    TEXT NOT NULL,
    sku_id        TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    order_id      TEXT NOT NULL DEFAULT '',
    line_no       INTEGER NOT NULL DEFAULT 0,
    shopper_id    TEXT NOT NULL DEFAULT '',
    bound_at      BIGINT NOT NULL DEFAULT 0,
    scans         BIGINT NOT NULL DEFAULT 0,
    first_scan_at BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL
);
CREATE INDEX authenticity_codes_batch ON authenticity_codes(batch_id, seq);
CREATE INDEX authenticity_codes_order ON authenticity_codes(order_id) WHERE order_id <> '';

-- Every scan with its verdict: genuine (a first scan by anyone allowed),
-- repeat (scanned before), other_owner (bound to someone else's order).
CREATE TABLE authenticity_scans (
    id         TEXT PRIMARY KEY,
    code       TEXT NOT NULL REFERENCES authenticity_codes(code),
    brand_id   TEXT NOT NULL,
    scanner_id TEXT NOT NULL DEFAULT '',
    verdict    TEXT NOT NULL CHECK (verdict IN ('genuine', 'repeat', 'other_owner')),
    created_at BIGINT NOT NULL
);
CREATE INDEX authenticity_scans_brand ON authenticity_scans(brand_id, created_at);
CREATE INDEX authenticity_scans_code ON authenticity_scans(code, created_at);

-- A 64-bit perceptual hash (pHash, github.com/corona10/goimagehash) of
-- each decodable product image, stored as a signed 64-bit integer.
CREATE TABLE product_image_hashes (
    product_id TEXT NOT NULL,
    image_key  TEXT NOT NULL,
    brand_id   TEXT NOT NULL,
    phash      BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (product_id, image_key)
);
CREATE INDEX product_image_hashes_brand ON product_image_hashes(brand_id);

-- A new listing whose image is within the match distance of a verified
-- brand's image, uploaded by another brand: operators and the verified
-- brand see it.
CREATE TABLE image_reuse_flags (
    id                 TEXT PRIMARY KEY,
    product_id         TEXT NOT NULL,
    brand_id           TEXT NOT NULL,
    image_key          TEXT NOT NULL,
    verified_brand_id  TEXT NOT NULL,
    matched_product_id TEXT NOT NULL,
    distance           INTEGER NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('open', 'dismissed')),
    created_at         BIGINT NOT NULL
);
CREATE UNIQUE INDEX image_reuse_flags_pair ON image_reuse_flags(product_id, image_key, matched_product_id);
CREATE INDEX image_reuse_flags_verified ON image_reuse_flags(verified_brand_id, created_at);

-- +goose Down
DROP TABLE image_reuse_flags;
DROP TABLE product_image_hashes;
DROP TABLE authenticity_scans;
DROP TABLE authenticity_codes;
DROP TABLE authenticity_batches;
DROP TABLE brand_verifications;
