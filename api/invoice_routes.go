package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/invoice"
)

// E-invoices (invoice/): a shopper asks for the invoice of a completed
// order and gets its file; a brand sets its invoicing details, lists and
// voids what it issued; anyone may read the published keys, chain and
// checkpoints and a document's status, which is what a verifier needs; a
// share link's holder (an employer) reads and claims the shared invoice.

type invoiceIDInput struct {
	InvoiceID string `path:"invoiceId" maxLength:"64"`
}

type createInvoiceInput struct {
	OrderID string `path:"orderId" maxLength:"64"`
	Body    struct {
		BuyerName  string `json:"buyer_name" minLength:"1" maxLength:"200" doc:"Who the invoice is made out to"`
		BuyerTaxID string `json:"buyer_tax_id,omitempty" maxLength:"64"`
	}
}

type invoiceOutput struct{ Body invoice.Invoice }

type invoicesPageInput struct {
	PageParams
}

type orgInvoicesPageInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	PageParams
}

type invoiceFileOutput struct{ Body invoice.File }

type invoiceShareOutput struct {
	Body struct {
		Token string `json:"token" doc:"Shown once; the link is /invoices/shared/{token}"`
		URL   string `json:"url"`
	}
}

type invoiceSettingsInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  invoice.Settings
}

type orgInvoicesInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
}

type invoiceSettingsOutput struct{ Body invoice.Settings }

type voidInvoiceInput struct {
	OrgID     string `path:"orgId" maxLength:"64"`
	InvoiceID string `path:"invoiceId" maxLength:"64"`
	Body      struct {
		Reason string `json:"reason" minLength:"1" maxLength:"500"`
	}
}

type invoiceKeysOutput struct {
	Body struct {
		Keys []invoice.Key `json:"keys"`
	}
}

type checkpointOutput struct{ Body invoice.Checkpoint }

type chainEntriesInput struct {
	From int64 `query:"from" minimum:"1" doc:"First entry"`
	To   int64 `query:"to" minimum:"1" doc:"Last entry (at most 1000 are returned)"`
}

type chainEntriesOutput struct {
	Body struct {
		Entries []invoice.ChainEntry `json:"entries"`
	}
}

type invoiceStatusOutput struct {
	Body struct {
		ID       string `json:"id"`
		Number   string `json:"number"`
		Kind     string `json:"kind"`
		Status   string `json:"status" enum:"valid,credited,voided"`
		ChainSeq int64  `json:"chain_seq"`
	}
}

type shareTokenInput struct {
	Token string `path:"token" maxLength:"64"`
}

type sharedInvoiceOutput struct {
	Body struct {
		Status string                `json:"status"`
		Share  invoice.ShareState    `json:"share"`
		File   invoice.File          `json:"file"`
		Report *invoice.Verification `json:"report"`
	}
}

type invoiceClaimInput struct {
	Token string `path:"token" maxLength:"64"`
	Body  struct {
		Claimant string `json:"claimant" minLength:"1" maxLength:"200" doc:"The employer and its expense reference"`
	}
}

type invoiceClaimOutput struct{ Body invoice.ShareState }

func (s *Server) registerInvoices() {
	if s.Invoices == nil {
		return
	}
	Register(s, User, opCreateInvoice, s.createInvoice)
	Register(s, User, opListMyInvoices, s.listMyInvoices)
	Register(s, User, opGetMyInvoiceFile, s.getMyInvoiceFile)
	Register(s, User, opShareInvoice, s.shareInvoice)
	Register(s, brandWrite, opGetInvoiceSettings, s.getInvoiceSettings)
	Register(s, brandWrite, opSetInvoiceSettings, s.setInvoiceSettings)
	Register(s, brandRead, opListBrandInvoices, s.listBrandInvoices)
	Register(s, brandWrite, opVoidInvoice, s.voidInvoice)
	Register(s, Public, opInvoiceKeys, s.invoiceKeys)
	Register(s, Public, opInvoiceCheckpoint, s.invoiceCheckpoint)
	Register(s, Public, opInvoiceChain, s.invoiceChain)
	Register(s, Public, opInvoiceStatus, s.invoiceStatus)
	Register(s, Public, opGetSharedInvoice, s.getSharedInvoice)
	Register(s, Public, opClaimSharedInvoice, s.claimSharedInvoice)
}

var opCreateInvoice = huma.Operation{
	OperationID:   "create-invoice",
	Method:        http.MethodPost,
	Path:          "/api/v1/orders/{orderId}/invoice",
	Tags:          []string{"invoices"},
	DefaultStatus: http.StatusCreated,
	Summary:       "Ask for the invoice of my completed order",
	Description: "Issued at once by the brand's settings, signed and chained. Asking again returns the same invoice. " +
		"A refund issues a linked credit note.",
}

func (s *Server) createInvoice(ctx context.Context, in *createInvoiceInput) (*invoiceOutput, error) {
	inv, err := s.Invoices.Issue(ctx, caller(ctx).User.ID, in.OrderID, invoice.Buyer{Name: in.Body.BuyerName, TaxID: in.Body.BuyerTaxID})
	if err != nil {
		return nil, err
	}
	return &invoiceOutput{Body: inv}, nil
}

var opListMyInvoices = huma.Operation{
	OperationID: "list-my-invoices",
	Method:      http.MethodGet,
	Path:        "/api/v1/me/invoices",
	Tags:        []string{"invoices"},
	Summary:     "My invoices and credit notes (the card bag), newest first",
}

func (s *Server) listMyInvoices(ctx context.Context, in *invoicesPageInput) (*pageOutput[invoice.Invoice], error) {
	list, err := s.Invoices.ShopperInvoices(ctx, caller(ctx).User.ID)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, list, func(i invoice.Invoice) string { return i.ID })
}

var opGetMyInvoiceFile = huma.Operation{
	OperationID: "get-my-invoice-file",
	Method:      http.MethodGet,
	Path:        "/api/v1/me/invoices/{invoiceId}/file",
	Tags:        []string{"invoices"},
	Summary:     "The invoice file: the signed document with what verifies it offline (souk invoice verify FILE)",
}

func (s *Server) getMyInvoiceFile(ctx context.Context, in *invoiceIDInput) (*invoiceFileOutput, error) {
	inv, err := s.Invoices.ShopperInvoice(ctx, caller(ctx).User.ID, in.InvoiceID)
	if err != nil {
		return nil, err
	}
	b, err := s.Invoices.Bundle(ctx, inv)
	if err != nil {
		return nil, err
	}
	return &invoiceFileOutput{Body: b}, nil
}

var opShareInvoice = huma.Operation{
	OperationID:   "share-invoice",
	Method:        http.MethodPost,
	Path:          "/api/v1/me/invoices/{invoiceId}/shares",
	Tags:          []string{"invoices"},
	DefaultStatus: http.StatusCreated,
	Summary:       "Share my invoice with an employer for reimbursement",
	Description:   "The link shows the invoice and its verification; it can be claimed once, across all of the invoice's links.",
}

func (s *Server) shareInvoice(ctx context.Context, in *invoiceIDInput) (*invoiceShareOutput, error) {
	tok, err := s.Invoices.ShareInvoice(ctx, caller(ctx).User.ID, in.InvoiceID)
	if err != nil {
		return nil, err
	}
	out := &invoiceShareOutput{}
	out.Body.Token, out.Body.URL = tok, "/invoices/shared/"+tok
	return out, nil
}

var opGetInvoiceSettings = huma.Operation{
	OperationID: "get-invoice-settings",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/invoice-settings",
	Tags:        []string{"invoices"},
	Summary:     "The brand's invoicing details: legal name, tax id, tax label and rates (owner, manager)",
}

func (s *Server) getInvoiceSettings(ctx context.Context, in *orgInvoicesInput) (*invoiceSettingsOutput, error) {
	st, err := s.Invoices.Settings(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	return &invoiceSettingsOutput{Body: st}, nil
}

var opSetInvoiceSettings = huma.Operation{
	OperationID: "set-invoice-settings",
	Method:      http.MethodPut,
	Path:        "/api/v1/orgs/{orgId}/invoice-settings",
	Tags:        []string{"invoices"},
	Summary:     "Set the brand's invoicing details (owner, manager)",
	Description: "Rates are basis points of the net, taken out of tax-inclusive prices; productRates override the default per product.",
}

func (s *Server) setInvoiceSettings(ctx context.Context, in *invoiceSettingsInput) (*invoiceSettingsOutput, error) {
	st, err := s.Invoices.SetSettings(ctx, in.OrgID, in.Body)
	if err != nil {
		return nil, err
	}
	return &invoiceSettingsOutput{Body: st}, nil
}

var opListBrandInvoices = huma.Operation{
	OperationID: "list-brand-invoices",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/invoices",
	Tags:        []string{"invoices"},
	Summary:     "Invoices and credit notes the brand issued, newest first",
}

func (s *Server) listBrandInvoices(ctx context.Context, in *orgInvoicesPageInput) (*pageOutput[invoice.Invoice], error) {
	list, err := s.Invoices.BrandInvoices(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, list, func(i invoice.Invoice) string { return i.ID })
}

var opVoidInvoice = huma.Operation{
	OperationID: "void-invoice",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/invoices/{invoiceId}/void",
	Tags:        []string{"invoices"},
	Summary:     "Void an invoice the brand issued (owner, manager); the shopper may ask again",
}

func (s *Server) voidInvoice(ctx context.Context, in *voidInvoiceInput) (*invoiceOutput, error) {
	inv, err := s.Invoices.Void(ctx, in.OrgID, in.InvoiceID, in.Body.Reason)
	if err != nil {
		return nil, err
	}
	return &invoiceOutput{Body: inv}, nil
}

var opInvoiceKeys = huma.Operation{
	OperationID: "get-invoice-keys",
	Method:      http.MethodGet,
	Path:        "/api/v1/invoice-chain/keys",
	Tags:        []string{"invoices"},
	Summary:     "The Ed25519 public keys that sign invoices and checkpoints",
}

func (s *Server) invoiceKeys(ctx context.Context, _ *struct{}) (*invoiceKeysOutput, error) {
	ks, err := s.Invoices.Keys(ctx)
	if err != nil {
		return nil, err
	}
	out := &invoiceKeysOutput{}
	out.Body.Keys = append([]invoice.Key{}, ks...)
	return out, nil
}

var opInvoiceCheckpoint = huma.Operation{
	OperationID: "get-invoice-checkpoint",
	Method:      http.MethodGet,
	Path:        "/api/v1/invoice-chain/checkpoint",
	Tags:        []string{"invoices"},
	Summary:     "The latest signed checkpoint of the invoice chain",
}

func (s *Server) invoiceCheckpoint(ctx context.Context, _ *struct{}) (*checkpointOutput, error) {
	c, err := s.Invoices.LatestCheckpoint(ctx)
	if err != nil {
		return nil, err
	}
	return &checkpointOutput{Body: c}, nil
}

var opInvoiceChain = huma.Operation{
	OperationID: "list-invoice-chain",
	Method:      http.MethodGet,
	Path:        "/api/v1/invoice-chain/entries",
	Tags:        []string{"invoices"},
	Summary:     "Entries of the invoice chain (sequence, previous hash, document hash, entry hash)",
}

func (s *Server) invoiceChain(ctx context.Context, in *chainEntriesInput) (*chainEntriesOutput, error) {
	es, err := s.Invoices.Entries(ctx, in.From, in.To)
	if err != nil {
		return nil, err
	}
	out := &chainEntriesOutput{}
	out.Body.Entries = append([]invoice.ChainEntry{}, es...)
	return out, nil
}

var opInvoiceStatus = huma.Operation{
	OperationID: "get-invoice-status",
	Method:      http.MethodGet,
	Path:        "/api/v1/invoices/{invoiceId}/status",
	Tags:        []string{"invoices"},
	Summary:     "Whether a document is valid, credited or voided, and its chain entry (public, for verifiers)",
}

func (s *Server) invoiceStatus(ctx context.Context, in *invoiceIDInput) (*invoiceStatusOutput, error) {
	inv, err := s.Invoices.Get(ctx, in.InvoiceID)
	if err != nil {
		return nil, err
	}
	out := &invoiceStatusOutput{}
	out.Body.ID, out.Body.Number, out.Body.Kind, out.Body.Status, out.Body.ChainSeq = inv.ID, inv.Number, inv.Kind, inv.Status, inv.ChainSeq
	return out, nil
}

var opGetSharedInvoice = huma.Operation{
	OperationID: "get-shared-invoice",
	Method:      http.MethodGet,
	Path:        "/api/v1/invoice-shares/{token}",
	Tags:        []string{"invoices"},
	Summary:     "A shared invoice: its file, the server's verification of it and whether it was claimed",
}

func (s *Server) getSharedInvoice(ctx context.Context, in *shareTokenInput) (*sharedInvoiceOutput, error) {
	inv, sh, err := s.Invoices.Shared(ctx, in.Token)
	if err != nil {
		return nil, err
	}
	b, err := s.Invoices.Bundle(ctx, inv)
	if err != nil {
		return nil, err
	}
	r, err := s.Invoices.VerifyOnServer(ctx, inv)
	if err != nil {
		return nil, err
	}
	out := &sharedInvoiceOutput{}
	out.Body.Status, out.Body.Share, out.Body.File, out.Body.Report = inv.Status, sh, b, &r
	return out, nil
}

var opClaimSharedInvoice = huma.Operation{
	OperationID: "claim-shared-invoice",
	Method:      http.MethodPost,
	Path:        "/api/v1/invoice-shares/{token}/claim",
	Tags:        []string{"invoices"},
	Summary:     "Claim a shared invoice for reimbursement, once",
	Description: "The first claim wins; a second claim through any link of the same invoice answers 409 already_claimed.",
}

func (s *Server) claimSharedInvoice(ctx context.Context, in *invoiceClaimInput) (*invoiceClaimOutput, error) {
	sh, err := s.Invoices.Claim(ctx, in.Token, in.Body.Claimant)
	if err != nil {
		return nil, err
	}
	return &invoiceClaimOutput{Body: sh}, nil
}
