package api_test

// The developer-share routes in the authorization matrix: operators only.
func init() {
	matrix["admin-get-developer-share"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/admin/developer-shares/" + w.devOrg, nil },
		want:    map[string]int{"anonymous": 401, "admin": 200, "*": 403},
	}
	matrix["admin-set-developer-share"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/admin/developer-shares/" + w.devOrg, map[string]int{"bps": 1500}
		},
		want: map[string]int{"anonymous": 401, "admin": 200, "*": 403},
	}
}
