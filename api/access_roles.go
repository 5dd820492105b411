package api

import "github.com/soukhq/souk/identity"

// The org access policies routes share.
var (
	brandRead   = OrgMember(identity.OrgBrand)
	brandWrite  = OrgMember(identity.OrgBrand, identity.MemberOwner, identity.MemberManager)
	brandAgents = OrgMember(identity.OrgBrand, identity.MemberOwner, identity.MemberManager, identity.MemberAgent)
	brandOwner  = OrgMember(identity.OrgBrand, identity.MemberOwner)
	devRead     = OrgMember(identity.OrgDeveloper)
	devWrite    = OrgMember(identity.OrgDeveloper, identity.MemberOwner, identity.MemberDeveloper)
)
