package api

import (
	"context"
	"io"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/runtime"
)

// Record and replay (souk replay, issue 14): the app's developers fetch an
// event's recording and the exact bundle version it ran, and replay it in
// their local sandbox.

type recordingOutput struct{ Body runtime.Recording }

type versionBundleInput struct {
	OrgID   string `path:"orgId" maxLength:"64"`
	AppID   string `path:"appId" maxLength:"64"`
	Version string `path:"version" maxLength:"64"`
}

type versionBundleOutput struct {
	ContentType  string `header:"Content-Type"`
	CacheControl string `header:"Cache-Control"`
	BundleHash   string `header:"X-Souk-Bundle-Hash" doc:"SHA-256 of the archive, hex"`
	Body         []byte
}

func (s *Server) registerRecordings() {
	Register(s, devRead, opGetRecording, s.getRecording)
	Register(s, devRead, opGetVersionBundle, s.getVersionBundle)
}

var opGetRecording = huma.Operation{
	OperationID: "get-recording",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/receipts/{receiptId}/recording",
	Tags:        []string{"apps"},
	Summary:     "The recording of one event, for souk replay",
	Description: "The event's handler, arguments and context, every host call with its result, the clock values it read " +
		"and the seed of its Math.random and crypto, and what it returned. Events are recorded as the server's " +
		"SOUK_RECORDING says and kept for SOUK_RECORDING_RETENTION; a recording over 256 KiB keeps its metadata only " +
		"and says why in truncated (it cannot be replayed). 404 when there is none.",
}

func (s *Server) getRecording(ctx context.Context, in *receiptInput) (*recordingOutput, error) {
	if _, _, err := s.app(ctx, in.OrgID, in.AppID); err != nil {
		return nil, err
	}
	rec, err := s.Engine.Recording(ctx, in.AppID, in.ReceiptID)
	if err != nil {
		return nil, err
	}
	return &recordingOutput{Body: *rec}, nil
}

var opGetVersionBundle = huma.Operation{
	OperationID: "get-version-bundle",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/versions/{version}/bundle",
	Tags:        []string{"apps"},
	Summary:     "Download a version's bundle: the zip archive souk build wrote (application/zip)",
}

func (s *Server) getVersionBundle(ctx context.Context, in *versionBundleInput) (*versionBundleOutput, error) {
	svc, _, err := s.app(ctx, in.OrgID, in.AppID)
	if err != nil {
		return nil, err
	}
	v, err := svc.Version(ctx, in.AppID, in.Version)
	if err != nil {
		return nil, err
	}
	rd, _, err := s.Engine.Blobs().Get(ctx, v.BlobKey)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	data, err := io.ReadAll(io.LimitReader(rd, maxBundleUpload+1))
	if err != nil {
		return nil, err
	}
	return &versionBundleOutput{ContentType: "application/zip", CacheControl: "private, max-age=31536000, immutable",
		BundleHash: v.BundleHash, Body: data}, nil
}
