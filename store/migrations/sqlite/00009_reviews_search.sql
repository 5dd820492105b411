-- +goose Up
-- Reviews of completed purchases, their aggregates per product, abuse
-- reports; and the full-text search index over products and released apps.
-- (SQLite twin of postgres/00009_reviews_search.sql.)

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

-- Search documents: one per product and per released app. The text columns
-- hold tokens already normalized in Go (commerce/search_query.go), space
-- separated; FTS5's "ascii" tokenizer splits them back exactly. Filters
-- (status, brand, price, rating, release) are read from the live tables at
-- query time, so an archived product or a withdrawn app drops out at once.
CREATE TABLE search_docs (
    rid        INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('product', 'app')),
    ref_id     TEXT NOT NULL,
    title      TEXT NOT NULL,
    brand      TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (kind, ref_id)
);
CREATE VIRTUAL TABLE search_fts USING fts5(title, brand, body, content='search_docs', content_rowid='rid', tokenize='ascii');

-- +goose StatementBegin
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, title, brand, body) VALUES (new.rid, new.title, new.brand, new.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, brand, body) VALUES ('delete', old.rid, old.title, old.brand, old.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, brand, body) VALUES ('delete', old.rid, old.title, old.brand, old.body);
    INSERT INTO search_fts (rowid, title, brand, body) VALUES (new.rid, new.title, new.brand, new.body);
END;
-- +goose StatementEnd

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
CREATE TRIGGER search_products_ai AFTER INSERT ON commerce_products BEGIN
    INSERT INTO search_dirty (kind, ref_id) VALUES ('product', new.id) ON CONFLICT DO NOTHING;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_products_au AFTER UPDATE OF title, description, brand_id ON commerce_products
    WHEN old.title <> new.title OR old.description <> new.description OR old.brand_id <> new.brand_id BEGIN
    INSERT INTO search_dirty (kind, ref_id) VALUES ('product', new.id) ON CONFLICT DO NOTHING;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_orgs_au AFTER UPDATE OF name ON orgs WHEN old.name <> new.name BEGIN
    INSERT INTO search_dirty (kind, ref_id) SELECT 'product', id FROM commerce_products WHERE brand_id = new.id
        ON CONFLICT DO NOTHING;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_release_ai AFTER INSERT ON app_release_state BEGIN
    INSERT INTO search_dirty (kind, ref_id) VALUES ('app', new.app_id) ON CONFLICT DO NOTHING;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_release_au AFTER UPDATE ON app_release_state BEGIN
    INSERT INTO search_dirty (kind, ref_id) VALUES ('app', new.app_id) ON CONFLICT DO NOTHING;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_apps_au AFTER UPDATE OF name, slug ON apps BEGIN
    INSERT INTO search_dirty (kind, ref_id) VALUES ('app', new.id) ON CONFLICT DO NOTHING;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER search_apps_au;
DROP TRIGGER search_release_au;
DROP TRIGGER search_release_ai;
DROP TRIGGER search_orgs_au;
DROP TRIGGER search_products_au;
DROP TRIGGER search_products_ai;
DROP TABLE search_dirty;
DROP TRIGGER search_docs_au;
DROP TRIGGER search_docs_ad;
DROP TRIGGER search_docs_ai;
DROP TABLE search_fts;
DROP TABLE search_docs;
DROP TABLE commerce_review_reports;
DROP TABLE commerce_product_ratings;
DROP TABLE commerce_reviews;
