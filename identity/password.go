package identity

import "github.com/soukhq/souk/internal/secret"

// dummyHash is checked against when a login names an unknown email, so the
// response time does not reveal whether an account exists.
var dummyHash = secret.Hash("souk-dummy-password")
