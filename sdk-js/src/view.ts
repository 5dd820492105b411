// Views: the server-driven UI a mini-program returns. The host validates
// every view (runtime/view.go) and renders it in its own shell; an app never
// ships HTML or JS to a shopper's browser. Keep these types in step with
// runtime/view.go.

/** Any JSON value: what crosses the sandbox boundary. */
export type JSONValue = null | boolean | number | string | JSONValue[] | JSONObject;
export interface JSONObject {
  [key: string]: JSONValue;
}

/** Every node may carry an id (1-64 of A-Z a-z 0-9 _ -), unique in its view; patches address nodes by id. */
interface Base {
  id?: string;
}

export interface TextNode extends Base {
  type: "text";
  /** At most 4000 bytes. */
  text: string;
  style?: "body" | "title" | "subtitle" | "caption" | "muted";
}

/**
 * src is one of: "https://…", "asset:<path under the bundle's assets/>",
 * "blob:<key>" (a host blob, e.g. a product image), or a small
 * "data:image/(png|jpeg|gif|webp);base64,…" (at most 8 KiB). Nothing else.
 */
export interface ImageNode extends Base {
  type: "image";
  src: string;
  alt?: string;
}

/** A tap runs the app's action(action, args). */
export interface ButtonNode extends Base {
  type: "button";
  label: string;
  /** Action name: a letter, then letters, digits, _ . : - (at most 64). */
  action: string;
  /** At most 2 KiB of JSON. */
  args?: JSONValue;
  style?: "primary" | "secondary" | "danger";
  disabled?: boolean;
}

export interface ListNode extends Base {
  type: "list";
  children: ViewNode[];
}

export interface CardNode extends Base {
  type: "card";
  title?: string;
  subtitle?: string;
  children?: ViewNode[];
}

/** The host fills title, image and price from the catalog; an app cannot set a price. */
export interface ProductCardNode extends Base {
  type: "productCard";
  productId: string;
  action?: string;
  args?: JSONValue;
}

/** Submitting runs action(action, {field name: value, …}). Forms do not nest; inputs live only inside forms. */
export interface FormNode extends Base {
  type: "form";
  action: string;
  submitLabel?: string;
  children: ViewNode[];
}

export interface TextInputNode extends Base {
  type: "textInput";
  name: string;
  label?: string;
  placeholder?: string;
  value?: string;
  required?: boolean;
  maxLength?: number;
  multiline?: boolean;
}

export interface NumberInputNode extends Base {
  type: "numberInput";
  name: string;
  label?: string;
  value?: number;
  min?: number;
  max?: number;
  step?: number;
}

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectNode extends Base {
  type: "select";
  name: string;
  label?: string;
  /** 1 to 100 options. */
  options: SelectOption[];
  value?: string;
}

export interface CheckboxNode extends Base {
  type: "checkbox";
  name: string;
  label?: string;
  checked?: boolean;
}

/** The host renders the order's live status and tracking. */
export interface OrderStatusNode extends Base {
  type: "orderStatus";
  orderId: string;
}

export interface DividerNode extends Base {
  type: "divider";
}

export interface ContainerNode extends Base {
  type: "stack" | "row" | "column";
  children: ViewNode[];
  gap?: "none" | "small" | "medium" | "large";
}

export type ViewNode =
  | TextNode
  | ImageNode
  | ButtonNode
  | ListNode
  | CardNode
  | ProductCardNode
  | FormNode
  | TextInputNode
  | NumberInputNode
  | SelectNode
  | CheckboxNode
  | OrderStatusNode
  | DividerNode
  | ContainerNode;

/**
 * A view is its root node. Limits (host defaults): depth 16, 500 nodes,
 * 64 KiB of JSON (an app may ask for up to 256 KiB in souk.json limits.viewBytes).
 */
export type View = ViewNode;

/** One edit to the view the shopper is looking at, addressed by node id. */
export type PatchOp =
  | { op: "replace"; id: string; node: ViewNode }
  | { op: "remove"; id: string }
  | { op: "append"; id: string; node: ViewNode };

/** What action may return instead of a whole view; the host applies it and validates the result. */
export interface ViewPatch {
  patch: PatchOp[];
}

// Builders drop undefined fields so views stay minimal JSON. An index loop
// over Object.keys, not for-of over Object.entries: every app calls this
// for every node, and in the sandbox's interpreter the iterator protocol
// (and destructuring each [k, v] pair through it) costs several times more.
function node<T extends ViewNode>(n: T): T {
  const out: Record<string, unknown> = {};
  const src = n as unknown as Record<string, unknown>;
  const keys = Object.keys(src);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = src[k];
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}

type Opts<T extends ViewNode, K extends keyof T> = Omit<T, "type" | K>;

/** View builders: ui.text("hi"), ui.button("Buy", "buy", {sku: "a1"}) … */
export const ui = {
  text: (text: string, o: Opts<TextNode, "text"> = {}): TextNode => node({ type: "text", text, ...o }),
  image: (src: string, o: Opts<ImageNode, "src"> = {}): ImageNode => node({ type: "image", src, ...o }),
  button: (label: string, action: string, args?: JSONValue, o: Opts<ButtonNode, "label" | "action" | "args"> = {}): ButtonNode =>
    node({ type: "button", label, action, args, ...o }),
  list: (children: ViewNode[], o: Opts<ListNode, "children"> = {}): ListNode => node({ type: "list", children, ...o }),
  card: (o: Opts<CardNode, "children">, children?: ViewNode[]): CardNode => node({ type: "card", ...o, children }),
  productCard: (productId: string, o: Opts<ProductCardNode, "productId"> = {}): ProductCardNode =>
    node({ type: "productCard", productId, ...o }),
  form: (action: string, children: ViewNode[], o: Opts<FormNode, "action" | "children"> = {}): FormNode =>
    node({ type: "form", action, children, ...o }),
  textInput: (name: string, o: Opts<TextInputNode, "name"> = {}): TextInputNode => node({ type: "textInput", name, ...o }),
  numberInput: (name: string, o: Opts<NumberInputNode, "name"> = {}): NumberInputNode => node({ type: "numberInput", name, ...o }),
  select: (name: string, options: SelectOption[], o: Opts<SelectNode, "name" | "options"> = {}): SelectNode =>
    node({ type: "select", name, options, ...o }),
  checkbox: (name: string, o: Opts<CheckboxNode, "name"> = {}): CheckboxNode => node({ type: "checkbox", name, ...o }),
  orderStatus: (orderId: string, o: Opts<OrderStatusNode, "orderId"> = {}): OrderStatusNode =>
    node({ type: "orderStatus", orderId, ...o }),
  divider: (o: Opts<DividerNode, never> = {}): DividerNode => node({ type: "divider", ...o }),
  stack: (children: ViewNode[], o: Omit<ContainerNode, "type" | "children"> = {}): ContainerNode =>
    node({ type: "stack", children, ...o }),
  row: (children: ViewNode[], o: Omit<ContainerNode, "type" | "children"> = {}): ContainerNode =>
    node({ type: "row", children, ...o }),
  column: (children: ViewNode[], o: Omit<ContainerNode, "type" | "children"> = {}): ContainerNode =>
    node({ type: "column", children, ...o }),
};

/** Patch builders: return patch.of(patch.replace("cart", ui.text("2 items"))) from action. */
export const patch = {
  replace: (id: string, node: ViewNode): PatchOp => ({ op: "replace", id, node }),
  remove: (id: string): PatchOp => ({ op: "remove", id }),
  append: (id: string, node: ViewNode): PatchOp => ({ op: "append", id, node }),
  of: (...ops: PatchOp[]): ViewPatch => ({ patch: ops }),
};
