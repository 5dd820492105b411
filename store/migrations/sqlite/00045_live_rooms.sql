-- +goose Up
-- Live commerce (issue 17, part 5). A brand's live room is a broadcast
-- channel of the chat hub: viewers subscribe in memory (no row per viewer);
-- only what must outlive a node is here. last_seq numbers the room's
-- messages; likes is the aggregated like count (written in batches).
CREATE TABLE live_rooms (
    id              TEXT PRIMARY KEY,
    brand_id        TEXT NOT NULL,
    installation_id TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL,
    stream_url      TEXT NOT NULL,
    host_id         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    likes           BIGINT NOT NULL DEFAULT 0 CHECK (likes >= 0),
    last_seq        BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    closed_at       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX live_rooms_brand ON live_rooms(brand_id, created_at);

-- A pinned SKU, with an optional flash price and flash allotment.
-- flash_sold never passes flash_stock (one guarded UPDATE per buy, in the
-- buy's transaction with the SKU reservation).
CREATE TABLE live_pins (
    room_id     TEXT NOT NULL REFERENCES live_rooms(id),
    sku_id      TEXT NOT NULL,
    product_id  TEXT NOT NULL,
    flash_price BIGINT NOT NULL DEFAULT 0 CHECK (flash_price >= 0), -- 0: the catalog price
    flash_stock BIGINT NOT NULL DEFAULT 0 CHECK (flash_stock >= 0), -- 0: the SKU's stock only
    flash_sold  BIGINT NOT NULL DEFAULT 0 CHECK (flash_sold >= 0 AND (flash_stock = 0 OR flash_sold <= flash_stock)),
    pinned_at   BIGINT NOT NULL,
    PRIMARY KEY (room_id, sku_id)
);

CREATE TABLE live_messages (
    room_id    TEXT NOT NULL REFERENCES live_rooms(id),
    seq        BIGINT NOT NULL,
    user_id    TEXT NOT NULL,
    text       TEXT NOT NULL,
    removed_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (room_id, seq)
);

CREATE TABLE live_mutes (
    room_id    TEXT NOT NULL REFERENCES live_rooms(id),
    user_id    TEXT NOT NULL,
    muted_by   TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (room_id, user_id)
);

-- Orders bought in a room (one-tap buys), for the console.
CREATE TABLE live_orders (
    order_id   TEXT PRIMARY KEY,
    room_id    TEXT NOT NULL REFERENCES live_rooms(id),
    sku_id     TEXT NOT NULL,
    flash_qty  BIGINT NOT NULL DEFAULT 0, -- taken from the flash allotment (given back if the order is cancelled unpaid)
    created_at BIGINT NOT NULL
);
CREATE INDEX live_orders_room ON live_orders(room_id, created_at);

-- +goose Down
DROP TABLE live_orders;
DROP TABLE live_mutes;
DROP TABLE live_messages;
DROP TABLE live_pins;
DROP TABLE live_rooms;
