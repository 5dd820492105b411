package runtime

import "github.com/soukhq/souk/sandbox"

// Quarantined lists the apps the sandbox pool currently refuses for killing
// workers (none if the pool keeps no quarantine).
func (e *Engine) Quarantined() []sandbox.Quarantine {
	if q, ok := e.pool.(interface{ Quarantined() []sandbox.Quarantine }); ok {
		return q.Quarantined()
	}
	return nil
}

// ReleaseQuarantine lifts an app's quarantine in this engine's pool (see
// sandbox.Pool.ReleaseQuarantine); false if it was not quarantined or the
// pool keeps no quarantine.
func (e *Engine) ReleaseQuarantine(appID string) bool {
	if q, ok := e.pool.(interface{ ReleaseQuarantine(string) bool }); ok {
		return q.ReleaseQuarantine(appID)
	}
	return false
}
