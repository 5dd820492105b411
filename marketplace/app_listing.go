package marketplace

import (
	"context"
	"encoding/json"
	"time"
)

// ListedApp is a released app as shoppers and brands see it in the store.
type ListedApp struct {
	ID          string    `json:"id"`
	Slug        string    `json:"slug"`
	Name        string    `json:"name"`
	DeveloperID string    `json:"developer_org_id"`
	Version     string    `json:"version" doc:"The stable version (the gray candidate if nothing is stable yet)"`
	Description string    `json:"description"`
	Permissions []string  `json:"permissions" doc:"What the version asks for: what an install grants"`
	ReleasedAt  time.Time `json:"released_at"`
}

const listedQuery = `SELECT a.id, a.slug, a.name, a.org_id, COALESCE(r.stable_version, r.candidate_version), v.manifest, r.updated_at
	FROM apps a JOIN app_release_state r ON r.app_id = a.id
	JOIN app_versions v ON v.app_id = a.id AND v.version = COALESCE(r.stable_version, r.candidate_version)`

func scanListed(row interface{ Scan(...any) error }) (ListedApp, error) {
	var a ListedApp
	var manifest string
	var at int64
	if err := row.Scan(&a.ID, &a.Slug, &a.Name, &a.DeveloperID, &a.Version, &manifest, &at); err != nil {
		return a, err
	}
	var m struct {
		Description string   `json:"description"`
		Permissions []string `json:"permissions"`
	}
	if err := json.Unmarshal([]byte(manifest), &m); err != nil {
		return a, err
	}
	a.Description, a.Permissions, a.ReleasedAt = m.Description, m.Permissions, time.UnixMicro(at).UTC()
	if a.Permissions == nil {
		a.Permissions = []string{}
	}
	return a, nil
}

// ListedApps lists every released app, by name.
func (s *Service) ListedApps(ctx context.Context) ([]ListedApp, error) {
	rows, err := s.db.QueryContext(ctx, listedQuery+` ORDER BY a.name, a.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ListedApp{}
	for rows.Next() {
		a, err := scanListed(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ListedApp returns one released app; an app with nothing released is not_found.
func (s *Service) ListedApp(ctx context.Context, id string) (ListedApp, error) {
	a, err := scanListed(s.db.QueryRowContext(ctx, listedQuery+` WHERE a.id = $1`, id))
	if err != nil && isNoRows(err) {
		return a, fail(CodeNotFound, "no such app")
	}
	return a, err
}
