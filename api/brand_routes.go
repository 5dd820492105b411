package api

import (
	"bytes"
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/commerce"
)

// Brand protection (issue 17, part 2): brand verification (brands ask,
// admins review), authenticity codes (brands make, export and bind them;
// anyone scans), product image search by photo and image-reuse flags.

// BrandVerificationView is a brand's verification request.
type BrandVerificationView struct {
	ID           string    `json:"id"`
	BrandID      string    `json:"brand_id"`
	Name         string    `json:"name" doc:"The brand's name when it asked: the name verified"`
	Registration string    `json:"registration"`
	Evidence     string    `json:"evidence"`
	Documents    []string  `json:"documents" nullable:"false"`
	Status       string    `json:"status" enum:"pending,verified,rejected"`
	ReviewNote   string    `json:"review_note,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	ReviewedAt   time.Time `json:"reviewed_at,omitzero"`
}

func verificationView(v commerce.Verification) BrandVerificationView {
	out := BrandVerificationView{ID: v.ID, BrandID: v.BrandID, Name: v.Name, Registration: v.Registration, Evidence: v.Evidence,
		Documents: v.Documents, Status: v.Status, ReviewNote: v.ReviewNote, CreatedAt: ts(v.CreatedAt)}
	if v.ReviewedAt != 0 {
		out.ReviewedAt = ts(v.ReviewedAt)
	}
	return out
}

type verificationOutput struct{ Body BrandVerificationView }

type submitVerificationInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  struct {
		Registration string `json:"registration" minLength:"1" maxLength:"100" doc:"The trademark or company registration number"`
		Evidence     string `json:"evidence,omitempty" maxLength:"2000" doc:"What the documents show"`
	}
}

type verificationDocInput struct {
	OrgID       string `path:"orgId" maxLength:"64"`
	ContentType string `header:"Content-Type"`
	RawBody     []byte `contentType:"image/png" doc:"A photo or scan of a document (PNG, JPEG, GIF or WebP)"`
}

type adminVerificationsInput struct {
	Status string `query:"status" enum:"pending,verified,rejected," doc:"Only requests with this status (default: all)"`
	PageParams
}

type reviewVerificationInput struct {
	VerificationID string `path:"verificationId" maxLength:"64"`
	Body           struct {
		Decision string `json:"decision" enum:"verify,reject"`
		Note     string `json:"note,omitempty" maxLength:"1000"`
	}
}

// AuthenticityBatchView is a batch of authenticity codes for one SKU.
type AuthenticityBatchView struct {
	ID        string    `json:"id"`
	ProductID string    `json:"product_id"`
	SKUID     string    `json:"sku_id"`
	Count     int       `json:"count"`
	CreatedAt time.Time `json:"created_at"`
}

func batchView(b commerce.AuthenticityBatch) AuthenticityBatchView {
	return AuthenticityBatchView{ID: b.ID, ProductID: b.ProductID, SKUID: b.SKUID, Count: b.Count, CreatedAt: ts(b.CreatedAt)}
}

// AuthenticityCodeView is one authenticity code.
type AuthenticityCodeView struct {
	Code        string    `json:"code"`
	Seq         int       `json:"seq"`
	SKUID       string    `json:"sku_id"`
	Path        string    `json:"path" doc:"/l/{code}: the code's short link, what its QR code holds"`
	OrderID     string    `json:"order_id,omitempty"`
	LineNo      int       `json:"line_no,omitempty"`
	Scans       int64     `json:"scans"`
	FirstScanAt time.Time `json:"first_scan_at,omitzero"`
}

func codeView(c commerce.AuthenticityCode) AuthenticityCodeView {
	v := AuthenticityCodeView{Code: c.Code, Seq: c.Seq, SKUID: c.SKUID, Path: c.Path(), OrderID: c.OrderID, LineNo: c.LineNo, Scans: c.Scans}
	if c.FirstScanAt != 0 {
		v.FirstScanAt = ts(c.FirstScanAt)
	}
	return v
}

type batchOutput struct{ Body AuthenticityBatchView }

type createBatchInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  struct {
		SKUID string `json:"sku_id" maxLength:"64"`
		Count int    `json:"count" minimum:"1" maximum:"5000"`
	}
}

type batchInput struct {
	OrgID   string `path:"orgId" maxLength:"64"`
	BatchID string `path:"batchId" maxLength:"64"`
}

type batchCodesInput struct {
	OrgID   string `path:"orgId" maxLength:"64"`
	BatchID string `path:"batchId" maxLength:"64"`
	PageParams
}

type brandListInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	PageParams
}

type csvOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

type bindCodeInput struct {
	OrgID   string `path:"orgId" maxLength:"64"`
	OrderID string `path:"orderId" maxLength:"64"`
	Body    struct {
		LineNo int    `json:"line_no" minimum:"1"`
		Code   string `json:"code" minLength:"1" maxLength:"20"`
	}
}

type codeOutput struct{ Body AuthenticityCodeView }

type scanCodeInput struct {
	Code string `path:"code" maxLength:"20"`
}

// AuthenticityScanView is what a scan shows.
type AuthenticityScanView struct {
	Code          string    `json:"code"`
	Verdict       string    `json:"verdict" enum:"genuine,repeat,other_owner" doc:"genuine: a first scan; repeat: scanned before; other_owner: bound to someone else's order"`
	Warning       bool      `json:"warning" doc:"The product may be counterfeit"`
	ProductID     string    `json:"product_id"`
	ProductTitle  string    `json:"product_title"`
	BrandID       string    `json:"brand_id"`
	BrandName     string    `json:"brand_name"`
	BrandVerified bool      `json:"brand_verified"`
	FirstScanAt   time.Time `json:"first_scan_at"`
	ScannedAt     time.Time `json:"scanned_at"`
}

type scanOutput struct{ Body AuthenticityScanView }

// AuthenticityStatsView is a brand's scan statistics.
type AuthenticityStatsView struct {
	Codes      int64                    `json:"codes"`
	Scanned    int64                    `json:"scanned" doc:"Codes scanned at least once"`
	Genuine    int64                    `json:"genuine"`
	Repeat     int64                    `json:"repeat"`
	OtherOwner int64                    `json:"other_owner"`
	Warnings   []AuthenticityWarningRow `json:"warnings" nullable:"false" doc:"The latest 100 scans that warned, newest first"`
}

// AuthenticityWarningRow is a scan that warned.
type AuthenticityWarningRow struct {
	Code      string    `json:"code"`
	Verdict   string    `json:"verdict"`
	ScannedAt time.Time `json:"scanned_at"`
}

type statsOutput struct{ Body AuthenticityStatsView }

type imageSearchInput struct {
	ContentType string `header:"Content-Type"`
	RawBody     []byte `contentType:"image/png" doc:"A photo of the product (PNG, JPEG or GIF)"`
}

// ImageMatchView is a product found by a photo.
type ImageMatchView struct {
	ProductID     string `json:"product_id"`
	BrandID       string `json:"brand_id"`
	Title         string `json:"title"`
	ImageKey      string `json:"image_key"`
	Distance      int    `json:"distance" doc:"Hamming distance of the 64-bit perceptual hashes (0: the same picture)"`
	BrandVerified bool   `json:"brand_verified"`
}

// ImageReuseFlagView is another brand's listing image that looks like a
// verified brand's.
type ImageReuseFlagView struct {
	ID               string    `json:"id"`
	ProductID        string    `json:"product_id"`
	BrandID          string    `json:"brand_id"`
	ImageKey         string    `json:"image_key"`
	VerifiedBrandID  string    `json:"verified_brand_id"`
	MatchedProductID string    `json:"matched_product_id"`
	Distance         int       `json:"distance"`
	CreatedAt        time.Time `json:"created_at"`
}

func flagView(f commerce.ImageReuseFlag) ImageReuseFlagView {
	return ImageReuseFlagView{ID: f.ID, ProductID: f.ProductID, BrandID: f.BrandID, ImageKey: f.ImageKey, VerifiedBrandID: f.VerifiedBrandID,
		MatchedProductID: f.MatchedProductID, Distance: f.Distance, CreatedAt: ts(f.CreatedAt)}
}

type flagInput struct {
	FlagID string `path:"flagId" maxLength:"64"`
}

func (s *Server) registerBrandProtection() {
	if s.Commerce == nil {
		return
	}
	Register(s, brandWrite, opSubmitVerification, s.submitVerification)
	Register(s, brandRead, opGetVerification, s.getVerification)
	Register(s, brandWrite, opUploadVerificationDocument, s.uploadVerificationDocument)
	Register(s, Admin, opAdminListVerifications, s.adminListVerifications)
	Register(s, Admin, opAdminReviewVerification, s.adminReviewVerification)
	Register(s, brandWrite, opCreateAuthenticityBatch, s.createAuthenticityBatch)
	Register(s, brandRead, opListAuthenticityBatches, s.listAuthenticityBatches)
	Register(s, brandRead, opGetAuthenticityBatch, s.getAuthenticityBatch)
	Register(s, brandRead, opListBatchCodes, s.listBatchCodes)
	Register(s, brandRead, opExportBatchCodes, s.exportBatchCodes)
	Register(s, brandWrite, opBindAuthenticityCode, s.bindAuthenticityCode)
	Register(s, brandRead, opGetAuthenticityStats, s.getAuthenticityStats)
	Register(s, Public, opScanAuthenticityCode, s.scanAuthenticityCode)
	Register(s, User, opSearchByImage, s.searchByImage)
	Register(s, brandRead, opListBrandImageFlags, s.listBrandImageFlags)
	Register(s, Admin, opAdminListImageFlags, s.adminListImageFlags)
	Register(s, Admin, opAdminDismissImageFlag, s.adminDismissImageFlag)
}

var opSubmitVerification = huma.Operation{
	OperationID:   "submit-brand-verification",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/verification",
	Tags:          []string{"brand protection"},
	Summary:       "Ask for the brand to be verified (owner, manager)",
	Description:   "Under the brand's name. 409 brand_name_protected when the name is too close to a verified brand's (look-alike letters folded), 409 verification_pending while a request waits.",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) submitVerification(ctx context.Context, in *submitVerificationInput) (*verificationOutput, error) {
	v, err := s.Commerce.SubmitVerification(ctx, in.OrgID, caller(ctx).User.ID,
		commerce.VerificationInput{Registration: in.Body.Registration, Evidence: in.Body.Evidence})
	if err != nil {
		return nil, err
	}
	return &verificationOutput{Body: verificationView(v)}, nil
}

var opGetVerification = huma.Operation{
	OperationID: "get-brand-verification",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/verification",
	Tags:        []string{"brand protection"},
	Summary:     "The brand's latest verification request",
}

func (s *Server) getVerification(ctx context.Context, in *orgOnlyInput) (*verificationOutput, error) {
	v, err := s.Commerce.BrandVerification(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	return &verificationOutput{Body: verificationView(v)}, nil
}

var opUploadVerificationDocument = huma.Operation{
	OperationID:  "upload-verification-document",
	Method:       http.MethodPost,
	Path:         "/api/v1/orgs/{orgId}/verification/documents",
	Tags:         []string{"brand protection"},
	Summary:      "Attach a document to the pending request (owner, manager)",
	Description:  "A photo or scan, sent as bytes with its image Content-Type; at most 5 MiB, 5 documents.",
	MaxBodyBytes: 6 << 20,
}

func (s *Server) uploadVerificationDocument(ctx context.Context, in *verificationDocInput) (*verificationOutput, error) {
	mt, err := imageMediaType(in.ContentType, "document")
	if err != nil {
		return nil, err
	}
	cur, err := s.Commerce.BrandVerification(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	v, err := s.Commerce.AddVerificationDocument(ctx, in.OrgID, cur.ID, mt, bytes.NewReader(in.RawBody))
	if err != nil {
		return nil, err
	}
	return &verificationOutput{Body: verificationView(v)}, nil
}

var opAdminListVerifications = huma.Operation{
	OperationID: "admin-list-brand-verifications",
	Method:      http.MethodGet,
	Path:        "/api/v1/admin/brand-verifications",
	Tags:        []string{"brand protection"},
	Summary:     "Verification requests, oldest first (admin)",
}

func (s *Server) adminListVerifications(ctx context.Context, in *adminVerificationsInput) (*pageOutput[BrandVerificationView], error) {
	vs, err := s.Commerce.Verifications(ctx, in.Status, 500)
	if err != nil {
		return nil, err
	}
	views := make([]BrandVerificationView, len(vs))
	for i, v := range vs {
		views[i] = verificationView(v)
	}
	id := func(v BrandVerificationView) string { return v.ID }
	return listPage(ctx, in.PageParams, id, sliceFetch(views, id))
}

var opAdminReviewVerification = huma.Operation{
	OperationID: "admin-review-brand-verification",
	Method:      http.MethodPost,
	Path:        "/api/v1/admin/brand-verifications/{verificationId}/review",
	Tags:        []string{"brand protection"},
	Summary:     "Verify or reject a pending request (admin)",
	Description: "409 verification_reviewed when it was already decided; 409 brand_name_protected when a look-alike brand was verified first.",
}

func (s *Server) adminReviewVerification(ctx context.Context, in *reviewVerificationInput) (*verificationOutput, error) {
	v, err := s.Commerce.ReviewVerification(ctx, in.VerificationID, caller(ctx).User.ID, in.Body.Decision == "verify", in.Body.Note)
	if err != nil {
		return nil, err
	}
	return &verificationOutput{Body: verificationView(v)}, nil
}

var opCreateAuthenticityBatch = huma.Operation{
	OperationID:   "create-authenticity-batch",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/authenticity-batches",
	Tags:          []string{"brand protection"},
	Summary:       "Make authenticity codes for a SKU (owner, manager)",
	Description:   "1 to 5000 codes of 17 characters (84 random bits), each its own short link /l/{code}.",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) createAuthenticityBatch(ctx context.Context, in *createBatchInput) (*batchOutput, error) {
	b, err := s.Commerce.CreateAuthenticityBatch(ctx, in.OrgID, in.Body.SKUID, in.Body.Count, caller(ctx).User.ID)
	if err != nil {
		return nil, err
	}
	return &batchOutput{Body: batchView(b)}, nil
}

var opListAuthenticityBatches = huma.Operation{
	OperationID: "list-authenticity-batches",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/authenticity-batches",
	Tags:        []string{"brand protection"},
	Summary:     "The brand's batches of authenticity codes, newest first",
}

func (s *Server) listAuthenticityBatches(ctx context.Context, in *brandListInput) (*pageOutput[AuthenticityBatchView], error) {
	bs, err := s.Commerce.AuthenticityBatches(ctx, in.OrgID, 500)
	if err != nil {
		return nil, err
	}
	views := make([]AuthenticityBatchView, len(bs))
	for i, b := range bs {
		views[i] = batchView(b)
	}
	id := func(v AuthenticityBatchView) string { return v.ID }
	return listPage(ctx, in.PageParams, id, sliceFetch(views, id))
}

var opGetAuthenticityBatch = huma.Operation{
	OperationID: "get-authenticity-batch",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/authenticity-batches/{batchId}",
	Tags:        []string{"brand protection"},
	Summary:     "One batch of authenticity codes",
}

func (s *Server) getAuthenticityBatch(ctx context.Context, in *batchInput) (*batchOutput, error) {
	b, err := s.Commerce.AuthenticityBatch(ctx, in.OrgID, in.BatchID)
	if err != nil {
		return nil, err
	}
	return &batchOutput{Body: batchView(b)}, nil
}

var opListBatchCodes = huma.Operation{
	OperationID: "list-authenticity-codes",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/authenticity-batches/{batchId}/codes",
	Tags:        []string{"brand protection"},
	Summary:     "A batch's codes in order, with their scans",
}

func (s *Server) listBatchCodes(ctx context.Context, in *batchCodesInput) (*pageOutput[AuthenticityCodeView], error) {
	cs, err := s.Commerce.BatchCodes(ctx, in.OrgID, in.BatchID)
	if err != nil {
		return nil, err
	}
	views := make([]AuthenticityCodeView, len(cs))
	for i, c := range cs {
		views[i] = codeView(c)
	}
	id := func(v AuthenticityCodeView) string { return v.Code }
	return listPage(ctx, in.PageParams, id, sliceFetch(views, id))
}

var opExportBatchCodes = huma.Operation{
	OperationID: "export-authenticity-codes",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/authenticity-batches/{batchId}/codes.csv",
	Tags:        []string{"brand protection"},
	Summary:     "A batch's codes as CSV (seq, code, sku_id, url) for a label printer",
	Responses:   map[string]*huma.Response{"200": {Description: "CSV", Content: map[string]*huma.MediaType{"text/csv": {}}}},
}

func (s *Server) exportBatchCodes(ctx context.Context, in *batchInput) (*csvOutput, error) {
	cs, err := s.Commerce.BatchCodes(ctx, in.OrgID, in.BatchID)
	if err != nil {
		return nil, err
	}
	return &csvOutput{ContentType: "text/csv; charset=utf-8", ContentDisposition: `attachment; filename="codes-` + in.BatchID + `.csv"`,
		Body: commerce.AuthenticityCSV(requestOrigin(ctx), cs)}, nil
}

var opBindAuthenticityCode = huma.Operation{
	OperationID: "bind-authenticity-code",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/orders/{orderId}/authenticity-codes",
	Tags:        []string{"brand protection"},
	Summary:     "Bind a code to an order line at shipping (owner, manager)",
	Description: "The order is paid or shipped, the code is of the line's SKU and unbound; a line takes as many codes as items. Anyone but the order's shopper scanning it is then warned.",
}

func (s *Server) bindAuthenticityCode(ctx context.Context, in *bindCodeInput) (*codeOutput, error) {
	c, err := s.Commerce.BindAuthenticityCode(ctx, in.OrgID, in.OrderID, in.Body.LineNo, in.Body.Code)
	if err != nil {
		return nil, err
	}
	return &codeOutput{Body: codeView(c)}, nil
}

var opGetAuthenticityStats = huma.Operation{
	OperationID: "get-authenticity-stats",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/authenticity-stats",
	Tags:        []string{"brand protection"},
	Summary:     "Scan counts by verdict and the latest warnings",
}

func (s *Server) getAuthenticityStats(ctx context.Context, in *orgOnlyInput) (*statsOutput, error) {
	st, err := s.Commerce.AuthenticityStats(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	v := AuthenticityStatsView{Codes: st.Codes, Scanned: st.Scanned, Genuine: st.Genuine, Repeat: st.Repeat, OtherOwner: st.OtherOwner,
		Warnings: make([]AuthenticityWarningRow, len(st.Warnings))}
	for i, w := range st.Warnings {
		v.Warnings[i] = AuthenticityWarningRow{Code: w.Code, Verdict: w.Verdict, ScannedAt: ts(w.CreatedAt)}
	}
	return &statsOutput{Body: v}, nil
}

var opScanAuthenticityCode = huma.Operation{
	OperationID: "scan-authenticity-code",
	Method:      http.MethodPost,
	Path:        "/api/v1/authenticity/{code}/scans",
	Tags:        []string{"brand protection"},
	Summary:     "Scan an authenticity code (anyone; signed in, the scan is yours)",
	Description: "Records the scan and shows the product, the brand and its verification and the first scan's time. warning is true when the code was scanned before or is bound to another shopper's order. 404 authenticity_code_not_found for a code no brand made.",
}

func (s *Server) scanAuthenticityCode(ctx context.Context, in *scanCodeInput) (*scanOutput, error) {
	who := ""
	if c, ok := CallerFrom(ctx); ok {
		who = c.User.ID
	}
	r, err := s.Commerce.ScanAuthenticityCode(ctx, in.Code, who)
	if err != nil {
		return nil, err
	}
	return &scanOutput{Body: AuthenticityScanView{Code: r.Code.Code, Verdict: r.Verdict, Warning: r.Warn(), ProductID: r.Code.ProductID,
		ProductTitle: r.ProductTitle, BrandID: r.Code.BrandID, BrandName: r.BrandName, BrandVerified: r.BrandVerified,
		FirstScanAt: ts(r.FirstScanAt), ScannedAt: ts(r.ScannedAt)}}, nil
}

var opSearchByImage = huma.Operation{
	OperationID:  "search-by-image",
	Method:       http.MethodPost,
	Path:         "/api/v1/search/image",
	Tags:         []string{"search"},
	Summary:      "Find products from a photo of their packshot (signed in: decoding a photo costs the server)",
	Description:  "Send the photo's bytes with their Content-Type (at most 5 MiB, 24 megapixels). The answer lists active products with an image whose 64-bit perceptual hash is within 12 bits (Hamming distance) of the photo's, nearest first, at most 20.",
	MaxBodyBytes: 6 << 20,
}

func (s *Server) searchByImage(ctx context.Context, in *imageSearchInput) (*pageOutput[ImageMatchView], error) {
	if _, err := imageMediaType(in.ContentType, "photo"); err != nil {
		return nil, err
	}
	if len(in.RawBody) > 5<<20 {
		return nil, commerce.ErrImageTooLarge
	}
	ms, err := s.Commerce.FindProductsByImage(ctx, in.RawBody, 20)
	if err != nil {
		return nil, err
	}
	out := make([]ImageMatchView, len(ms))
	for i, m := range ms {
		out[i] = ImageMatchView{ProductID: m.ProductID, BrandID: m.BrandID, Title: m.Title, ImageKey: m.ImageKey, Distance: m.Distance,
			BrandVerified: m.BrandVerified}
	}
	return &pageOutput[ImageMatchView]{Body: Page[ImageMatchView]{Data: out}}, nil
}

var opListBrandImageFlags = huma.Operation{
	OperationID: "list-brand-image-flags",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/image-reuse-flags",
	Tags:        []string{"brand protection"},
	Summary:     "Other brands' listings that reuse this verified brand's images",
}

func (s *Server) listBrandImageFlags(ctx context.Context, in *brandListInput) (*pageOutput[ImageReuseFlagView], error) {
	return s.imageFlags(ctx, in.OrgID, in.PageParams)
}

var opAdminListImageFlags = huma.Operation{
	OperationID: "admin-list-image-flags",
	Method:      http.MethodGet,
	Path:        "/api/v1/admin/image-reuse-flags",
	Tags:        []string{"brand protection"},
	Summary:     "Open image-reuse flags, newest first (admin)",
}

type adminFlagsInput struct{ PageParams }

func (s *Server) adminListImageFlags(ctx context.Context, in *adminFlagsInput) (*pageOutput[ImageReuseFlagView], error) {
	return s.imageFlags(ctx, "", in.PageParams)
}

func (s *Server) imageFlags(ctx context.Context, brand string, p PageParams) (*pageOutput[ImageReuseFlagView], error) {
	fs, err := s.Commerce.ImageReuseFlags(ctx, brand, 500)
	if err != nil {
		return nil, err
	}
	views := make([]ImageReuseFlagView, len(fs))
	for i, f := range fs {
		views[i] = flagView(f)
	}
	id := func(v ImageReuseFlagView) string { return v.ID }
	return listPage(ctx, p, id, sliceFetch(views, id))
}

var opAdminDismissImageFlag = huma.Operation{
	OperationID:   "admin-dismiss-image-flag",
	Method:        http.MethodPost,
	Path:          "/api/v1/admin/image-reuse-flags/{flagId}/dismiss",
	Tags:          []string{"brand protection"},
	Summary:       "Close an image-reuse flag (admin)",
	DefaultStatus: http.StatusNoContent,
}

func (s *Server) adminDismissImageFlag(ctx context.Context, in *flagInput) (*struct{}, error) {
	return nil, s.Commerce.DismissImageReuseFlag(ctx, in.FlagID)
}
