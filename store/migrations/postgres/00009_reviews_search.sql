-- +goose Up
-- Reviews of completed purchases, their aggregates per product, abuse
-- reports; and the full-text search index over products and released apps.

-- One review per order line, by the order's shopper, once the order is
-- completed. The brand may reply once (reply_at <> 0 means it has).
CREATE TABLE commerce_reviews (
    id            TEXT PRIMARY KEY,
    order_id      TEXT NOT NULL,
    line_no       INTEGER NOT NULL,
    product_id    TEXT NOT NULL REFERENCES commerce_products(id),
    sku_id        TEXT NOT NULL,
    brand_id      TEXT NOT NULL,
    shopper_id    TEXT NOT NULL,
    rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body          TEXT NOT NULL DEFAULT '',
    photos        TEXT NOT NULL DEFAULT '[]', -- JSON array of blob keys
    status        TEXT NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'hidden')),
    hidden_reason TEXT NOT NULL DEFAULT '',
    hidden_by     TEXT NOT NULL DEFAULT '',
    hidden_at     BIGINT NOT NULL DEFAULT 0,
    reply_body    TEXT NOT NULL DEFAULT '',
    reply_by      TEXT NOT NULL DEFAULT '',
    reply_at      BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    UNIQUE (order_id, line_no),
    FOREIGN KEY (order_id, line_no) REFERENCES commerce_order_lines(order_id, line_no)
);
CREATE INDEX commerce_reviews_product ON commerce_reviews(product_id, status, created_at);
CREATE INDEX commerce_reviews_brand ON commerce_reviews(brand_id, created_at);
CREATE INDEX commerce_reviews_shopper ON commerce_reviews(shopper_id, created_at);

-- Running aggregates of the VISIBLE reviews of a product, kept in the same
-- transaction as every review write or hide; the CHECKs make a drifted
-- count impossible to commit.
CREATE TABLE commerce_product_ratings (
    product_id   TEXT PRIMARY KEY REFERENCES commerce_products(id),
    brand_id     TEXT NOT NULL,
    review_count BIGINT NOT NULL DEFAULT 0,
    rating_sum   BIGINT NOT NULL DEFAULT 0,
    r1           BIGINT NOT NULL DEFAULT 0 CHECK (r1 >= 0),
    r2           BIGINT NOT NULL DEFAULT 0 CHECK (r2 >= 0),
    r3           BIGINT NOT NULL DEFAULT 0 CHECK (r3 >= 0),
    r4           BIGINT NOT NULL DEFAULT 0 CHECK (r4 >= 0),
    r5           BIGINT NOT NULL DEFAULT 0 CHECK (r5 >= 0),
    updated_at   BIGINT NOT NULL,
    CHECK (review_count = r1 + r2 + r3 + r4 + r5),
    CHECK (rating_sum = r1 + 2 * r2 + 3 * r3 + 4 * r4 + 5 * r5)
);

-- A shopper's abuse report on a review (one per reporter and review);
-- admins resolve it by hiding the review or dismissing the report.
CREATE TABLE commerce_review_reports (
    id          TEXT PRIMARY KEY,
    review_id   TEXT NOT NULL REFERENCES commerce_reviews(id),
    brand_id    TEXT NOT NULL,
    reporter_id TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('spam', 'offensive', 'off_topic', 'fake', 'personal_data', 'other')),
    note        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'actioned')),
    resolved_by TEXT NOT NULL DEFAULT '',
    resolved_at BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    UNIQUE (review_id, reporter_id)
);
CREATE INDEX commerce_review_reports_status ON commerce_review_reports(status, created_at);
CREATE INDEX commerce_review_reports_brand ON commerce_review_reports(brand_id, created_at);

-- Search documents: one per product and per released app. tsv is built in
-- Go from tokens normalized there (commerce/search_query.go) and written as
-- a tsvector literal (title weight A, brand B, body C), so PostgreSQL and
-- SQLite index exactly the same tokens. Filters (status, brand, price,
-- rating, release) are read from the live tables at query time, so an
-- archived product or a withdrawn app drops out at once.
CREATE TABLE search_docs (
    kind       TEXT NOT NULL CHECK (kind IN ('product', 'app')),
    ref_id     TEXT NOT NULL,
    tsv        TSVECTOR NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (kind, ref_id)
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);

-- Documents whose source rows changed. Triggers on the source tables mark
-- them in the writer's own transaction (so no write path can forget), and
-- every search first re-tokenizes the marked documents (Service.SyncSearch)
-- before it reads the index: a committed change is always searchable.
CREATE TABLE search_dirty (
    kind   TEXT NOT NULL,
    ref_id TEXT NOT NULL,
    PRIMARY KEY (kind, ref_id)
);

-- +goose StatementBegin
CREATE FUNCTION search_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'commerce_products' THEN
        INSERT INTO search_dirty (kind, ref_id) VALUES ('product', NEW.id) ON CONFLICT DO NOTHING;
    ELSIF TG_TABLE_NAME = 'orgs' THEN
        INSERT INTO search_dirty (kind, ref_id) SELECT 'product', id FROM commerce_products WHERE brand_id = NEW.id
            ON CONFLICT DO NOTHING;
    ELSIF TG_TABLE_NAME = 'app_release_state' THEN
        INSERT INTO search_dirty (kind, ref_id) VALUES ('app', NEW.app_id) ON CONFLICT DO NOTHING;
    ELSIF TG_TABLE_NAME = 'apps' THEN
        INSERT INTO search_dirty (kind, ref_id) VALUES ('app', NEW.id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER search_products_ai AFTER INSERT ON commerce_products FOR EACH ROW EXECUTE FUNCTION search_mark_dirty();
CREATE TRIGGER search_products_au AFTER UPDATE OF title, description, brand_id ON commerce_products FOR EACH ROW
    WHEN (OLD.title <> NEW.title OR OLD.description <> NEW.description OR OLD.brand_id <> NEW.brand_id)
    EXECUTE FUNCTION search_mark_dirty();
CREATE TRIGGER search_orgs_au AFTER UPDATE OF name ON orgs FOR EACH ROW WHEN (OLD.name <> NEW.name)
    EXECUTE FUNCTION search_mark_dirty();
CREATE TRIGGER search_release_ai AFTER INSERT OR UPDATE ON app_release_state FOR EACH ROW EXECUTE FUNCTION search_mark_dirty();
CREATE TRIGGER search_apps_au AFTER UPDATE OF name, slug ON apps FOR EACH ROW EXECUTE FUNCTION search_mark_dirty();

-- +goose Down
DROP TRIGGER search_apps_au ON apps;
DROP TRIGGER search_release_ai ON app_release_state;
DROP TRIGGER search_orgs_au ON orgs;
DROP TRIGGER search_products_au ON commerce_products;
DROP TRIGGER search_products_ai ON commerce_products;
DROP FUNCTION search_mark_dirty();
DROP TABLE search_dirty;
DROP TABLE search_docs;
DROP TABLE commerce_review_reports;
DROP TABLE commerce_product_ratings;
DROP TABLE commerce_reviews;
