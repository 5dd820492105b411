package api_test

func init() {
	matrix["get-autorollback"] = matrixCase{
		request: func(w *world, role string) (string, any) { return appsOf(w).base() + "/autorollback", nil },
		want:    devGets(200),
	}
	matrix["set-autorollback"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return appsOf(w).base() + "/autorollback", map[string]any{"enabled": true, "margin_points": 7, "min_events": 40}
		},
		want: devGets(200),
	}
	matrix["list-notifications"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + appsOf(w).org + "/notifications", nil
		},
		want: devGets(200),
	}
	matrix["count-unread-notifications"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + appsOf(w).org + "/notifications/unread", nil
		},
		want: devGets(200),
	}
	matrix["read-notifications"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + appsOf(w).org + "/notifications/read", map[string]any{}
		},
		want: devGets(200),
	}
}
