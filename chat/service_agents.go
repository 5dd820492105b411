package chat

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"strings"
	"time"

	"github.com/soukhq/souk/store"
)

// Customer service: every shopper who writes to a brand is served by one of
// its staff (the seed of WeChat Work's customer contact).
//
//   - A shopper's message (UserSend in a service conversation) assigns the
//     shopper in the message's transaction: an assignee who is still staff and
//     not leaving keeps them; otherwise the staff member who answered them
//     last, if on duty; otherwise the next agent on duty by round robin (owners
//     and managers on duty when the brand has no agent on duty); otherwise
//     nobody yet (the inbox's "unassigned" list).
//   - Assignments of one brand queue on the brand's cs_brands row (each takes
//     the next turn with an upsert), and a shopper's assignment is one row keyed
//     by (brand, shopper): two messages at once never assign a shopper twice,
//     and round robin hands out turns strictly in order on both engines.
//   - Managers (owners and managers) reassign shoppers one by one or in bulk.
//   - A staff member marked as leaving, or removed from the brand
//     (identity.Service.MemberRemoved runs HandOverTx in the removal's
//     transaction), hands every shopper over to other staff by round robin;
//     each of the shopper's service conversations with the brand gets a note,
//     and the history stays where it is (conversations belong to the brand,
//     not to a staff member), so no customer is lost.
//   - Each staff member has a personal contact code (QR code and link): a
//     shopper who opens it is assigned to that staff member at once.

// Assignment sources.
const (
	AssignNew        = "new" // a row taken before anyone was found
	AssignRoundRobin = "round_robin"
	AssignLastAnswer = "last_answer"
	AssignAnswered   = "answered" // an unassigned shopper answered by a staff member
	AssignContact    = "contact_code"
	AssignManager    = "manager"
	AssignHandover   = "handover"
)

// Assignment is who serves a shopper of a brand.
type Assignment struct {
	BrandOrgID     string     `json:"brand_org_id"`
	ShopperID      string     `json:"shopper_id"`
	AgentID        string     `json:"agent_id,omitempty"`
	Source         string     `json:"source"`
	LastAnsweredBy string     `json:"last_answered_by,omitempty"`
	WaitingSince   *time.Time `json:"waiting_since,omitempty"`
	AssignedAt     time.Time  `json:"assigned_at"`
}

// Handover reasons (in the conversation's note).
const (
	HandoverLeaving  = "leaving"
	HandoverRemoved  = "removed"
	HandoverManager  = "reassigned"
	HandoverContact  = "contact_code"
	noteEventHandOff = "service_handover"
)

var codeEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func newContactCode() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return strings.ToLower(codeEncoding.EncodeToString(b))
}

// staffRole is the user's role in the brand ("" when not its staff).
func staffRole(ctx context.Context, q store.Querier, userID, brandOrgID string) (string, error) {
	var role string
	err := q.QueryRowContext(ctx, `SELECT m.role FROM org_members m JOIN orgs o ON o.id = m.org_id
		WHERE m.org_id = $1 AND m.user_id = $2 AND o.kind = 'brand' AND m.role IN ('owner', 'manager', 'agent')`, brandOrgID, userID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return role, err
}

func isManager(role string) bool { return role == "owner" || role == "manager" }

// managerOf checks that actorID manages the brand's service (owner or
// manager); other staff get forbidden, everyone else not_found.
func (s *Service) managerOf(ctx context.Context, q store.Querier, actorID, brandOrgID string) error {
	role, err := staffRole(ctx, q, actorID, brandOrgID)
	if err != nil {
		return err
	}
	if role == "" {
		return fail(CodeNotFound, "no such brand")
	}
	if !isManager(role) {
		return fail(CodeForbidden, "only the brand's owners and managers manage customer service")
	}
	return nil
}

// ensureAgentTx creates the staff member's service row with a contact
// code if missing: agents start on duty, owners and managers off duty.
func (s *Service) ensureAgentTx(ctx context.Context, q store.Querier, brandOrgID, userID string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO cs_agents (brand_org_id, user_id, on_duty, contact_code, created_at)
		SELECT org_id, user_id, CASE WHEN role = 'agent' THEN 1 ELSE 0 END, $3, $4 FROM org_members WHERE org_id = $1 AND user_id = $2
		ON CONFLICT (brand_org_id, user_id) DO NOTHING`, brandOrgID, userID, newContactCode(), s.nowUS())
	return err
}

// nextTurnTx takes the brand's next round-robin turn; the upsert locks the
// brand's row until commit, so the brand's assignments queue here.
func nextTurnTx(ctx context.Context, tx *store.Tx, brandOrgID string) (int64, error) {
	var turn int64
	err := tx.QueryRowContext(ctx, `INSERT INTO cs_brands (brand_org_id, turn) VALUES ($1, 1)
		ON CONFLICT (brand_org_id) DO UPDATE SET turn = cs_brands.turn + 1 RETURNING turn`, brandOrgID).Scan(&turn)
	return turn, err
}

// roundRobinTx picks the staff member on duty who was given a shopper the
// longest ago (agents first; owners and managers when no agent is on duty),
// never exclude, and records the turn. "" when nobody is on duty.
func (s *Service) roundRobinTx(ctx context.Context, tx *store.Tx, brandOrgID, exclude string) (string, error) {
	turn, err := nextTurnTx(ctx, tx, brandOrgID)
	if err != nil {
		return "", err
	}
	var pick string
	err = tx.QueryRowContext(ctx, `SELECT m.user_id FROM org_members m LEFT JOIN cs_agents a ON a.brand_org_id = m.org_id AND a.user_id = m.user_id
		WHERE m.org_id = $1 AND m.role IN ('owner', 'manager', 'agent') AND m.user_id <> $2
			AND COALESCE(a.on_duty, CASE WHEN m.role = 'agent' THEN 1 ELSE 0 END) = 1 AND COALESCE(a.leaving, 0) = 0
		ORDER BY CASE WHEN m.role = 'agent' THEN 0 ELSE 1 END, COALESCE(a.last_turn, 0), m.user_id LIMIT 1`, brandOrgID, exclude).Scan(&pick)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if err := s.ensureAgentTx(ctx, tx, brandOrgID, pick); err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `UPDATE cs_agents SET last_turn = $3 WHERE brand_org_id = $1 AND user_id = $2`, brandOrgID, pick, turn)
	return pick, err
}

// eligibleTx says whether userID may keep or take shoppers of the brand:
// staff, not leaving, and (when onDuty) on duty.
func eligibleTx(ctx context.Context, q store.Querier, brandOrgID, userID string, onDuty bool) (bool, error) {
	if userID == "" {
		return false, nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM org_members m LEFT JOIN cs_agents a ON a.brand_org_id = m.org_id AND a.user_id = m.user_id
		WHERE m.org_id = $1 AND m.user_id = $2 AND m.role IN ('owner', 'manager', 'agent') AND COALESCE(a.leaving, 0) = 0
			AND ($3 = 0 OR COALESCE(a.on_duty, CASE WHEN m.role = 'agent' THEN 1 ELSE 0 END) = 1)`, brandOrgID, userID, boolInt(onDuty)).Scan(&n)
	return n > 0, err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

const assignmentCols = `brand_org_id, shopper_id, COALESCE(agent_id, ''), source, COALESCE(last_answered_by, ''), waiting_since, assigned_at`

func scanAssignment(row interface{ Scan(...any) error }) (Assignment, error) {
	var a Assignment
	var waiting, at int64
	if err := row.Scan(&a.BrandOrgID, &a.ShopperID, &a.AgentID, &a.Source, &a.LastAnsweredBy, &waiting, &at); err != nil {
		return a, err
	}
	if waiting > 0 {
		t := micros(waiting)
		a.WaitingSince = &t
	}
	a.AssignedAt = micros(at)
	return a, nil
}

// lockAssignmentTx returns the shopper's assignment row, creating it
// (unassigned) the first time, and holds it until commit: concurrent
// messages of one shopper queue here (PostgreSQL waits on the conflicting
// insert, SQLite has one writer).
func (s *Service) lockAssignmentTx(ctx context.Context, tx *store.Tx, brandOrgID, shopperID string) (Assignment, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO cs_assignments (brand_org_id, shopper_id, source, assigned_at) VALUES ($1, $2, 'new', $3)
		ON CONFLICT (brand_org_id, shopper_id) DO NOTHING`, brandOrgID, shopperID, s.nowUS()); err != nil {
		return Assignment{}, err
	}
	q := `SELECT ` + assignmentCols + ` FROM cs_assignments WHERE brand_org_id = $1 AND shopper_id = $2`
	if tx.Dialect == store.Postgres {
		q += ` FOR UPDATE`
	}
	return scanAssignment(tx.QueryRowContext(ctx, q, brandOrgID, shopperID))
}

func (s *Service) setAgentTx(ctx context.Context, tx *store.Tx, brandOrgID, shopperID, agentID, source string) error {
	_, err := tx.ExecContext(ctx, `UPDATE cs_assignments SET agent_id = $3, source = $4, assigned_at = $5 WHERE brand_org_id = $1 AND shopper_id = $2`,
		brandOrgID, shopperID, nullStr(agentID), source, s.nowUS())
	return err
}

// assignTx runs in the transaction of a shopper's message to the brand:
// it keeps, or finds, the staff member who serves the shopper and starts
// the waiting clock if the shopper was not already waiting.
func (s *Service) assignTx(ctx context.Context, tx *store.Tx, brandOrgID, shopperID string) (Assignment, error) {
	a, err := s.lockAssignmentTx(ctx, tx, brandOrgID, shopperID)
	if err != nil {
		return a, err
	}
	now := s.nowUS()
	if a.WaitingSince == nil {
		if _, err := tx.ExecContext(ctx, `UPDATE cs_assignments SET waiting_since = $3 WHERE brand_org_id = $1 AND shopper_id = $2`,
			brandOrgID, shopperID, now); err != nil {
			return a, err
		}
		t := micros(now)
		a.WaitingSince = &t
	}
	if ok, err := eligibleTx(ctx, tx, brandOrgID, a.AgentID, false); err != nil || ok {
		return a, err
	}
	agent, source := "", AssignRoundRobin
	if ok, err := eligibleTx(ctx, tx, brandOrgID, a.LastAnsweredBy, true); err != nil {
		return a, err
	} else if ok {
		agent, source = a.LastAnsweredBy, AssignLastAnswer
	} else if agent, err = s.roundRobinTx(ctx, tx, brandOrgID, ""); err != nil {
		return a, err
	}
	if agent == "" {
		return a, nil // nobody on duty: the inbox's unassigned list
	}
	a.AgentID, a.Source = agent, source
	return a, s.setAgentTx(ctx, tx, brandOrgID, shopperID, agent, source)
}

// answeredTx runs in the transaction of a staff member's answer to a
// shopper: the staff member becomes the one who answered last, takes the
// shopper if nobody served them, and a waiting shopper's wait ends (counted
// in the staff member's response time).
func (s *Service) answeredTx(ctx context.Context, tx *store.Tx, brandOrgID, shopperID, staffID string) error {
	a, err := s.lockAssignmentTx(ctx, tx, brandOrgID, shopperID)
	if err != nil {
		return err
	}
	if err := s.ensureAgentTx(ctx, tx, brandOrgID, staffID); err != nil {
		return err
	}
	now := s.nowUS()
	if a.WaitingSince != nil {
		if _, err := tx.ExecContext(ctx, `UPDATE cs_agents SET answered = answered + 1, response_us_total = response_us_total + $3
			WHERE brand_org_id = $1 AND user_id = $2`, brandOrgID, staffID, max(now-a.WaitingSince.UnixMicro(), 0)); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cs_assignments SET last_answered_by = $3, waiting_since = 0 WHERE brand_org_id = $1 AND shopper_id = $2`,
		brandOrgID, shopperID, staffID); err != nil {
		return err
	}
	if ok, err := eligibleTx(ctx, tx, brandOrgID, a.AgentID, false); err != nil || ok {
		return err
	}
	return s.setAgentTx(ctx, tx, brandOrgID, shopperID, staffID, AssignAnswered)
}

// Assignment returns who serves the shopper for the brand (AgentID empty
// when nobody does yet). The caller must be the brand's staff.
func (s *Service) Assignment(ctx context.Context, userID, brandOrgID, shopperID string) (Assignment, error) {
	if ok, err := s.isStaff(ctx, s.db, userID, brandOrgID); err != nil || !ok {
		return Assignment{}, notFoundIf(err, !ok, "no such brand")
	}
	a, err := scanAssignment(s.db.QueryRowContext(ctx, `SELECT `+assignmentCols+` FROM cs_assignments WHERE brand_org_id = $1 AND shopper_id = $2`,
		brandOrgID, shopperID))
	if errors.Is(err, sql.ErrNoRows) {
		return Assignment{BrandOrgID: brandOrgID, ShopperID: shopperID, Source: AssignNew}, nil
	}
	return a, err
}

func notFoundIf(err error, missing bool, msg string) error {
	if err != nil {
		return err
	}
	if missing {
		return fail(CodeNotFound, "%s", msg)
	}
	return nil
}

// noteTx posts the handover note in each of the shopper's service
// conversations with the brand.
func (s *Service) noteTx(ctx context.Context, tx *store.Tx, brandOrgID, shopperID, from, to, by, reason string) ([]Message, error) {
	ids, err := store.QueryStrings(ctx, tx, `SELECT id FROM chat_conversations WHERE kind = 'service' AND brand_org_id = $1 AND shopper_id = $2 ORDER BY id`,
		brandOrgID, shopperID)
	if err != nil {
		return nil, err
	}
	text := "Your conversation is now with another member of the brand's service team."
	if to == "" {
		text = "Your conversation is waiting for the brand's service team."
	}
	var out []Message
	for _, id := range ids {
		m, err := s.systemTx(ctx, tx, id, map[string]any{"event": noteEventHandOff, "from": from, "to": to, "by": by, "reason": reason, "text": text})
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func (s *Service) announceAll(ctx context.Context, ms []Message) {
	for _, m := range ms {
		s.publishMessage(ctx, EventMessage, m)
	}
}

// Reassign gives shoppers of the brand to the staff member toAgentID (one
// or many at once: bulk reassignment); each conversation with a shopper who
// changes hands gets a note. Owners and managers only; the new assignee must
// be the brand's staff and not leaving. Returns how many changed hands.
func (s *Service) Reassign(ctx context.Context, actorID, brandOrgID string, shopperIDs []string, toAgentID string) (int, error) {
	if len(shopperIDs) == 0 || len(shopperIDs) > MaxPage {
		return 0, fail(CodeInvalidRequest, "reassign 1 to %d shoppers at a time", MaxPage)
	}
	var notes []Message
	n := 0
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		notes, n = nil, 0
		if err := s.managerOf(ctx, tx, actorID, brandOrgID); err != nil {
			return err
		}
		if ok, err := eligibleTx(ctx, tx, brandOrgID, toAgentID, false); err != nil {
			return err
		} else if !ok {
			return fail(CodeInvalidRequest, "shoppers go to a staff member of the brand who is not leaving")
		}
		if _, err := nextTurnTx(ctx, tx, brandOrgID); err != nil { // queue with the brand's assignments
			return err
		}
		if err := s.ensureAgentTx(ctx, tx, brandOrgID, toAgentID); err != nil {
			return err
		}
		for _, sh := range shopperIDs {
			var known int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM chat_conversations WHERE kind = 'service' AND brand_org_id = $1 AND shopper_id = $2`,
				brandOrgID, sh).Scan(&known); err != nil {
				return err
			}
			if known == 0 {
				return fail(CodeNotFound, "shopper %s has no conversation with this brand", truncate(sh, 40))
			}
			a, err := s.lockAssignmentTx(ctx, tx, brandOrgID, sh)
			if err != nil {
				return err
			}
			if a.AgentID == toAgentID {
				continue
			}
			if err := s.setAgentTx(ctx, tx, brandOrgID, sh, toAgentID, AssignManager); err != nil {
				return err
			}
			ms, err := s.noteTx(ctx, tx, brandOrgID, sh, a.AgentID, toAgentID, actorID, HandoverManager)
			if err != nil {
				return err
			}
			notes = append(notes, ms...)
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	s.announceAll(ctx, notes)
	return n, nil
}

// HandOverTx hands every shopper of the staff member userID over to other
// staff of the brand by round robin, in the caller's transaction, with a
// note in each of their conversations. With remove (the member is being
// removed from the brand) their service row goes too, contact code and
// all; otherwise they are marked leaving and take no new shoppers. It
// returns the notes to announce once the transaction commits.
func (s *Service) HandOverTx(ctx context.Context, tx *store.Tx, brandOrgID, userID, by string, remove bool) ([]Message, error) {
	reason := HandoverLeaving
	if remove {
		reason = HandoverRemoved
	}
	if _, err := nextTurnTx(ctx, tx, brandOrgID); err != nil { // queue with the brand's assignments
		return nil, err
	}
	if err := s.ensureAgentTx(ctx, tx, brandOrgID, userID); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cs_agents SET leaving = 1, on_duty = 0 WHERE brand_org_id = $1 AND user_id = $2`, brandOrgID, userID); err != nil {
		return nil, err
	}
	shoppers, err := store.QueryStrings(ctx, tx, `SELECT shopper_id FROM cs_assignments WHERE brand_org_id = $1 AND agent_id = $2 ORDER BY assigned_at, shopper_id`,
		brandOrgID, userID)
	if err != nil {
		return nil, err
	}
	var notes []Message
	for _, sh := range shoppers {
		next, err := s.roundRobinTx(ctx, tx, brandOrgID, userID)
		if err != nil {
			return nil, err
		}
		if err := s.setAgentTx(ctx, tx, brandOrgID, sh, next, AssignHandover); err != nil {
			return nil, err
		}
		ms, err := s.noteTx(ctx, tx, brandOrgID, sh, userID, next, by, reason)
		if err != nil {
			return nil, err
		}
		notes = append(notes, ms...)
	}
	// Nobody answers as them any more: "last answered" must not bring a
	// shopper back to them.
	if _, err := tx.ExecContext(ctx, `UPDATE cs_assignments SET last_answered_by = NULL WHERE brand_org_id = $1 AND last_answered_by = $2`,
		brandOrgID, userID); err != nil {
		return nil, err
	}
	if remove {
		if _, err := tx.ExecContext(ctx, `DELETE FROM cs_agents WHERE brand_org_id = $1 AND user_id = $2`, brandOrgID, userID); err != nil {
			return nil, err
		}
	}
	return notes, nil
}

// MemberRemoved is the hook identity runs in the transaction that removes
// a member from an org (identity.Service.MemberRemoved): a brand's staff
// member hands their shoppers over before the membership goes.
func (s *Service) MemberRemoved(ctx context.Context, tx *store.Tx, orgID, userID, actorID string) (func(), error) {
	var kind string
	if err := tx.QueryRowContext(ctx, `SELECT kind FROM orgs WHERE id = $1`, orgID).Scan(&kind); err != nil || kind != "brand" {
		return nil, err
	}
	notes, err := s.HandOverTx(ctx, tx, orgID, userID, actorID, true)
	if err != nil {
		return nil, err
	}
	return func() { s.announceAll(context.WithoutCancel(ctx), notes) }, nil
}

// MarkLeaving marks a staff member as leaving: they take no new shoppers
// and every shopper they serve moves to other staff (see HandOverTx).
// Owners and managers only. Returns how many shoppers moved.
func (s *Service) MarkLeaving(ctx context.Context, actorID, brandOrgID, userID string) (int, error) {
	var notes []Message
	moved := 0
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := s.managerOf(ctx, tx, actorID, brandOrgID); err != nil {
			return err
		}
		if role, err := staffRole(ctx, tx, userID, brandOrgID); err != nil {
			return err
		} else if role == "" {
			return fail(CodeNotFound, "no such staff member")
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM cs_assignments WHERE brand_org_id = $1 AND agent_id = $2`, brandOrgID, userID).Scan(&moved); err != nil {
			return err
		}
		var err error
		notes, err = s.HandOverTx(ctx, tx, brandOrgID, userID, actorID, false)
		return err
	})
	if err != nil {
		return 0, err
	}
	s.announceAll(ctx, notes)
	return moved, nil
}

// SetOnDuty puts a staff member on or off duty (round robin gives new
// shoppers only to staff on duty; their current shoppers stay). A staff
// member sets their own, unless marked as leaving; owners and managers set
// anyone's, and putting someone on duty clears leaving.
func (s *Service) SetOnDuty(ctx context.Context, actorID, brandOrgID, userID string, on bool) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		manager := s.managerOf(ctx, tx, actorID, brandOrgID) == nil
		if actorID != userID && !manager {
			return s.managerOf(ctx, tx, actorID, brandOrgID)
		}
		if role, err := staffRole(ctx, tx, userID, brandOrgID); err != nil {
			return err
		} else if role == "" {
			return fail(CodeNotFound, "no such staff member")
		}
		if err := s.ensureAgentTx(ctx, tx, brandOrgID, userID); err != nil {
			return err
		}
		q := `UPDATE cs_agents SET on_duty = $3 WHERE brand_org_id = $1 AND user_id = $2 AND leaving = 0`
		if manager && on {
			q = `UPDATE cs_agents SET on_duty = $3, leaving = 0 WHERE brand_org_id = $1 AND user_id = $2`
		}
		res, err := tx.ExecContext(ctx, q, brandOrgID, userID, boolInt(on))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		return fail(CodeForbidden, "a staff member marked as leaving comes back on duty through an owner or manager")
	})
}

// ContactCode is the staff member's personal contact code for the brand
// (their QR code and link), created the first time.
func (s *Service) ContactCode(ctx context.Context, userID, brandOrgID string) (string, error) {
	return store.InTxValue(ctx, s.db, func(tx *store.Tx) (string, error) {
		if role, err := staffRole(ctx, tx, userID, brandOrgID); err != nil || role == "" {
			return "", notFoundIf(err, role == "", "no such brand")
		}
		if err := s.ensureAgentTx(ctx, tx, brandOrgID, userID); err != nil {
			return "", err
		}
		var code string
		err := tx.QueryRowContext(ctx, `SELECT contact_code FROM cs_agents WHERE brand_org_id = $1 AND user_id = $2`, brandOrgID, userID).Scan(&code)
		return code, err
	})
}

// Contact is what a contact code names.
type Contact struct {
	BrandOrgID, AgentID string
}

// LookupContact resolves a contact code to its brand and staff member; a
// code of someone who left or was removed is not_found.
func (s *Service) LookupContact(ctx context.Context, code string) (Contact, error) {
	var c Contact
	err := s.db.QueryRowContext(ctx, `SELECT a.brand_org_id, a.user_id FROM cs_agents a
		JOIN org_members m ON m.org_id = a.brand_org_id AND m.user_id = a.user_id AND m.role IN ('owner', 'manager', 'agent')
		WHERE a.contact_code = $1 AND a.leaving = 0`, strings.ToLower(strings.TrimSpace(code))).Scan(&c.BrandOrgID, &c.AgentID)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fail(CodeNotFound, "no such contact code")
	}
	return c, err
}

// OpenContact connects a shopper to the staff member behind a contact
// code at once: the shopper's most recent service conversation with the
// brand (or a new one with installationID, the brand's storefront, which
// the caller picks) is returned, and the shopper is assigned to that staff
// member, with a note when they change hands.
func (s *Service) OpenContact(ctx context.Context, shopperID, code, installationID string) (Conversation, Contact, error) {
	c, err := s.LookupContact(ctx, code)
	if err != nil {
		return Conversation{}, c, err
	}
	if c.AgentID == shopperID {
		return Conversation{}, c, fail(CodeInvalidRequest, "this is your own contact code")
	}
	var convID string
	err = s.db.QueryRowContext(ctx, `SELECT id FROM chat_conversations WHERE kind = 'service' AND brand_org_id = $1 AND shopper_id = $2
		ORDER BY last_message_at DESC, id LIMIT 1`, c.BrandOrgID, shopperID).Scan(&convID)
	if errors.Is(err, sql.ErrNoRows) {
		conv, err := s.ensureService(ctx, shopperID, c.BrandOrgID, installationID)
		if err != nil {
			return Conversation{}, c, err
		}
		convID = conv.ID
	} else if err != nil {
		return Conversation{}, c, err
	}
	var notes []Message
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		notes = nil
		if _, err := nextTurnTx(ctx, tx, c.BrandOrgID); err != nil {
			return err
		}
		a, err := s.lockAssignmentTx(ctx, tx, c.BrandOrgID, shopperID)
		if err != nil || a.AgentID == c.AgentID {
			return err
		}
		if err := s.setAgentTx(ctx, tx, c.BrandOrgID, shopperID, c.AgentID, AssignContact); err != nil {
			return err
		}
		if a.AgentID != "" {
			notes, err = s.noteTx(ctx, tx, c.BrandOrgID, shopperID, a.AgentID, c.AgentID, shopperID, HandoverContact)
		}
		return err
	})
	if err != nil {
		return Conversation{}, c, err
	}
	s.announceAll(ctx, notes)
	conv, err := s.access(ctx, s.db, shopperID, convID)
	return conv, c, err
}

// ensureService is EnsureServiceConversation, or, for a brand with no
// storefront installation, the shopper's conversation with the brand itself.
func (s *Service) ensureService(ctx context.Context, shopperID, brandOrgID, installationID string) (Conversation, error) {
	if installationID != "" {
		return s.EnsureServiceConversation(ctx, shopperID, brandOrgID, installationID)
	}
	key := "service:" + shopperID + "|brand:" + brandOrgID
	var id string
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := userExists(ctx, tx, shopperID); err != nil {
			return err
		}
		now := s.nowUS()
		err := tx.QueryRowContext(ctx, `INSERT INTO chat_conversations (id, kind, pair_key, shopper_id, brand_org_id, created_at)
			VALUES ($1, 'service', $2, $3, $4, $5) ON CONFLICT (pair_key) DO NOTHING RETURNING id`,
			store.NewID("cnv"), key, shopperID, brandOrgID, now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return tx.QueryRowContext(ctx, `SELECT id FROM chat_conversations WHERE pair_key = $1`, key).Scan(&id)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO chat_members (conversation_id, user_id, role, joined_at) VALUES ($1, $2, 'member', $3)`, id, shopperID, now)
		return err
	})
	if err != nil {
		return Conversation{}, err
	}
	return s.access(ctx, s.db, shopperID, id)
}

// OnDuty says whether the staff member takes new shoppers (agents start on
// duty, owners and managers off duty, until they say otherwise).
func (s *Service) OnDuty(ctx context.Context, userID, brandOrgID string) (bool, error) {
	if ok, err := s.isStaff(ctx, s.db, userID, brandOrgID); err != nil || !ok {
		return false, notFoundIf(err, !ok, "no such brand")
	}
	return eligibleTx(ctx, s.db, brandOrgID, userID, true)
}
