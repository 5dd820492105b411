package invoice

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
)

// File is an invoice file: the signed document with everything needed to
// check it offline (the statement, signature and public key, its chain
// entry and the checkpoint signed when it was appended). Shoppers download
// it; `souk invoice verify FILE` and the verify page check it.
type File struct {
	Format     string          `json:"format"` // souk-invoice-bundle/1
	ID         string          `json:"id"`
	Document   json.RawMessage `json:"document"`
	Statement  SignedStatement `json:"statement"`
	Signature  string          `json:"signature"`
	PublicKey  string          `json:"public_key"`
	Chain      ChainEntry      `json:"chain"`
	Checkpoint Checkpoint      `json:"checkpoint"`
}

// Bundle returns the invoice file of a document.
func (s *Service) Bundle(ctx context.Context, in Invoice) (File, error) {
	var pub string
	if err := s.db.QueryRowContext(ctx, `SELECT public_key FROM invoice_keys WHERE id = $1`, in.keyID).Scan(&pub); err != nil {
		return File{}, err
	}
	digests, err := Digests([]byte(in.raw))
	if err != nil {
		return File{}, err
	}
	cp, err := s.CheckpointAt(ctx, in.ChainSeq)
	if err != nil {
		return File{}, err
	}
	docHash := sha256Hex([]byte(in.raw))
	return File{Format: "souk-invoice-bundle/1", ID: in.ID, Document: json.RawMessage(in.raw),
		Statement: SignedStatement{DocHash: docHash, Digests: digests, KeyID: in.keyID}, Signature: in.signature, PublicKey: pub,
		Chain: ChainEntry{Seq: in.ChainSeq, PrevHash: in.prevHash, DocHash: docHash, EntryHash: in.entryHash}, Checkpoint: cp}, nil
}

// Verification is what a verification found. OK only when every check passed.
type Verification struct {
	OK       bool     `json:"ok"`
	Number   string   `json:"number,omitempty"`
	Kind     string   `json:"kind,omitempty"`
	Seller   string   `json:"seller,omitempty"`
	Buyer    string   `json:"buyer,omitempty"`
	Gross    string   `json:"gross,omitempty"`
	Checks   []string `json:"checks"`             // what passed, in words
	Problems []string `json:"problems,omitempty"` // what failed, and where
	// Status is the live status from the server (valid, credited, voided),
	// when the verification was online.
	Status string `json:"status,omitempty"`
}

func (r *Verification) pass(format string, args ...any) {
	r.Checks = append(r.Checks, fmt.Sprintf(format, args...))
}
func (r *Verification) fail(format string, args ...any) {
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// Trust is what a verifier trusts beyond the file: the published keys (by
// id) and, online, the chain as the server publishes it now.
type Trust struct {
	// Keys are the published keys; nil trusts the key in the file (and says
	// so in the report).
	Keys map[string]ed25519.PublicKey
	// Entries, when set, are the published chain entries from the file's
	// entry to Latest, to check the chain still includes it.
	Entries []ChainEntry
	Latest  *Checkpoint
	// Status is the server's status of the document.
	Status string
}

// Verify checks an invoice file: its JSON, the signature over the
// statement, the document against the statement (naming each changed
// field), the chain entry, the checkpoint's signature, and, with trust from
// the server, that the current chain still includes the entry up to a
// signed head and that the document is not voided.
func Verify(file []byte, trust Trust) Verification {
	var r Verification
	if _, err := Canonical(file); err != nil {
		r.fail("the file is damaged: %v", err)
		return r
	}
	var b File
	if err := json.Unmarshal(file, &b); err != nil || b.Format != "souk-invoice-bundle/1" {
		r.fail("not a souk invoice file (format %q): %v", b.Format, err)
		return r
	}
	pubRaw, err := base64.StdEncoding.DecodeString(b.PublicKey)
	if err != nil || len(pubRaw) != ed25519.PublicKeySize {
		r.fail("the public key in the file is damaged")
		return r
	}
	pub := ed25519.PublicKey(pubRaw)
	switch known, ok := trust.Keys[b.Statement.KeyID]; {
	case trust.Keys == nil:
		r.pass("signing key %s taken from the file (not checked against the published keys)", b.Statement.KeyID)
	case !ok || !bytes.Equal(known, pub) || KeyID(pub) != b.Statement.KeyID:
		r.fail("the signing key %s is not one the server published", b.Statement.KeyID)
	default:
		r.pass("signing key %s is published by the server", b.Statement.KeyID)
	}
	sig, err := base64.StdEncoding.DecodeString(b.Signature)
	if err != nil || !ed25519.Verify(pub, b.Statement.signedBytes(), sig) {
		r.fail("the signature does not match the signed statement: the signature, the key id or the field digests in the file were altered")
	} else {
		r.pass("the signature over the statement is valid (Ed25519)")
	}
	doc, err := Canonical(b.Document)
	if err != nil {
		r.fail("the document is damaged: %v", err)
		return r
	}
	var d Document
	_ = json.Unmarshal(doc, &d)
	r.Number, r.Kind, r.Seller, r.Buyer, r.Gross = d.Number, d.Kind, d.Seller.Name, d.Buyer.Name, FormatAmount(d.Currency, d.Gross)
	docHash := sha256Hex(doc)
	if docHash != b.Statement.DocHash {
		r.fail("the document was changed after signing: %s", changedFields(doc, b.Statement.Digests))
	} else {
		r.pass("the document is exactly the one signed")
	}
	switch {
	case b.Chain.DocHash != docHash && docHash == b.Statement.DocHash:
		r.fail("chain entry %d names another document", b.Chain.Seq)
	case EntryHash(b.Chain.Seq, b.Chain.PrevHash, b.Statement.DocHash) != b.Chain.EntryHash:
		r.fail("chain entry %d does not hash to its entry hash: the entry in the file was altered", b.Chain.Seq)
	default:
		r.pass("chain entry %d hashes correctly", b.Chain.Seq)
	}
	cp := b.Checkpoint
	cpPub := pub
	if k, ok := trust.Keys[cp.KeyID]; ok {
		cpPub = k
	}
	cpSig, err := base64.StdEncoding.DecodeString(cp.Signature)
	switch {
	case err != nil || !ed25519.Verify(cpPub, cp.signedBytes(), cpSig):
		r.fail("checkpoint %d's signature is not valid", cp.Seq)
	case cp.Seq != b.Chain.Seq || cp.Hash != b.Chain.EntryHash:
		r.fail("checkpoint %d does not sign this entry", cp.Seq)
	default:
		r.pass("checkpoint %d, signed %s, includes the entry", cp.Seq, cp.SignedAt)
	}
	if trust.Latest != nil {
		verifyInclusion(&r, b.Chain, trust.Entries, *trust.Latest, trust.Keys)
	}
	if trust.Status != "" {
		r.Status = trust.Status
		if trust.Status == StatusVoided {
			r.fail("the document is voided")
		} else {
			r.pass("the document is not voided (status: %s)", trust.Status)
		}
	}
	r.OK = len(r.Problems) == 0
	return r
}

// verifyInclusion walks the published entries from the file's entry to the
// latest signed checkpoint, recomputing every hash.
func verifyInclusion(r *Verification, mine ChainEntry, entries []ChainEntry, latest Checkpoint, keys map[string]ed25519.PublicKey) {
	sig, err := base64.StdEncoding.DecodeString(latest.Signature)
	if k, ok := keys[latest.KeyID]; !ok || err != nil || !ed25519.Verify(k, latest.signedBytes(), sig) {
		r.fail("the server's latest checkpoint %d is not validly signed by a published key", latest.Seq)
		return
	}
	if len(entries) == 0 || entries[0].Seq != mine.Seq {
		r.fail("the server's chain does not have entry %d", mine.Seq)
		return
	}
	if entries[0].EntryHash != mine.EntryHash || entries[0].DocHash != mine.DocHash {
		r.fail("the server's chain has a different entry %d: the chain was rewritten, or this file was", mine.Seq)
		return
	}
	prev := mine.EntryHash
	for _, e := range entries[1:] {
		if e.PrevHash != prev || EntryHash(e.Seq, e.PrevHash, e.DocHash) != e.EntryHash {
			r.fail("the server's chain breaks at entry %d", e.Seq)
			return
		}
		prev = e.EntryHash
	}
	last := entries[len(entries)-1]
	if last.Seq != latest.Seq || last.EntryHash != latest.Hash {
		r.fail("the server's chain from entry %d does not reach its checkpoint %d", mine.Seq, latest.Seq)
		return
	}
	r.pass("the server's current chain includes entry %d, up to its checkpoint %d signed %s", mine.Seq, latest.Seq, latest.SignedAt)
}

// changedFields names the fields of doc whose digests differ from the
// signed ones.
func changedFields(doc []byte, signed map[string]string) string {
	now, err := Digests(doc)
	if err != nil {
		return err.Error()
	}
	var changed []string
	for p, h := range now {
		if o, ok := signed[p]; !ok {
			changed = append(changed, p+" (added)")
		} else if o != h {
			changed = append(changed, p)
		}
	}
	for p := range signed {
		if _, ok := now[p]; !ok {
			changed = append(changed, p+" (removed)")
		}
	}
	sort.Strings(changed)
	if len(changed) == 0 {
		return "no single field differs, yet the hash does"
	}
	return "changed at " + fmt.Sprint(changed)
}

// TrustFromServer is what an online verifier of in fetches: the published
// keys, the chain from in's entry to the latest checkpoint, and in's status.
func (s *Service) TrustFromServer(ctx context.Context, in Invoice) (Trust, error) {
	keys, err := s.Keys(ctx)
	if err != nil {
		return Trust{}, err
	}
	tr := Trust{Keys: map[string]ed25519.PublicKey{}, Status: in.Status}
	for _, k := range keys {
		b, err := base64.StdEncoding.DecodeString(k.PublicKey)
		if err != nil {
			return Trust{}, err
		}
		tr.Keys[k.ID] = b
	}
	latest, err := s.LatestCheckpoint(ctx)
	if err != nil {
		return Trust{}, err
	}
	// A verifier walks at most MaxEntries entries; past that it trusts the
	// checkpoint signed nearest after the document.
	to := min(latest.Seq, in.ChainSeq+MaxEntries-1)
	if to != latest.Seq {
		if latest, err = s.CheckpointAt(ctx, to); err != nil {
			return Trust{}, err
		}
	}
	tr.Latest = &latest
	tr.Entries, err = s.Entries(ctx, in.ChainSeq, to)
	return tr, err
}

// VerifyOnServer verifies in's file against the server's own chain: what
// the public verify page shows.
func (s *Service) VerifyOnServer(ctx context.Context, in Invoice) (Verification, error) {
	b, err := s.Bundle(ctx, in)
	if err != nil {
		return Verification{}, err
	}
	file, err := json.Marshal(b)
	if err != nil {
		return Verification{}, err
	}
	tr, err := s.TrustFromServer(ctx, in)
	if err != nil {
		return Verification{}, err
	}
	return Verify(file, tr), nil
}
