package api

import (
	"context"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
)

// AdminCheck is the operator's whole-money check: the ledger's own
// invariants and, beside them, the order reconciliation (every order and
// payment request against what the ledger moved for it). OK is true only
// when both hold; ledger_ok says which failed.
type AdminCheck struct {
	ledger.Report
	LedgerOK bool                    `json:"ledger_ok" doc:"The ledger's invariants alone"`
	Orders   payments.Reconciliation `json:"orders" doc:"Every order and payment request against what the ledger moved for it"`
}

type ledgerCheckOutput struct{ Body AdminCheck }

func (s *Server) adminCheck(ctx context.Context) (*ledgerCheckOutput, error) {
	r, err := s.Payments.LedgerCheck(ctx)
	if err != nil {
		return nil, err
	}
	out := &ledgerCheckOutput{Body: AdminCheck{Report: r, LedgerOK: r.OK}}
	if s.Commerce != nil {
		out.Body.Orders, err = s.Commerce.ReconcileOrders(ctx)
	} else {
		out.Body.Orders, err = s.Payments.Reconcile(ctx, nil)
	}
	if err != nil {
		return nil, err
	}
	out.Body.OK = r.OK && out.Body.Orders.OK
	return out, nil
}
