package chat

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/soukhq/souk/store"
)

// Conversation kinds.
const (
	KindDirect  = "direct"
	KindGroup   = "group"
	KindService = "service"
)

// Roles a user has in a conversation. RoleStaff is a brand's owner,
// manager or agent in one of the brand's service conversations: not a
// member row, but allowed to read and to post as the brand.
const (
	RoleOwner  = "owner"
	RoleAdmin  = "admin"
	RoleMember = "member"
	RoleStaff  = "staff"
)

// staffRoles are the brand org roles that may answer service conversations.
var staffRoles = []string{"owner", "manager", "agent"}

// Conversation is one conversation as a given user sees it.
type Conversation struct {
	ID             string     `json:"id"`
	Kind           string     `json:"kind" enum:"direct,group,service"`
	Title          string     `json:"title,omitempty"`
	ShopperID      string     `json:"shopper_id,omitempty"`
	BrandOrgID     string     `json:"brand_org_id,omitempty"`
	InstallationID string     `json:"installation_id,omitempty"`
	MemberCap      int        `json:"member_cap,omitempty"`
	LastSeq        int64      `json:"last_seq"`
	LastMessageAt  *time.Time `json:"last_message_at,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	// The caller's view: their role, read marker and unread count.
	Role    string `json:"role" enum:"owner,admin,member,staff"`
	ReadSeq int64  `json:"read_seq"`
	Unread  int64  `json:"unread"`
	// Members are listed for direct conversations (the other person).
	Members []ConversationMember `json:"members,omitempty"`
}

// ConversationMember is one member of a conversation.
type ConversationMember struct {
	UserID   string    `json:"user_id"`
	Role     string    `json:"role" enum:"owner,admin,member"`
	JoinedAt time.Time `json:"joined_at"`
}

const convColumns = `c.id, c.kind, c.title, COALESCE(c.shopper_id, ''), COALESCE(c.brand_org_id, ''), COALESCE(c.installation_id, ''),
	c.member_cap, c.last_seq, c.last_message_at, c.created_at`

func scanConv(row interface{ Scan(...any) error }, extra ...any) (Conversation, error) {
	var c Conversation
	var lastAt, created int64
	dest := append([]any{&c.ID, &c.Kind, &c.Title, &c.ShopperID, &c.BrandOrgID, &c.InstallationID, &c.MemberCap, &c.LastSeq, &lastAt, &created}, extra...)
	if err := row.Scan(dest...); err != nil {
		return c, err
	}
	if lastAt > 0 {
		t := micros(lastAt)
		c.LastMessageAt = &t
	}
	c.CreatedAt = micros(created)
	return c, nil
}

// access returns the conversation and the user's role in it. Anyone who is
// not in it gets not_found: outsiders learn nothing about whether it exists.
func (s *Service) access(ctx context.Context, q store.Querier, userID, convID string) (Conversation, error) {
	if c, ok := cachedAccess(ctx, userID, convID); ok {
		return c, nil // read in this transaction, for its batch of sends
	}
	var role sql.NullString
	var read sql.NullInt64
	c, err := scanConv(q.QueryRowContext(ctx, `SELECT `+convColumns+`,
			(SELECT m.role FROM chat_members m WHERE m.conversation_id = c.id AND m.user_id = $2),
			(SELECT r.read_seq FROM chat_reads r WHERE r.conversation_id = c.id AND r.user_id = $2)
		FROM chat_conversations c WHERE c.id = $1`, convID, userID), &role, &read)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fail(CodeNotFound, "no such conversation")
	}
	if err != nil {
		return c, err
	}
	c.Role = role.String
	if c.Role == "" && c.Kind == KindService {
		ok, err := s.isStaff(ctx, q, userID, c.BrandOrgID)
		if err != nil {
			return c, err
		}
		if ok {
			c.Role = RoleStaff
		}
	}
	if c.Role == "" {
		return Conversation{}, fail(CodeNotFound, "no such conversation")
	}
	c.ReadSeq = read.Int64
	c.Unread = max(c.LastSeq-c.ReadSeq, 0)
	return c, nil
}

func (s *Service) isStaff(ctx context.Context, q store.Querier, userID, brandOrgID string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM org_members m JOIN orgs o ON o.id = m.org_id
		WHERE m.org_id = $1 AND m.user_id = $2 AND o.kind = 'brand' AND m.role IN ('owner', 'manager', 'agent')`, brandOrgID, userID).Scan(&n)
	return n > 0, err
}

// Access returns the conversation if userID may read it (a member, or
// brand staff of a service conversation), else a not_found *Error. Other
// packages (chat money, realtime) use it to authorize.
func (s *Service) Access(ctx context.Context, userID, convID string) (Conversation, error) {
	return s.access(ctx, s.db, userID, convID)
}

// Get is Access with the members of a direct or group conversation listed.
func (s *Service) Get(ctx context.Context, userID, convID string) (Conversation, error) {
	c, err := s.access(ctx, s.db, userID, convID)
	if err != nil {
		return c, err
	}
	if c.Kind != KindService {
		if c.Members, err = s.members(ctx, s.db, convID); err != nil {
			return c, err
		}
	}
	return c, nil
}

// Members lists the members of a conversation the user may read.
func (s *Service) Members(ctx context.Context, userID, convID string) ([]ConversationMember, error) {
	if _, err := s.access(ctx, s.db, userID, convID); err != nil {
		return nil, err
	}
	return s.members(ctx, s.db, convID)
}

func (s *Service) members(ctx context.Context, q store.Querier, convID string) ([]ConversationMember, error) {
	rows, err := q.QueryContext(ctx, `SELECT user_id, role, joined_at FROM chat_members WHERE conversation_id = $1 ORDER BY joined_at, user_id`, convID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ConversationMember
	for rows.Next() {
		var m ConversationMember
		var at int64
		if err := rows.Scan(&m.UserID, &m.Role, &at); err != nil {
			return nil, err
		}
		m.JoinedAt = micros(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Recipients are the user ids an event in the conversation goes to: its
// members and, for a service conversation, the brand's staff.
func (s *Service) Recipients(ctx context.Context, convID string) ([]string, error) {
	out, err := store.QueryStrings(ctx, s.db, `SELECT user_id FROM chat_members WHERE conversation_id = $1
		UNION SELECT m.user_id FROM chat_conversations c JOIN org_members m ON m.org_id = c.brand_org_id
			WHERE c.id = $1 AND c.kind = 'service' AND m.role IN ('owner', 'manager', 'agent')`, convID)
	if err != nil {
		return nil, err
	}
	slices.Sort(out)
	return out, nil
}

// Conversations lists the conversations the user is a member of, most
// recently active first, each with its last seq and the user's read marker
// (what a reconnecting client needs to resume). Brand staff see service
// conversations through BrandInbox.
func (s *Service) Conversations(ctx context.Context, userID string) ([]Conversation, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+convColumns+`, m.role, COALESCE(r.read_seq, 0)
		FROM chat_members m JOIN chat_conversations c ON c.id = m.conversation_id
		LEFT JOIN chat_reads r ON r.conversation_id = c.id AND r.user_id = m.user_id
		WHERE m.user_id = $1 ORDER BY c.last_message_at DESC, c.created_at DESC, c.id LIMIT 1000`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Conversation
	for rows.Next() {
		var role string
		var read int64
		c, err := scanConv(rows, &role, &read)
		if err != nil {
			return nil, err
		}
		c.Role, c.ReadSeq, c.Unread = role, read, max(c.LastSeq-read, 0)
		out = append(out, c)
	}
	return out, rows.Err()
}

func userExists(ctx context.Context, q store.Querier, ids ...string) error {
	for _, id := range ids {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fail(CodeNotFound, "no such user %q", truncate(id, 64))
		}
	}
	return nil
}

// CreateDirect returns the direct conversation between userID and otherID,
// creating it the first time: one per pair, whoever starts it.
func (s *Service) CreateDirect(ctx context.Context, userID, otherID string) (Conversation, error) {
	if otherID == "" || otherID == userID {
		return Conversation{}, fail(CodeInvalidRequest, "a direct conversation is with one other user")
	}
	a, b := userID, otherID
	if b < a {
		a, b = b, a
	}
	key := "direct:" + a + "|" + b
	var id string
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := userExists(ctx, tx, otherID); err != nil {
			return err
		}
		now := s.nowUS()
		newID := store.NewID("cnv")
		err := tx.QueryRowContext(ctx, `INSERT INTO chat_conversations (id, kind, pair_key, created_at) VALUES ($1, 'direct', $2, $3)
			ON CONFLICT (pair_key) DO NOTHING RETURNING id`, newID, key, now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return tx.QueryRowContext(ctx, `SELECT id FROM chat_conversations WHERE pair_key = $1`, key).Scan(&id)
		}
		if err != nil {
			return err
		}
		for _, u := range []string{a, b} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO chat_members (conversation_id, user_id, role, joined_at) VALUES ($1, $2, 'member', $3)`, id, u, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Conversation{}, err
	}
	return s.Get(ctx, userID, id)
}

func cleanTitle(title string) (string, error) {
	title = strings.TrimSpace(title)
	if title == "" || utf8.RuneCountInString(title) > 100 || !utf8.ValidString(title) {
		return "", fail(CodeInvalidRequest, "a group title is 1 to 100 characters")
	}
	return title, nil
}

// CreateGroup creates a group owned by ownerID with the given members.
func (s *Service) CreateGroup(ctx context.Context, ownerID, title string, memberIDs []string) (Conversation, error) {
	title, err := cleanTitle(title)
	if err != nil {
		return Conversation{}, err
	}
	members := dedupe(memberIDs, ownerID)
	if 1+len(members) > s.opts.GroupMemberCap {
		return Conversation{}, fail(CodeMemberCap, "a group holds at most %d members", s.opts.GroupMemberCap)
	}
	id := store.NewID("cnv")
	var msg Message
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := userExists(ctx, tx, members...); err != nil {
			return err
		}
		now := s.nowUS()
		if _, err := tx.ExecContext(ctx, `INSERT INTO chat_conversations (id, kind, title, member_cap, created_at) VALUES ($1, 'group', $2, $3, $4)`,
			id, title, s.opts.GroupMemberCap, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO chat_members (conversation_id, user_id, role, joined_at) VALUES ($1, $2, 'owner', $3)`, id, ownerID, now); err != nil {
			return err
		}
		for _, u := range members {
			if _, err := tx.ExecContext(ctx, `INSERT INTO chat_members (conversation_id, user_id, role, joined_at) VALUES ($1, $2, 'member', $3)`, id, u, now); err != nil {
				return err
			}
		}
		msg, err = s.systemTx(ctx, tx, id, map[string]any{"event": "group_created", "by": ownerID, "title": title, "user_ids": members})
		return err
	})
	if err != nil {
		return Conversation{}, err
	}
	s.publishMessage(ctx, EventMessage, msg)
	return s.Get(ctx, ownerID, id)
}

func dedupe(ids []string, exclude string) []string {
	var out []string
	for _, id := range ids {
		if id != "" && id != exclude && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// groupActor loads a group and the actor's role in it for a membership
// change: not_found for outsiders, invalid_request for other kinds.
func (s *Service) groupActor(ctx context.Context, tx *store.Tx, actorID, convID string) (Conversation, error) {
	c, err := s.access(ctx, tx, actorID, convID)
	if err != nil {
		return c, err
	}
	if c.Kind != KindGroup {
		return c, fail(CodeInvalidRequest, "only group conversations change members")
	}
	return c, nil
}

func memberRole(ctx context.Context, q store.Querier, convID, userID string) (string, error) {
	var role string
	err := q.QueryRowContext(ctx, `SELECT role FROM chat_members WHERE conversation_id = $1 AND user_id = $2`, convID, userID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return role, err
}

// Invite adds users to a group (owner and admins only), up to its cap.
func (s *Service) Invite(ctx context.Context, actorID, convID string, userIDs []string) ([]ConversationMember, error) {
	var msg Message
	var added []string
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		added = nil
		c, err := s.groupActor(ctx, tx, actorID, convID)
		if err != nil {
			return err
		}
		if c.Role != RoleOwner && c.Role != RoleAdmin {
			return fail(CodeForbidden, "only the owner and admins invite")
		}
		// Lock the conversation row so concurrent invites respect the cap.
		if _, err := tx.ExecContext(ctx, `UPDATE chat_conversations SET member_cap = member_cap WHERE id = $1`, convID); err != nil {
			return err
		}
		for _, u := range dedupe(userIDs, "") {
			role, err := memberRole(ctx, tx, convID, u)
			if err != nil {
				return err
			}
			if role == "" {
				added = append(added, u)
			}
		}
		if len(added) == 0 {
			return nil
		}
		if err := userExists(ctx, tx, added...); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM chat_members WHERE conversation_id = $1`, convID).Scan(&n); err != nil {
			return err
		}
		if n+len(added) > c.MemberCap {
			return fail(CodeMemberCap, "the group has %d members; adding %d would pass its cap of %d", n, len(added), c.MemberCap)
		}
		now := s.nowUS()
		for _, u := range added {
			if _, err := tx.ExecContext(ctx, `INSERT INTO chat_members (conversation_id, user_id, role, joined_at) VALUES ($1, $2, 'member', $3)`, convID, u, now); err != nil {
				return err
			}
		}
		msg, err = s.systemTx(ctx, tx, convID, map[string]any{"event": "members_added", "by": actorID, "user_ids": added})
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(added) > 0 {
		s.publishMember(ctx, convID, actorID, nil)
		s.publishMessage(ctx, EventMessage, msg)
	}
	return s.members(ctx, s.db, convID)
}

// Leave takes the user out of a group. An owner who leaves hands the group
// to the longest-standing admin, else to the longest-standing member.
func (s *Service) Leave(ctx context.Context, userID, convID string) error {
	var msg Message
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		c, err := s.groupActor(ctx, tx, userID, convID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM chat_members WHERE conversation_id = $1 AND user_id = $2`, convID, userID); err != nil {
			return err
		}
		body := map[string]any{"event": "member_left", "user_id": userID}
		if c.Role == RoleOwner {
			var heir string
			err := tx.QueryRowContext(ctx, `SELECT user_id FROM chat_members WHERE conversation_id = $1
				ORDER BY CASE role WHEN 'admin' THEN 0 ELSE 1 END, joined_at, user_id LIMIT 1`, convID).Scan(&heir)
			switch {
			case errors.Is(err, sql.ErrNoRows): // the last member left
			case err != nil:
				return err
			default:
				if _, err := tx.ExecContext(ctx, `UPDATE chat_members SET role = 'owner' WHERE conversation_id = $1 AND user_id = $2`, convID, heir); err != nil {
					return err
				}
				body["new_owner"] = heir
			}
		}
		msg, err = s.systemTx(ctx, tx, convID, body)
		return err
	})
	if err != nil {
		return err
	}
	s.publishMember(ctx, convID, userID, []string{userID})
	s.publishMessage(ctx, EventMessage, msg)
	return nil
}

// Remove takes another member out of a group: the owner removes anyone,
// an admin removes plain members.
func (s *Service) Remove(ctx context.Context, actorID, convID, userID string) error {
	if actorID == userID {
		return fail(CodeInvalidRequest, "to remove yourself, leave the group")
	}
	var msg Message
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		c, err := s.groupActor(ctx, tx, actorID, convID)
		if err != nil {
			return err
		}
		if c.Role != RoleOwner && c.Role != RoleAdmin {
			return fail(CodeForbidden, "only the owner and admins remove members")
		}
		role, err := memberRole(ctx, tx, convID, userID)
		if err != nil {
			return err
		}
		if role == "" {
			return fail(CodeNotFound, "that user is not a member")
		}
		if c.Role == RoleAdmin && role != RoleMember {
			return fail(CodeForbidden, "an admin removes plain members only")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM chat_members WHERE conversation_id = $1 AND user_id = $2`, convID, userID); err != nil {
			return err
		}
		msg, err = s.systemTx(ctx, tx, convID, map[string]any{"event": "member_removed", "by": actorID, "user_id": userID})
		return err
	})
	if err != nil {
		return err
	}
	s.publishMember(ctx, convID, userID, []string{userID})
	s.publishMessage(ctx, EventMessage, msg)
	return nil
}

// Rename changes a group's title (owner and admins); the change is a
// system message in the seq line. The same title again changes nothing.
func (s *Service) Rename(ctx context.Context, actorID, convID, title string) (Conversation, error) {
	title, err := cleanTitle(title)
	if err != nil {
		return Conversation{}, err
	}
	var msg Message
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		msg = Message{}
		c, err := s.groupActor(ctx, tx, actorID, convID)
		if err != nil {
			return err
		}
		if c.Role != RoleOwner && c.Role != RoleAdmin {
			return fail(CodeForbidden, "only the owner and admins rename the group")
		}
		if c.Title == title {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE chat_conversations SET title = $2 WHERE id = $1`, convID, title); err != nil {
			return err
		}
		msg, err = s.systemTx(ctx, tx, convID, map[string]any{"event": "title_changed", "by": actorID, "title": title})
		return err
	})
	if err != nil {
		return Conversation{}, err
	}
	if msg.ID != "" {
		s.publishMessage(ctx, EventMessage, msg)
	}
	return s.Get(ctx, actorID, convID)
}

// ReadMarkers returns how far each member of a conversation the user may
// read has read (user id → seq; members who never read are absent). Pages
// show "read" under the user's own messages from it.
func (s *Service) ReadMarkers(ctx context.Context, userID, convID string) (map[string]int64, error) {
	if _, err := s.access(ctx, s.db, userID, convID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT r.user_id, r.read_seq FROM chat_reads r
		JOIN chat_members m ON m.conversation_id = r.conversation_id AND m.user_id = r.user_id
		WHERE r.conversation_id = $1`, convID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var u string
		var seq int64
		if err := rows.Scan(&u, &seq); err != nil {
			return nil, err
		}
		out[u] = seq
	}
	return out, rows.Err()
}

// SetRole makes a member an admin or a plain member again (owner only).
func (s *Service) SetRole(ctx context.Context, actorID, convID, userID, role string) error {
	if role != RoleAdmin && role != RoleMember {
		return fail(CodeInvalidRequest, "role is admin or member")
	}
	var msg Message
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		c, err := s.groupActor(ctx, tx, actorID, convID)
		if err != nil {
			return err
		}
		if c.Role != RoleOwner {
			return fail(CodeForbidden, "only the owner promotes or demotes")
		}
		cur, err := memberRole(ctx, tx, convID, userID)
		if err != nil {
			return err
		}
		if cur == "" {
			return fail(CodeNotFound, "that user is not a member")
		}
		if cur == RoleOwner {
			return fail(CodeInvalidRequest, "the owner's role changes only when the owner leaves")
		}
		if cur == role {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE chat_members SET role = $3 WHERE conversation_id = $1 AND user_id = $2`, convID, userID, role); err != nil {
			return err
		}
		msg, err = s.systemTx(ctx, tx, convID, map[string]any{"event": "role_changed", "by": actorID, "user_id": userID, "role": role})
		return err
	})
	if err != nil || msg.ID == "" {
		return err
	}
	s.publishMember(ctx, convID, userID, nil)
	s.publishMessage(ctx, EventMessage, msg)
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
