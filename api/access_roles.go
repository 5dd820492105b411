package api

import "github.com/soukhq/souk/identity"

// The org access policies routes share.
var (
	brandRead   = OrgMember(identity.OrgBrand)
	brandWrite  = OrgMember(identity.OrgBrand, identity.MemberOwner, identity.MemberManager)
	brandAgents = OrgMember(identity.OrgBrand, identity.MemberOwner, identity.MemberManager, identity.MemberAgent)
	// orgOwner: the owner of a brand or a developer org (payouts).
	orgOwner   = OrgMember("", identity.MemberOwner)
	payoutRead = OrgMember("", identity.MemberOwner, identity.MemberManager)
	devRead    = OrgMember(identity.OrgDeveloper)
	devWrite   = OrgMember(identity.OrgDeveloper, identity.MemberOwner, identity.MemberDeveloper)
)
