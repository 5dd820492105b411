// Handlers: what a mini-program exports (export default defineApp({...})).
// The host calls (globalThis.__soukApp.default ?? globalThis.__soukApp)[name];
// every handler may be async. The names the host runs are runtime.Handlers
// (runtime/engine.go): render, action, message, install, orderPaid,
// shipmentUpdated, refunded.

import type { JSONObject, JSONValue, View, ViewPatch } from "./view";
import type { OrderState, ShipmentItem, ShipmentStatus, UnixMicros } from "./host";

/** Who is calling, and nothing else from the host (runtime.EventContext). */
export interface Ctx {
  readonly installationId: string;
  readonly brandId: string;
  /** Present only if the shopper consented to share it with this app. */
  readonly shopperId?: string;
  /** BCP 47, e.g. "en-GB" (default "en"). */
  readonly locale: string;
}

/**
 * A shopper's message in their service conversation with this app
 * (chat.Message on the wire: snake_case fields, RFC 3339 times).
 */
export interface ChatMessage {
  id: string;
  conversation_id: string;
  /** Gap-free per conversation. */
  seq: number;
  sender_kind: "user" | "brand" | "app" | "system";
  sender_id: string;
  brand_org_id?: string;
  kind: "text" | "image" | "mini_program_card" | "order_card" | "system" | "transfer" | "red_packet";
  /** kind "text": {text}; "image": {key, content_type?, size?}; others: their own shape. */
  body: JSONObject;
  client_message_id?: string;
  created_at: string;
  edited_at?: string;
  recalled_at?: string;
}

/** messageText is a text message's text, or null for any other kind. */
export function messageText(msg: ChatMessage): string | null {
  const t = msg.body["text"];
  return msg.kind === "text" && typeof t === "string" ? t : null;
}

/** Who moved an order (commerce.Actor). */
export interface Actor {
  kind: "shopper" | "brand" | "app" | "system" | "carrier" | "admin";
  id?: string;
}

/**
 * One order transition (commerce.OrderEvent), delivered at least once:
 * dedupe on id. Amounts in detail are integer minor units; read the order
 * (orders.get) for decimal strings.
 */
export interface OrderEvent<E extends string = string, D = JSONObject> {
  /** The transition id. */
  id: string;
  orderId: string;
  shopperId: string;
  brandOrgId: string;
  appId?: string;
  installationId?: string;
  event: E;
  /** "" for a newly created order. */
  from: OrderState | "";
  to: OrderState;
  actor: Actor;
  reason?: string;
  at: UnixMicros;
  detail?: D;
}

/** The shopper paid: the order is paid, the money in escrow. */
export type OrderPaidEvent = OrderEvent<"orderPaid", { paymentRequestId: string }>;

/**
 * A shipment was created or a tracking event arrived (to is "shipped"; the
 * move to delivered comes as the order's own event).
 */
export type ShipmentUpdatedEvent = OrderEvent<
  "shipmentUpdated",
  { shipmentId: string; carrier: string; trackingNumber: string; status: ShipmentStatus; eventId: string; items: ShipmentItem[] }
>;

/**
 * Money went back to the shopper: all of it (to "refunded") or part (the
 * order returns to its state). refundAmount is this refund, refunded the
 * total so far, both decimal strings in the order's currency ("4.50").
 */
export type RefundedEvent = OrderEvent<"refunded", { refundRequestId: string; refundAmount: string; refunded: string }>;

type MaybePromise<T> = T | Promise<T>;

export interface App {
  /** Render a page ("home" by default); params come from the link or card that opened it. */
  render?(page: string, params: Record<string, JSONValue>, ctx: Ctx): MaybePromise<View>;
  /** A button, product card or form in a view was used (a form's args are {input name: value}); return a new view or a patch of the current one. */
  action?(name: string, args: JSONValue, ctx: Ctx): MaybePromise<View | ViewPatch>;
  /** A shopper's chat message to the app (answer with chat.send). */
  message?(msg: ChatMessage, ctx: Ctx): MaybePromise<void>;
  /** The app was installed by a brand. */
  install?(ctx: Ctx): MaybePromise<void>;
  orderPaid?(event: OrderPaidEvent, ctx: Ctx): MaybePromise<void>;
  shipmentUpdated?(event: ShipmentUpdatedEvent, ctx: Ctx): MaybePromise<void>;
  refunded?(event: RefundedEvent, ctx: Ctx): MaybePromise<void>;
}

/** defineApp only types the handlers; export its result as the module default. */
export function defineApp<T extends App>(app: T): T {
  return app;
}
