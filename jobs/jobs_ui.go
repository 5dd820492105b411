package jobs

import (
	"database/sql"

	"riverqueue.com/riverui"
)

// UI returns River's UI (riverqueue.com/riverui) over the queue's jobs,
// served under prefix: jobs by state and kind, their errors and attempts,
// retry, cancel and delete, queues. The caller authorizes every request
// (souk mounts it at /ops/jobs for platform admins) and starts it with
// Start(ctx) for its background caches.
func (q *Queue) UI(prefix string) (*riverui.Handler, error) {
	return riverui.NewHandler(&riverui.HandlerOpts{
		Endpoints: riverui.NewEndpoints(q.client, &riverui.EndpointsOpts[*sql.Tx]{}),
		Logger:    riverLogger(q.log),
		Prefix:    prefix,
	})
}
