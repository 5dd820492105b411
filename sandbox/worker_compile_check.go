package sandbox

import (
	"fmt"
	"math/big"
	"reflect"
	"regexp"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"
)

// goja folds constant expressions while it compiles, in Go, where no
// Interrupt reaches: 7n ** (10n ** 8n) is a 280-million-bit BigInt whose
// computation outlived every deadline and took each worker that compiled
// the bundle with it (1n << (1n << 40n) asks for 128 GiB at once). Before
// compiling, the worker evaluates every constant BigInt expression of the
// parsed bundle itself, under a size cap, and refuses the bundle with a
// compile error when one would exceed it. Real code never comes near the
// cap (a 4096-bit constant is 4 KiB of bits).
const maxConstBigIntBits = 1 << 20

// bigIntLiteral finds a BigInt literal; bundles without one skip the walk.
var bigIntLiteral = regexp.MustCompile(`\b(?:0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*)n\b`)

// errConstTooLarge is a constant BigInt expression over the cap.
type errConstTooLarge struct {
	line, col int
}

func (e *errConstTooLarge) Error() string {
	return fmt.Sprintf("constant BigInt expression at line %d column %d is larger than %d bits; the sandbox does not compute it while compiling",
		e.line, e.col, maxConstBigIntBits)
}

// checkConstants returns an *errConstTooLarge for the first constant BigInt
// expression of prog over the cap, in source order.
func checkConstants(script string, prog *ast.Program) error {
	if !bigIntLiteral.MatchString(script) {
		return nil
	}
	c := &constChecker{memo: map[ast.Expression]constVal{}}
	c.walk(reflect.ValueOf(prog))
	if c.tooLarge != nil {
		pos := prog.File.Position(int(c.tooLarge.Idx0()) - prog.File.Base())
		return &errConstTooLarge{line: pos.Line, col: pos.Column}
	}
	return nil
}

// constVal is what goja's constant folding would make of an expression:
// not constant, a constant that is not a BigInt, or a BigInt (v).
type constVal struct {
	isConst bool
	v       *big.Int
}

type constChecker struct {
	memo     map[ast.Expression]constVal
	tooLarge ast.Expression
}

var astPkg = reflect.TypeOf(ast.Program{}).PkgPath()

// walk visits every expression of the tree (reflection: goja's ast has no
// visitor) and evaluates each one that is a unary or binary expression.
func (c *constChecker) walk(v reflect.Value) {
	if c.tooLarge != nil {
		return
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return
		}
		if e, ok := v.Interface().(ast.Expression); ok {
			switch e.(type) {
			case *ast.UnaryExpression, *ast.BinaryExpression:
				if cv := c.eval(e); cv.isConst || c.tooLarge != nil {
					return // a constant tree was evaluated whole
				}
			}
		}
		c.walk(v.Elem())
	case reflect.Struct:
		if v.Type().PkgPath() != astPkg {
			return // file.File, unistring…: no expressions inside
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				c.walk(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			c.walk(v.Index(i))
		}
	}
}

// eval folds e the way goja would, refusing BigInt results over the cap
// before computing them.
func (c *constChecker) eval(e ast.Expression) constVal {
	if cv, ok := c.memo[e]; ok {
		return cv
	}
	cv := c.eval1(e)
	c.memo[e] = cv
	return cv
}

var other = constVal{isConst: true}

func (c *constChecker) eval1(e ast.Expression) constVal {
	if c.tooLarge != nil {
		return constVal{}
	}
	switch x := e.(type) {
	case *ast.NumberLiteral:
		if b, ok := x.Value.(*big.Int); ok {
			return constVal{isConst: true, v: b}
		}
		return other
	case *ast.StringLiteral, *ast.BooleanLiteral, *ast.NullLiteral:
		return other
	case *ast.UnaryExpression:
		a := c.eval(x.Operand)
		if !a.isConst || x.Postfix {
			return constVal{}
		}
		if a.v == nil {
			return other
		}
		switch x.Operator {
		case token.MINUS:
			return constVal{isConst: true, v: new(big.Int).Neg(a.v)}
		case token.BITWISE_NOT:
			return constVal{isConst: true, v: new(big.Int).Not(a.v)}
		}
		return other
	case *ast.BinaryExpression:
		l, r := c.eval(x.Left), c.eval(x.Right)
		if !l.isConst || !r.isConst {
			return constVal{}
		}
		switch x.Operator {
		case token.LOGICAL_OR, token.LOGICAL_AND, token.COALESCE:
			// One side is the value; the larger stands for either.
			switch {
			case l.v == nil:
				return r
			case r.v == nil || l.v.BitLen() >= r.v.BitLen():
				return l
			}
			return r
		}
		if l.v == nil || r.v == nil {
			return other // not both BigInt: a small value or a TypeError
		}
		v, ok := foldBig(x.Operator, l.v, r.v)
		if !ok {
			c.tooLarge = x
			return constVal{}
		}
		if v == nil {
			return other
		}
		return constVal{isConst: true, v: v}
	}
	return constVal{}
}

// foldBig computes a op b for BigInts if the result fits the cap (ok false
// if it would not). A nil result means the operation does not give a BigInt
// (a comparison, or an error goja throws instead, such as a zero divisor).
func foldBig(op token.Token, a, b *big.Int) (*big.Int, bool) {
	const limit = maxConstBigIntBits
	switch op {
	case token.PLUS:
		return new(big.Int).Add(a, b), true
	case token.MINUS:
		return new(big.Int).Sub(a, b), true
	case token.MULTIPLY:
		if a.BitLen()+b.BitLen() > limit {
			return nil, false
		}
		return new(big.Int).Mul(a, b), true
	case token.SLASH, token.REMAINDER:
		if b.Sign() == 0 {
			return nil, true
		}
		if op == token.SLASH {
			return new(big.Int).Quo(a, b), true
		}
		return new(big.Int).Rem(a, b), true
	case token.EXPONENT:
		if b.Sign() < 0 {
			return nil, true
		}
		if a.CmpAbs(big.NewInt(1)) <= 0 {
			if a.Sign() < 0 && b.Bit(0) == 0 {
				return big.NewInt(1), true
			}
			if b.Sign() == 0 {
				return big.NewInt(1), true
			}
			return new(big.Int).Set(a), true
		}
		if !b.IsInt64() || b.Int64() > limit || int64(a.BitLen())*b.Int64() > limit {
			return nil, false
		}
		return new(big.Int).Exp(a, b, nil), true
	case token.SHIFT_LEFT, token.SHIFT_RIGHT:
		n := new(big.Int).Set(b)
		if op == token.SHIFT_RIGHT {
			n.Neg(n) // a >> b is a << -b
		}
		if a.Sign() == 0 {
			return new(big.Int), true
		}
		if n.Sign() > 0 {
			if !n.IsInt64() || int64(a.BitLen())+n.Int64() > limit {
				return nil, false
			}
			return new(big.Int).Lsh(a, uint(n.Int64())), true
		}
		if !n.IsInt64() || -n.Int64() > limit {
			return nil, false // goja's behaviour with such counts is not worth modelling
		}
		return new(big.Int).Rsh(a, uint(-n.Int64())), true
	case token.AND:
		return new(big.Int).And(a, b), true
	case token.OR:
		return new(big.Int).Or(a, b), true
	case token.EXCLUSIVE_OR:
		return new(big.Int).Xor(a, b), true
	}
	return nil, true
}
