package invoice

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/soukhq/souk/store"
)

// The chain: every document, invoice or credit note, is one entry. An
// entry's hash commits to its sequence number, the previous entry's hash
// and the document's hash, so changing or dropping any entry changes every
// hash after it; a signed checkpoint of the head, published at a public
// URL, fixes the chain up to there:
//
//	entryHash = SHA-256("souk-invoice-chain/1\n" + seq + "\n" + prevHash + "\n" + docHash)   (hex)
//
// The first entry's prevHash is 64 zeros.

// GenesisHash is the prevHash of the first entry.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// EntryHash is the chain hash of entry seq.
func EntryHash(seq int64, prevHash, docHash string) string {
	return sha256Hex([]byte("souk-invoice-chain/1\n" + strconv.FormatInt(seq, 10) + "\n" + prevHash + "\n" + docHash))
}

// ChainEntry is one entry of the chain as published.
type ChainEntry struct {
	Seq       int64  `json:"seq"`
	PrevHash  string `json:"prev_hash"`
	DocHash   string `json:"doc_hash"`
	EntryHash string `json:"entry_hash"`
}

// Checkpoint is a signed chain head. The signature is over the canonical
// JSON of {"hash","key_id","seq","signed_at"}.
type Checkpoint struct {
	Seq       int64  `json:"seq"`
	Hash      string `json:"hash"`
	SignedAt  string `json:"signed_at" format:"date-time"` // RFC 3339, UTC
	KeyID     string `json:"key_id"`
	Signature string `json:"signature"` // base64
}

func (c Checkpoint) signedBytes() []byte {
	b, _ := json.Marshal(map[string]any{"seq": c.Seq, "hash": c.Hash, "signed_at": c.SignedAt, "key_id": c.KeyID})
	out, _ := Canonical(b)
	return out
}

// Key is a published signing key.
type Key struct {
	ID        string `json:"id"`
	PublicKey string `json:"public_key"` // base64 of the 32-byte Ed25519 key
}

// KeyID names a public key: the first 16 hex digits of its SHA-256.
func KeyID(pub ed25519.PublicKey) string { return sha256Hex(pub)[:16] }

// signer returns the key that signs new documents: the configured one, or
// the one kept in the database (made by the first node that needed it).
func (s *Service) signer(ctx context.Context, tx *store.Tx) (ed25519.PrivateKey, string, error) {
	if k := s.opts.SigningKey; k != nil {
		pub := k.Public().(ed25519.PublicKey)
		id := KeyID(pub)
		// Publish the public half (the private one is not stored).
		_, err := tx.ExecContext(ctx, `INSERT INTO invoice_keys (id, public_key, private_key, created_at) VALUES ($1, $2, '', $3)
			ON CONFLICT (id) DO NOTHING`, id, base64.StdEncoding.EncodeToString(pub), store.Now())
		return k, id, err
	}
	var id, priv string
	err := tx.QueryRowContext(ctx, `SELECT id, private_key FROM invoice_keys WHERE private_key <> '' ORDER BY created_at LIMIT 1`).Scan(&id, &priv)
	if errors.Is(err, sql.ErrNoRows) {
		pub, k, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, "", err
		}
		id = KeyID(pub)
		_, err = tx.ExecContext(ctx, `INSERT INTO invoice_keys (id, public_key, private_key, created_at) VALUES ($1, $2, $3, $4)`,
			id, base64.StdEncoding.EncodeToString(pub), base64.StdEncoding.EncodeToString(k.Seed()), store.Now())
		return k, id, err
	}
	if err != nil {
		return nil, "", err
	}
	seed, err := base64.StdEncoding.DecodeString(priv)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, "", fmt.Errorf("invoice key %s: stored seed is damaged", id)
	}
	return ed25519.NewKeyFromSeed(seed), id, nil
}

// Keys are every key that ever signed a document or checkpoint.
func (s *Service) Keys(ctx context.Context) ([]Key, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, public_key FROM invoice_keys ORDER BY created_at`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Key
	for rows.Next() {
		var k Key
		if err := rows.Scan(&k.ID, &k.PublicKey); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// append adds a document to the chain in tx and signs a checkpoint of the
// new head. The head row is locked, so appends are serialised.
func (s *Service) append(ctx context.Context, tx *store.Tx, key ed25519.PrivateKey, keyID, docHash string) (ChainEntry, Checkpoint, error) {
	var e ChainEntry
	lock := ""
	if tx.Dialect == store.Postgres {
		lock = " FOR UPDATE"
	}
	var seq int64
	if err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM invoice_chain_head WHERE id = 1`+lock).Scan(&seq, &e.PrevHash); err != nil {
		return e, Checkpoint{}, err
	}
	e.Seq, e.DocHash = seq+1, docHash
	e.EntryHash = EntryHash(e.Seq, e.PrevHash, docHash)
	if _, err := tx.ExecContext(ctx, `UPDATE invoice_chain_head SET seq = $1, hash = $2 WHERE id = 1`, e.Seq, e.EntryHash); err != nil {
		return e, Checkpoint{}, err
	}
	at := time.Now().UTC().Truncate(time.Second)
	c := Checkpoint{Seq: e.Seq, Hash: e.EntryHash, SignedAt: at.Format(time.RFC3339), KeyID: keyID}
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key, c.signedBytes()))
	_, err := tx.ExecContext(ctx, `INSERT INTO invoice_checkpoints (seq, hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5)`,
		c.Seq, c.Hash, at.UnixMicro(), c.KeyID, c.Signature)
	return e, c, err
}

func (s *Service) checkpoint(ctx context.Context, q store.Querier, where string, args ...any) (Checkpoint, error) {
	var c Checkpoint
	var at int64
	err := q.QueryRowContext(ctx, `SELECT seq, hash, signed_at, key_id, signature FROM invoice_checkpoints `+where, args...).
		Scan(&c.Seq, &c.Hash, &at, &c.KeyID, &c.Signature)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fail(ErrNotFound, "no such checkpoint")
	}
	// The signed time is the one in the signature, to the second.
	c.SignedAt = time.UnixMicro(at).UTC().Format(time.RFC3339)
	return c, err
}

// LatestCheckpoint is the signed head of the chain.
func (s *Service) LatestCheckpoint(ctx context.Context) (Checkpoint, error) {
	return s.checkpoint(ctx, s.db, `ORDER BY seq DESC LIMIT 1`)
}

// CheckpointAt is the checkpoint signed when entry seq was appended.
func (s *Service) CheckpointAt(ctx context.Context, seq int64) (Checkpoint, error) {
	return s.checkpoint(ctx, s.db, `WHERE seq = $1`, seq)
}

// MaxEntries bounds one page of the published chain.
const MaxEntries = 1000

// Entries are the chain's entries from seq from to to (inclusive), at most
// MaxEntries, for verifiers that walk from an invoice to a later
// checkpoint.
func (s *Service) Entries(ctx context.Context, from, to int64) ([]ChainEntry, error) {
	if from < 1 || to < from {
		return nil, fail(ErrInvalid, "from must be at least 1 and to at least from")
	}
	if to-from+1 > MaxEntries {
		to = from + MaxEntries - 1
	}
	rows, err := s.db.QueryContext(ctx, `SELECT chain_seq, prev_hash, document, entry_hash FROM invoices WHERE chain_seq BETWEEN $1 AND $2 ORDER BY chain_seq`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ChainEntry
	for rows.Next() {
		var e ChainEntry
		var doc string
		if err := rows.Scan(&e.Seq, &e.PrevHash, &doc, &e.EntryHash); err != nil {
			return nil, err
		}
		e.DocHash = sha256Hex([]byte(doc))
		out = append(out, e)
	}
	return out, rows.Err()
}
