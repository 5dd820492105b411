-- +goose Up
-- Person-to-person transfers: a pending ledger transfer (p2p:<id>) from the
-- sender's wallet to the receiver's, posted when the receiver accepts and
-- voided when they decline or when the expiry job runs after 24 hours. The
-- row's status is the one decision; (sender_id, client_id) makes a
-- double-tapped send one transfer.
CREATE TABLE peer_transfers (
    id          TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL,
    sender_id   TEXT NOT NULL,
    receiver_id TEXT NOT NULL,
    currency    TEXT NOT NULL,
    amount      BIGINT NOT NULL CHECK (amount > 0),
    note        TEXT NOT NULL DEFAULT '',
    ref         TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'expired')),
    expires_at  BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    resolved_at BIGINT NOT NULL DEFAULT 0,
    UNIQUE (sender_id, client_id),
    CHECK (sender_id <> receiver_id)
);
CREATE INDEX peer_transfers_receiver ON peer_transfers(receiver_id, created_at);

-- Red packets: the total sits in a holding account redpacket:<id>:<CUR>
-- (must not go negative); the shares are computed at send time and claims
-- take them in idx order, one per claimer.
CREATE TABLE red_packets (
    id             TEXT PRIMARY KEY,
    client_id      TEXT NOT NULL,
    sender_id      TEXT NOT NULL,
    currency       TEXT NOT NULL,
    total          BIGINT NOT NULL CHECK (total > 0),
    shares         INTEGER NOT NULL CHECK (shares > 0 AND shares <= total),
    mode           TEXT NOT NULL CHECK (mode IN ('equal', 'random')),
    greeting       TEXT NOT NULL DEFAULT '',
    ref            TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('active', 'finished', 'expired')),
    claimed_count  INTEGER NOT NULL DEFAULT 0 CHECK (claimed_count >= 0 AND claimed_count <= shares),
    claimed_amount BIGINT NOT NULL DEFAULT 0 CHECK (claimed_amount >= 0 AND claimed_amount <= total),
    refunded       BIGINT NOT NULL DEFAULT 0 CHECK (refunded >= 0),
    expires_at     BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    finished_at    BIGINT NOT NULL DEFAULT 0,
    UNIQUE (sender_id, client_id)
);

CREATE TABLE red_packet_shares (
    packet_id  TEXT NOT NULL REFERENCES red_packets(id),
    idx        INTEGER NOT NULL,
    amount     BIGINT NOT NULL CHECK (amount > 0),
    claimer_id TEXT,
    claimed_at BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (packet_id, idx)
);
-- One claim per member per packet, whatever the code does.
CREATE UNIQUE INDEX red_packet_shares_claimer ON red_packet_shares(packet_id, claimer_id) WHERE claimer_id IS NOT NULL;

-- +goose Down
DROP TABLE red_packet_shares;
DROP TABLE red_packets;
DROP TABLE peer_transfers;
