-- +goose Up
-- Customer service (the seller console's inbox, issue 12).
--
-- cs_agents: a brand staff member's service settings: on duty (takes new
-- shoppers by round robin), leaving (takes none; their shoppers were handed
-- over), the personal contact code behind their QR code and link, the
-- round-robin turn they were last given a shopper at, and their answer
-- statistics (shoppers answered, summed first-response time in µs).
CREATE TABLE cs_agents (
    brand_org_id      TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    on_duty           INTEGER NOT NULL DEFAULT 1 CHECK (on_duty IN (0, 1)),
    leaving           INTEGER NOT NULL DEFAULT 0 CHECK (leaving IN (0, 1)),
    contact_code      TEXT NOT NULL UNIQUE,
    last_turn         BIGINT NOT NULL DEFAULT 0,
    answered          BIGINT NOT NULL DEFAULT 0,
    response_us_total BIGINT NOT NULL DEFAULT 0,
    created_at        BIGINT NOT NULL,
    PRIMARY KEY (brand_org_id, user_id)
);

-- One row per brand: the round-robin counter. Every assignment takes its
-- next turn with an upsert, so assignments of one brand queue on this row.
CREATE TABLE cs_brands (
    brand_org_id TEXT PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,
    turn         BIGINT NOT NULL DEFAULT 0
);

-- Which staff member serves a shopper of a brand (agent_id NULL: nobody on
-- duty yet), how they got them, who answered the shopper last, and since
-- when the shopper has waited for an answer (0: answered).
CREATE TABLE cs_assignments (
    brand_org_id     TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    shopper_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    agent_id         TEXT,
    source           TEXT NOT NULL CHECK (source IN ('new', 'round_robin', 'last_answer', 'answered', 'contact_code', 'manager', 'handover')),
    last_answered_by TEXT,
    waiting_since    BIGINT NOT NULL DEFAULT 0,
    assigned_at      BIGINT NOT NULL,
    PRIMARY KEY (brand_org_id, shopper_id)
);
CREATE INDEX cs_assignments_agent ON cs_assignments(brand_org_id, agent_id);

-- Quick replies a brand's staff insert with one click.
CREATE TABLE cs_quick_replies (
    id           TEXT PRIMARY KEY,
    brand_org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX cs_quick_replies_brand ON cs_quick_replies(brand_org_id, created_at);

-- Brand profile (staff and settings): a description and a small logo kept
-- in the row (at most 256 KiB, checked by identity).
ALTER TABLE orgs ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE orgs ADD COLUMN logo BYTEA;
ALTER TABLE orgs ADD COLUMN logo_type TEXT NOT NULL DEFAULT '';

-- Staff invited by email before they have an account: the invitation is
-- accepted by the account with that email from the brand picker.
CREATE TABLE org_invites (
    org_id     TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    email      TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('owner', 'developer', 'manager', 'agent')),
    invited_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, email)
);
CREATE INDEX org_invites_email ON org_invites(email);

-- +goose Down
DROP TABLE org_invites;
ALTER TABLE orgs DROP COLUMN logo_type;
ALTER TABLE orgs DROP COLUMN logo;
ALTER TABLE orgs DROP COLUMN description;
DROP TABLE cs_quick_replies;
DROP TABLE cs_assignments;
DROP TABLE cs_brands;
DROP TABLE cs_agents;
