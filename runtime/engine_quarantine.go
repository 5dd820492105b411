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
