package host_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/store/storetest"
)

// The host wires customer service to identity: removing a brand's agent
// through the API (DELETE /api/v1/orgs/{org}/members/{user}) hands the
// agent's shopper to the other agent, with a note in the conversation, in
// the removal's transaction.
func TestRemovingStaffThroughTheAPIHandsShoppersOver(t *testing.T) {
	n := startNode(t, storetest.SQLite(t))
	owner, a1, a2, shopper := n.signup("owner"), n.signup("agent"), n.signup("agent"), n.signup("shopper")
	var org struct {
		ID string `json:"id"`
	}
	owner.must(http.StatusCreated, "POST", "/api/v1/orgs", map[string]string{"kind": "brand", "name": "Tea"}, &org)
	for _, a := range []*client{a1, a2} {
		owner.must(http.StatusCreated, "POST", "/api/v1/orgs/"+org.ID+"/members", map[string]string{"email": a.email, "role": "agent"}, nil)
	}
	conv, err := n.h.Chat.EnsureServiceConversation(bg, shopper.user, org.ID, "ins_tea")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]string{"text": "hello"})
	if _, err := n.h.Chat.UserSend(bg, shopper.user, conv.ID, chat.MsgText, body, ""); err != nil {
		t.Fatal(err)
	}
	first, err := n.h.Chat.Assignment(bg, owner.user, org.ID, shopper.user)
	if err != nil || (first.AgentID != a1.user && first.AgentID != a2.user) {
		t.Fatalf("assignment %+v, %v", first, err)
	}
	other := a1.user
	if first.AgentID == a1.user {
		other = a2.user
	}
	owner.must(http.StatusNoContent, "DELETE", "/api/v1/orgs/"+org.ID+"/members/"+first.AgentID, nil, nil)
	after, err := n.h.Chat.Assignment(bg, owner.user, org.ID, shopper.user)
	if err != nil || after.AgentID != other || after.Source != chat.AssignHandover {
		t.Fatalf("after the removal: %+v, %v", after, err)
	}
	pg, err := n.h.Chat.History(bg, owner.user, conv.ID, chat.HistoryQuery{})
	if err != nil || len(pg.Messages) != 2 || pg.Messages[1].Kind != chat.MsgSystem {
		t.Fatalf("history after the handover: %+v, %v", pg.Messages, err)
	}
}
