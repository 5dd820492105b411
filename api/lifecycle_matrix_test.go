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

func init() {
	// Public: anyone may start a device authorization; polling a fresh
	// code answers authorization_pending to everyone.
	matrix["device-code"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/device/code", map[string]any{"client_name": "souk CLI on " + role}
		},
		want: map[string]int{"*": 200},
	}
	matrix["device-token"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			a := must(w.h.ids.StartDevice(t0ctx, "souk CLI", "127.0.0.1"))
			return "/api/v1/device/token", map[string]any{"device_code": a.DeviceCode}
		},
		want: map[string]int{"*": 400},
	}
}
