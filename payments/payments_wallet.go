package payments

import (
	"context"
	"errors"

	"github.com/soukhq/souk/payments/ledger"
)

// WalletBalance returns a shopper's balance in a currency (zero if the
// wallet was never used).
func (s *Service) WalletBalance(ctx context.Context, userID, currency string) (ledger.Balance, error) {
	return s.balance(ctx, WalletAccount(userID, currency), currency)
}

// BrandBalance returns a brand's balance in a currency.
func (s *Service) BrandBalance(ctx context.Context, brandID, currency string) (ledger.Balance, error) {
	return s.balance(ctx, BrandAccount(brandID, currency), currency)
}

// DeveloperBalance returns a developer's revenue-share balance.
func (s *Service) DeveloperBalance(ctx context.Context, devID, currency string) (ledger.Balance, error) {
	return s.balance(ctx, DeveloperAccount(devID, currency), currency)
}

func (s *Service) balance(ctx context.Context, id, currency string) (ledger.Balance, error) {
	if err := checkCurrency(currency); err != nil {
		return ledger.Balance{}, err
	}
	b, err := s.l.Balance(ctx, id)
	if errors.Is(err, ledger.ErrAccountNotFound) {
		return ledger.Balance{AccountID: id, Currency: currency}, nil
	}
	return b, err
}

// Balances lists every balance an owner (shopper, brand or developer) has.
func (s *Service) Balances(ctx context.Context, ownerID string) ([]ledger.Balance, error) {
	accts, err := s.l.AccountsOf(ctx, ownerID)
	if err != nil {
		return nil, err
	}
	out := make([]ledger.Balance, 0, len(accts))
	for _, a := range accts {
		out = append(out, a.Balance())
	}
	return out, nil
}

// WalletStatement pages through a shopper's wallet statement (after: the
// previous page's Next; limit ≤ 1000).
func (s *Service) WalletStatement(ctx context.Context, userID, currency string, after int64, limit int) (ledger.Statement, error) {
	return s.statement(ctx, WalletAccount(userID, currency), currency, after, limit)
}

// BrandStatement pages through a brand's statement.
func (s *Service) BrandStatement(ctx context.Context, brandID, currency string, after int64, limit int) (ledger.Statement, error) {
	return s.statement(ctx, BrandAccount(brandID, currency), currency, after, limit)
}

func (s *Service) statement(ctx context.Context, id, currency string, after int64, limit int) (ledger.Statement, error) {
	if err := checkCurrency(currency); err != nil {
		return ledger.Statement{}, err
	}
	st, err := s.l.Statement(ctx, id, after, limit)
	if errors.Is(err, ledger.ErrAccountNotFound) {
		return ledger.Statement{AccountID: id, Lines: []ledger.Line{}}, nil
	}
	return st, err
}

// LedgerCheck runs the whole-ledger invariant check (admin).
func (s *Service) LedgerCheck(ctx context.Context) (ledger.Report, error) { return s.l.Check(ctx) }

// DeveloperStatement pages through a developer's revenue-share statement.
func (s *Service) DeveloperStatement(ctx context.Context, devID, currency string, after int64, limit int) (ledger.Statement, error) {
	return s.statement(ctx, DeveloperAccount(devID, currency), currency, after, limit)
}
