-- +goose Up
-- (SQLite twin of postgres/00007_logistics.sql.)
-- Shipments of orders and their tracking events (package commerce,
-- logistics). An order may ship in several parts; the items say which
-- lines and how many, never more than ordered in all.
CREATE TABLE commerce_shipments (
    id              TEXT PRIMARY KEY,
    order_id        TEXT NOT NULL REFERENCES commerce_orders(id),
    brand_id        TEXT NOT NULL,
    carrier         TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('label_created', 'in_transit', 'out_for_delivery', 'delivered', 'exception')),
    last_event_at   BIGINT NOT NULL, -- the carrier's time of the newest applied event
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    delivered_at    BIGINT NOT NULL DEFAULT 0,
    UNIQUE (carrier, tracking_number)
);
CREATE INDEX commerce_shipments_order ON commerce_shipments(order_id, created_at);

CREATE TABLE commerce_shipment_items (
    shipment_id TEXT NOT NULL REFERENCES commerce_shipments(id),
    order_id    TEXT NOT NULL,
    line_no     INTEGER NOT NULL,
    qty         BIGINT NOT NULL CHECK (qty > 0),
    PRIMARY KEY (shipment_id, line_no)
);
CREATE INDEX commerce_shipment_items_order ON commerce_shipment_items(order_id, line_no);

-- Tracking events as the carrier reported them. (carrier, event_id) is
-- unique so a carrier's retry of the same event is recognised and ignored.
CREATE TABLE commerce_shipment_events (
    id          TEXT PRIMARY KEY,
    shipment_id TEXT NOT NULL REFERENCES commerce_shipments(id),
    carrier     TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    status      TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    location    TEXT NOT NULL DEFAULT '',
    occurred_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    UNIQUE (carrier, event_id)
);
CREATE INDEX commerce_shipment_events_shipment ON commerce_shipment_events(shipment_id, occurred_at);

-- +goose Down
DROP TABLE commerce_shipment_events;
DROP TABLE commerce_shipment_items;
DROP TABLE commerce_shipments;
