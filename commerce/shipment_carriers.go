package commerce

import "sort"

// Carriers lists the carriers shipments may name on this server (those
// with a webhook secret), sorted.
func (l *Logistics) Carriers() []string {
	out := []string{}
	for c := range l.opts.CarrierSecrets {
		if l.KnownCarrier(c) {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}
