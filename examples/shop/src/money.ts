// Display-only arithmetic on the host's decimal strings ("12.50"): the
// estimated cart total. Exact: amounts become integers of the smallest unit
// the strings show, never binary fractions. The order's real total is
// computed by the host at checkout.

interface Minor {
  n: number;
  scale: number;
}

function parse(d: string): Minor {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(d);
  if (!m) throw new Error(`not a decimal: ${d}`);
  const frac = m[3] ?? "";
  const n = Number((m[2] ?? "0") + frac);
  if (!Number.isSafeInteger(n)) throw new Error(`amount out of range: ${d}`);
  return { n: m[1] === "-" ? -n : n, scale: frac.length };
}

function rescale(a: Minor, scale: number): number {
  return a.n * 10 ** (scale - a.scale);
}

function format(n: number, scale: number): string {
  const neg = n < 0;
  let s = String(Math.abs(n));
  if (scale > 0) {
    s = s.padStart(scale + 1, "0");
    s = `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  }
  return neg ? `-${s}` : s;
}

/** total is Σ price × qty, at the largest scale among the prices. */
export function total(items: { price: string; qty: number }[]): string {
  const parsed = items.map((it) => ({ m: parse(it.price), qty: it.qty }));
  const scale = parsed.reduce((s, p) => Math.max(s, p.m.scale), 0);
  let sum = 0;
  for (const p of parsed) sum += rescale(p.m, scale) * p.qty;
  if (!Number.isSafeInteger(sum)) throw new Error("cart total out of range");
  return format(sum, scale);
}
