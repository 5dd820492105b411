// Host APIs. In the sandbox the only way out is the frozen global
// souk.call(name, args): Promise<unknown>; every API here is a typed wrapper
// around it. Each needs its permission in souk.json ("storage", "log", …);
// a call without it rejects. Arguments and results are JSON copies.

import type { JSONValue, View } from "./view";

/** The one global the sandbox provides (besides console). */
export interface SoukHost {
  call(name: string, args: unknown): Promise<unknown>;
}

declare global {
  // The sandbox's console; output is captured per app, rate-limited.
  interface Console {
    log(...args: unknown[]): void;
    info(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    error(...args: unknown[]): void;
    debug(...args: unknown[]): void;
  }
  var console: Console;
}

/** call sends one host call; resolved lazily so the SDK can be imported anywhere. */
export function call<T>(name: string, args: unknown): Promise<T> {
  const host = (globalThis as unknown as { souk?: SoukHost }).souk;
  if (!host) {
    return Promise.reject(new Error(`souk host is not available: ${name} can only run inside souk`));
  }
  return host.call(name, args) as Promise<T>;
}


/**
 * A host call that was refused rejects with an Error carrying the host's
 * code: "permission_denied", "invalid_args", "not_found", "quota_exceeded",
 * "host_call_limit", "unknown_api", or a domain code such as
 * "insufficient_stock", "illegal_transition", "refund_not_allowed",
 * "exceeds_ordered", "outside_window".
 */
export interface HostError extends Error {
  code: string;
}

/** isHostError tells a host refusal (optionally with this code) from other errors. */
export function isHostError(e: unknown, code?: string): e is HostError {
  return (
    typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string" &&
    (code === undefined || (e as HostError).code === code)
  );
}

/**
 * Money on the wire is a decimal string in the currency's major unit
 * ("12.50" with currency "EUR"); the currency is on the product or order.
 * Never parse it into a float: the host does all money arithmetic.
 */
export type Decimal = string;

/** Times are Unix microseconds (integers), as the host stores them. */
export type UnixMicros = number;

// ---- storage (permission "storage"): per-installation key-value.
// Keys 1-256 bytes; a value at most 64 KiB of JSON; per installation at most
// 1000 keys and 1 MiB in all (quota_exceeded past that).

export const storage = {
  /** The value stored under key, or null. */
  get: <T extends JSONValue = JSONValue>(key: string): Promise<T | null> => call<T | null>("storage.get", { key }),
  set: (key: string, value: JSONValue): Promise<null> => call<null>("storage.set", { key, value }),
  /** Resolves true if the key existed. */
  delete: (key: string): Promise<boolean> => call<boolean>("storage.delete", { key }),
  /** Keys in lexical order; limit 1-100 (default 20); pass cursor back for the next page. */
  list: (opts: { prefix?: string; cursor?: string; limit?: number } = {}): Promise<{ keys: string[]; cursor?: string }> =>
    call("storage.list", opts),
};

// ---- log (permission "log"): structured logs the developer sees with receipts.

function logAt(level: "debug" | "info" | "warn" | "error") {
  return (message: string, fields?: Record<string, JSONValue>): void => {
    // Fire and forget: a dropped log line (rate limit) must not fail the event.
    call<null>(`log.${level}`, fields ? { message, fields } : { message }).catch(() => {});
  };
}

export const log = {
  debug: logAt("debug"),
  info: logAt("info"),
  warn: logAt("warn"),
  error: logAt("error"),
};

// ---- catalog (permission "catalog"): the installing brand's active products (commerce/hostapi_commerce.go).

/** A SKU as apps see it: only active SKUs are listed. */
export interface SKU {
  id: string;
  /** e.g. {"size": "M", "colour": "red"}. */
  options: Record<string, string>;
  /** In the product's currency; set by the brand, never by an app. */
  price: Decimal;
  /** Units that can be ordered now (on hand minus reserved). */
  available: number;
}

export interface Product {
  id: string;
  title: string;
  description: string;
  /** ISO 4217, e.g. "EUR". */
  currency: string;
  /** URLs on the host (/api/v1/catalog/images/…); show them with a productCard, which the host fills. */
  images: string[];
  skus: SKU[];
}

export const catalog = {
  /** Products in id order; limit 1-100 (default 20); pass next back as after for the next page. */
  list: (opts: { after?: string; limit?: number } = {}): Promise<{ products: Product[]; next?: string }> =>
    call("catalog.list", opts),
  /** Rejects with code "not_found" for an unknown, inactive or other brand's product. */
  get: (productId: string): Promise<Product> => call("catalog.get", { productId }),
};

// ---- orders (permission "orders"): the event's shopper's orders with this brand.

export type OrderState =
  | "pending_payment"
  | "paid"
  | "shipped"
  | "delivered"
  | "completed"
  | "cancelled"
  | "refund_requested"
  | "refunded"
  | "disputed"
  | "resolved";

export interface OrderLine {
  skuId: string;
  productId: string;
  title: string;
  options: Record<string, string>;
  qty: number;
  /** Computed by the host from the catalog at order time. */
  unitPrice: Decimal;
  lineTotal: Decimal;
}

export interface Order {
  id: string;
  state: OrderState;
  currency: string;
  /** What the shopper pays: subtotal - discount. Computed by the host; never trusted from the app. */
  total: Decimal;
  /** The line totals. */
  subtotal: Decimal;
  /** The coupon the shopper applied on the host's checkout takes this off ("0.00" without one). */
  discount: Decimal;
  /** How much has been refunded so far ("0.00" if nothing). */
  refunded: Decimal;
  lines: OrderLine[];
  /** Set once payments.request was called. */
  paymentRequestId?: string;
  createdAt: UnixMicros;
  /** The order is cancelled (stock released) if not paid by then. */
  payBy: UnixMicros;
}

/** One line to order: a SKU and a quantity. There is no price field: the host prices it. */
export interface OrderLineInput {
  skuId: string;
  qty: number;
}

export const orders = {
  /**
   * Creates a pending_payment order for the event's shopper, reserving stock
   * (all lines or none: "insufficient_stock"). Any field besides lines and
   * skuId/qty is refused with "invalid_args".
   */
  create: (req: { lines: OrderLineInput[] }): Promise<Order> => call("orders.create", req),
  get: (orderId: string): Promise<Order> => call("orders.get", { orderId }),
  /** Newest first; before is a createdAt to page from; limit 1-100 (default 20). */
  list: (opts: { state?: OrderState; before?: UnixMicros; limit?: number } = {}): Promise<{ orders: Order[] }> =>
    call("orders.list", opts),
  /**
   * The event's shopper asks the brand for amount (a positive decimal string
   * in the order's currency) of a paid order back, within the brand's refund
   * policy ("refund_not_allowed" beyond it). Nothing moves yet: the order
   * becomes refund_requested and the brand's staff approve (the app hears
   * "refunded") or decline it. No host API moves money out of escrow: an
   * app asks, the brand decides. Resolves with the order.
   */
  requestRefund: (req: { orderId: string; amount: Decimal; reason: string }): Promise<Order> => call("orders.requestRefund", req),
};

// ---- payments (permission "payments").

export interface PaymentRequest {
  requestId: string;
  orderId: string;
  currency: string;
  amount: Decimal;
  /** "created" waits for the shopper's PIN on the host's payment sheet. */
  status: "created" | "paid" | "settled" | "refunded" | "canceled" | "expired";
  expiresAt: UnixMicros;
}

export const payments = {
  /**
   * Asks the shopper to pay a pending_payment order (calling it again returns
   * the same request). The host shows its own payment sheet; only the
   * shopper confirms, with their PIN. The app learns of it in orderPaid.
   */
  request: (orderId: string): Promise<PaymentRequest> => call("payments.request", { orderId }),
  /**
   * A single-use payment code of the installing brand for amount (a positive
   * decimal string in currency), expiring after ttlSeconds (60..86400,
   * default 900). The shopper scans or opens path and pays on the host's
   * sheet with their PIN; the money goes straight to the brand. Paid once:
   * a second payer is refused.
   */
  createCode: (req: { amount: Decimal; currency: string; note?: string; ttlSeconds?: number }): Promise<PaymentCode> =>
    call("payments.createCode", req),
};

export interface PaymentCode {
  id: string;
  /** /pay/{id} on the host. */
  path: string;
  /** The QR code of path, as PNG. */
  qrPng: string;
  currency: string;
  amount: Decimal;
  status: "active" | "paid" | "disabled";
  expiresAt: UnixMicros;
}

// ---- links (permission "links"): short links and QR codes to this app's pages.

export interface Link {
  code: string;
  /** /l/{code} on the host: prefix the host's origin to share it. */
  path: string;
  /** The QR code, as PNG and as SVG (URLs on the host). */
  qrPng: string;
  qrSvg: string;
  page: string;
  /** The params as a query string, passed to render(page, params) when the link is opened. */
  scene: string;
  /** "disabled" when the brand turned the link off. */
  status: "active" | "disabled";
}

export const links = {
  /**
   * A short link (and QR code) that opens page of this app, for this
   * installation only, with params (short words: letters, digits, _.~-; at
   * most 128 bytes in all). The same page and params return the same link;
   * each installation has a quota of links ("quota_exceeded"). A link can
   * never be changed to open anything else.
   */
  create: (page: string, params?: Record<string, string>): Promise<Link> => call("links.create", params ? { page, params } : { page }),
};

// ---- coupons (permission "coupons"): the installing brand's coupons. Apps
// hand them out; the host applies them at checkout and computes the discount.

export interface Coupon {
  id: string;
  name: string;
  kind: "amount" | "percent";
  currency: string;
  amountOff?: Decimal;
  /** "15.00" for 15 %. */
  percentOff?: Decimal;
  /** The most a percent coupon takes off. */
  maxOff?: Decimal;
  minSpend: Decimal;
  startsAt: UnixMicros;
  endsAt: UnixMicros;
  /** How many of the batch can still be claimed. */
  left: number;
}

export interface CouponClaim {
  id: string;
  status: "available" | "used";
  coupon: Coupon;
}

export const coupons = {
  /** The brand's coupons that can be claimed now. */
  list: (): Promise<{ coupons: Coupon[] }> => call("coupons.list", {}),
  /**
   * Claims one for the event's shopper: "coupon_sold_out",
   * "coupon_limit_reached" (per shopper) or "coupon_not_valid" (disabled,
   * not started or ended) otherwise.
   */
  claim: (couponId: string): Promise<CouponClaim> => call("coupons.claim", { couponId }),
  /** The event's shopper's coupons with this brand. */
  mine: (): Promise<{ claims: CouponClaim[] }> => call("coupons.mine", {}),
};

// ---- logistics (permission "logistics").

export type ShipmentStatus = "label_created" | "in_transit" | "out_for_delivery" | "delivered" | "exception";

/** Units of one order line (lineNo is 1-based, in the order's line order). */
export interface ShipmentItem {
  lineNo: number;
  qty: number;
}

export interface TrackingEvent {
  eventId: string;
  status: ShipmentStatus;
  description?: string;
  location?: string;
  /** The carrier's clock. */
  occurredAt: UnixMicros;
  receivedAt: UnixMicros;
}

export interface Shipment {
  id: string;
  orderId: string;
  brandId: string;
  carrier: string;
  trackingNumber: string;
  status: ShipmentStatus;
  items: ShipmentItem[];
  events: TrackingEvent[];
  createdAt: UnixMicros;
  updatedAt: UnixMicros;
  deliveredAt?: UnixMicros;
}

export const logistics = {
  /**
   * Ships a paid (or partly shipped) order of the installing brand. carrier
   * "simcarrier" is the host's simulated carrier (it advances the shipment by
   * itself and assigns a tracking number if none is given); without items,
   * everything not yet shipped.
   */
  ship: (req: { orderId: string; carrier: string; trackingNumber?: string; items?: ShipmentItem[] }): Promise<Shipment> =>
    call("logistics.ship", req),
  /** The event's shopper's order state and its shipments with their tracking events. */
  track: (orderId: string): Promise<{ orderId: string; state: OrderState; shipments: Shipment[] }> =>
    call("logistics.track", { orderId }),
};

// ---- reviews (permission "reviews"): read only; apps never write reviews.

export interface Review {
  id: string;
  productId: string;
  skuId: string;
  rating: 1 | 2 | 3 | 4 | 5;
  body: string;
  /** URLs on the host (/api/v1/reviews/{id}/photos/{i}). */
  photos: string[];
  /** The brand's one reply (by is not disclosed: always ""). */
  reply?: { body: string; by: string; at: UnixMicros };
  createdAt: UnixMicros;
}

export interface RatingSummary {
  productId: string;
  count: number;
  /** Mean rating with two places ("4.67"); absent when there are no reviews. */
  mean?: string;
  /** Reviews per rating. */
  distribution: Record<"1" | "2" | "3" | "4" | "5", number>;
}

export const reviews = {
  /** Visible reviews of one of the brand's products, newest first; pass next back as before. */
  list: (opts: { productId: string; rating?: 1 | 2 | 3 | 4 | 5; before?: string; limit?: number }): Promise<{
    reviews: Review[];
    next?: string;
  }> => call("reviews.list", opts),
  summary: (productId: string): Promise<RatingSummary> => call("reviews.summary", { productId }),
};

// ---- chat (permission "chat"): to the event's shopper, in their service conversation with this app.

/** A mini-program card: a view shown in the chat that opens page (with params) of this app. */
export interface ChatCard {
  title?: string;
  view: View;
  page?: string;
  params?: JSONValue;
}

export const chat = {
  /**
   * Sends text or a card (exactly one). Allowed only within a window after
   * the shopper's last message or an order event, a few messages per window
   * ("outside_window", "quota_exceeded"), at most 10 per event.
   * clientMessageId makes a retry the same message.
   */
  send: (msg: { text: string; clientMessageId?: string } | { card: ChatCard; clientMessageId?: string }): Promise<{
    messageId: string;
    seq: number;
  }> => call("chat.send", msg),
};
