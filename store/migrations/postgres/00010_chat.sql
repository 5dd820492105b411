-- +goose Up
-- Conversations: direct (two users), group, and service (a shopper with a
-- brand's installed app). pair_key makes the one-per-pair kinds idempotent:
-- "direct:<a>|<b>" (ids sorted) and "service:<shopper>|<installation>".
-- last_seq is the per-conversation message counter: a send bumps it with
-- UPDATE … RETURNING in its transaction, so seqs are gap-free and ordered.
-- The window_* columns are the app-messaging allowance of a service
-- conversation (see chat/app_rules.go).
CREATE TABLE chat_conversations (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('direct', 'group', 'service')),
    title           TEXT NOT NULL DEFAULT '',
    pair_key        TEXT UNIQUE,
    shopper_id      TEXT,
    brand_org_id    TEXT,
    installation_id TEXT,
    member_cap      INTEGER NOT NULL DEFAULT 0,
    last_seq        BIGINT NOT NULL DEFAULT 0,
    last_message_at BIGINT NOT NULL DEFAULT 0,
    window_until    BIGINT NOT NULL DEFAULT 0,
    window_used     INTEGER NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL
);
CREATE INDEX chat_conversations_brand ON chat_conversations(brand_org_id, last_message_at) WHERE kind = 'service';

CREATE TABLE chat_members (
    conversation_id TEXT NOT NULL REFERENCES chat_conversations(id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    joined_at       BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX chat_members_user ON chat_members(user_id);

-- Read markers per reader (members, and brand staff in service
-- conversations); only ever move forward.
CREATE TABLE chat_reads (
    conversation_id TEXT NOT NULL REFERENCES chat_conversations(id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL,
    read_seq        BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);

-- Messages. sender_id is a user id (kinds user and brand), an installation
-- id (app) or 'system'. (sender_id, client_msg_id) makes sends idempotent;
-- body_hash tells a retry from a reuse of the id for other content.
CREATE TABLE chat_messages (
    id              TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES chat_conversations(id) ON DELETE CASCADE,
    seq             BIGINT NOT NULL,
    sender_kind     TEXT NOT NULL CHECK (sender_kind IN ('user', 'brand', 'app', 'system')),
    sender_id       TEXT NOT NULL,
    brand_org_id    TEXT,
    kind            TEXT NOT NULL,
    body            TEXT NOT NULL,
    client_msg_id   TEXT,
    body_hash       TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    edited_at       BIGINT,
    recalled_at     BIGINT,
    UNIQUE (conversation_id, seq),
    UNIQUE (sender_id, client_msg_id)
);

-- Images a user uploaded; a message may only reference the sender's own.
CREATE TABLE chat_uploads (
    blob_key     TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes   BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (blob_key, user_id)
);

-- Token buckets for send rates ("user:<id>", "app:<installation>"), kept in
-- the database so every node shares one budget. tokens is in millionths.
CREATE TABLE chat_rate_buckets (
    subject    TEXT PRIMARY KEY,
    tokens     BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE chat_rate_buckets;
DROP TABLE chat_uploads;
DROP TABLE chat_messages;
DROP TABLE chat_reads;
DROP TABLE chat_members;
DROP TABLE chat_conversations;
