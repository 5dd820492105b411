// souk.ts: the one script souk writes for its pages (htmx does the rest).
// It keeps the realtime chat socket (docs/CHAT_PROTOCOL.md): resume with the
// last seq per conversation, drop anything already seen, reconnect with
// backoff, and announce every frame to the page as a DOM event, so
// server-rendered fragments can refresh with hx-trigger="chat-message from:body".
// Bundled by `go generate ./web/site` (esbuild's Go API) into
// web/site/assets/souk.js; never edit that file by hand.

// Field names are snake_case and times RFC 3339 strings, as in the REST API.
type Frame = {
  type: string;
  conversation_id?: string;
  seq?: number;
  user_id?: string;
  at?: string;
  message?: unknown;
  code?: string;
  error?: string;
};

type State = "connecting" | "catching-up" | "live" | "offline";

declare const htmx:
  | { trigger(el: Element, name: string, detail?: unknown): void; process(el: Element): void }
  | undefined;

export class ChatSocket {
  private ws: WebSocket | null = null;
  private backoff = 1000;
  private stopped = false;
  private timer = 0;
  /** Live rooms to watch on every connection (a live room page sets one). */
  readonly rooms: string[] = [];

  constructor(
    private readonly url: string,
    private readonly cursors: Record<string, number>,
    private readonly onFrame: (f: Frame) => void,
    private readonly onState: (s: State) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
    this.ws?.close(1000);
  }

  /** Cut the connection as a network would; it reconnects and resumes. */
  drop(): void {
    this.ws?.close(4000, "dropped");
  }

  cursor(conversationId: string): number {
    return this.cursors[conversationId] ?? 0;
  }

  typing(conversationId: string): void {
    this.send({ type: "typing", conversation_id: conversationId });
  }

  read(conversationId: string, seq: number): void {
    this.send({ type: "read", conversation_id: conversationId, seq });
  }

  private send(f: object): void {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(f));
  }

  private connect(): void {
    this.onState("connecting");
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.addEventListener("open", () => {
      this.onState("catching-up");
      ws.send(JSON.stringify({ type: "resume", cursors: this.cursors }));
      // Room frames are not replayed: the page re-reads the room on "ready".
      for (const room of this.rooms) ws.send(JSON.stringify({ type: "watch", room_id: room }));
    });
    ws.addEventListener("message", (e: MessageEvent) => {
      let f: Frame;
      try {
        f = JSON.parse(String(e.data)) as Frame;
      } catch {
        return;
      }
      if (f.type === "message" && f.conversation_id && f.seq) {
        // The server never repeats a seq on one socket; across reconnects the
        // cursor makes sure of it here too.
        if (f.seq <= this.cursor(f.conversation_id)) return;
        this.cursors[f.conversation_id] = f.seq;
      }
      if (f.type === "ready") {
        this.backoff = 1000;
        this.onState("live");
      }
      this.onFrame(f);
    });
    ws.addEventListener("close", () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.onState("offline");
      if (this.stopped) return;
      const wait = this.backoff * (0.5 + Math.random() / 2);
      this.backoff = Math.min(this.backoff * 2, 30000);
      this.timer = window.setTimeout(() => this.connect(), wait);
    });
  }
}

/**
 * ConversationView keeps an open conversation's message list current: when
 * the socket announces a message, edit or recall, it fetches the
 * server-rendered messages after the last one shown and inserts those not
 * yet on the page (by their seq), one fetch at a time.
 */
class ConversationView {
  private busy = false;
  private again = false;
  private againAfter = Number.MAX_SAFE_INTEGER;
  private typingTimer = 0;
  private lastTyping = 0;
  readonly id: string;
  private readonly me: string;
  private readonly names: Record<string, string>;

  constructor(
    private readonly list: HTMLElement,
    private readonly chat: ChatSocket,
  ) {
    this.id = list.dataset.conversationId || "";
    this.me = list.dataset.me || "";
    try {
      this.names = JSON.parse(list.dataset.names || "{}") as Record<string, string>;
    } catch {
      this.names = {};
    }
    this.scrollToEnd();
    // Scrolling near the top loads the page before (the server renders it).
    // One older page is in flight at a time: the flag is the page's, not the
    // button's, because a button htmx has not processed yet ignores the
    // trigger, and a flag left on it would stop paging for good.
    const scroller = list.closest(".messages-scroll");
    let loadingOlder = false;
    const isOlder = (e: Event) => {
      const elt = (e as CustomEvent<{ elt?: Element }>).detail?.elt;
      return !!elt && elt.classList.contains("load-older");
    };
    document.addEventListener("htmx:beforeRequest", (e) => {
      if (isOlder(e)) loadingOlder = true;
    });
    document.addEventListener("htmx:afterRequest", (e) => {
      // A failed page (a dropped connection, a busy server) may be asked for again.
      if (isOlder(e) && !(e as CustomEvent<{ successful: boolean }>).detail.successful) loadingOlder = false;
    });
    document.addEventListener("htmx:afterSettle", () => {
      loadingOlder = false;
    });
    scroller?.addEventListener("scroll", () => {
      if (scroller.scrollTop > 40 || loadingOlder) return;
      const older = scroller.querySelector<HTMLElement>(".load-older");
      if (older && typeof htmx !== "undefined") htmx.trigger(older, "click");
    });
  }

  last(): number {
    return Number(this.list.dataset.lastSeq || "0");
  }

  onFrame(f: Frame): void {
    if (f.conversation_id !== this.id) return;
    if (f.type === "message") this.refresh(this.last());
    else if ((f.type === "edit" || f.type === "recall") && f.seq) this.refresh(f.seq - 1);
    else if (f.type === "typing" && f.user_id) this.showTyping(this.names[f.user_id] || "…");
    // Someone else read up to seq: the server renders the read markers of
    // the messages before it again (the newest page's worth).
    else if (f.type === "read" && f.seq && f.user_id && f.user_id !== this.me) this.refresh(Math.max(f.seq - 50, 0));
    else if (f.type === "ready") this.refresh(this.last());
  }

  refresh(after: number): void {
    if (this.busy) {
      // Asked again while a fetch runs: fetch from the lowest seq asked for
      // once it is done (a read marker re-renders older messages).
      this.again = true;
      this.againAfter = Math.min(this.againAfter, after);
      return;
    }
    this.busy = true;
    fetch(`/chats/${encodeURIComponent(this.id)}/messages?after=${after}`, {
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
    })
      .then((r) => (r.ok ? r.text() : ""))
      .then((html) => this.insert(html))
      .catch(() => undefined)
      .finally(() => {
        this.busy = false;
        if (this.again) {
          const from = Math.min(this.againAfter, this.last());
          this.again = false;
          this.againAfter = Number.MAX_SAFE_INTEGER;
          this.refresh(from);
        }
      });
  }

  /** markRead moves the reader's marker to the last message shown. */
  markRead(): void {
    if (document.visibilityState === "visible" && this.last() > 0) this.chat.read(this.id, this.last());
  }

  private insert(html: string): void {
    if (!html) {
      // Nothing new (the page opened, or the socket resumed): what is shown
      // has been seen.
      this.markRead();
      return;
    }
    const scroller = this.list.closest(".messages-scroll");
    const nearEnd = !scroller || scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
    const t = document.createElement("template");
    t.innerHTML = html;
    let last = this.last();
    for (const li of Array.from(t.content.querySelectorAll<HTMLElement>("li[data-seq]"))) {
      const seq = Number(li.dataset.seq);
      const old = document.getElementById(li.id);
      if (old) old.replaceWith(li);
      else if (seq > last) this.list.appendChild(li);
      else continue;
      if (typeof htmx !== "undefined") htmx.process(li);
      last = Math.max(last, seq);
    }
    this.list.dataset.lastSeq = String(last);
    if (nearEnd) this.scrollToEnd();
    this.markRead();
  }

  private scrollToEnd(): void {
    const scroller = this.list.closest(".messages-scroll");
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  }

  private showTyping(name: string): void {
    const el = document.querySelector<HTMLElement>("[data-typing]");
    if (!el) return;
    el.textContent = (el.dataset.typingText || "%s …").replace("%s", name);
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => {
      el.textContent = "";
    }, 4000);
  }

  /** typed tells the others, at most every 2 s. */
  typed(): void {
    const now = Date.now();
    if (now - this.lastTyping < 2000) return;
    this.lastTyping = now;
    this.chat.typing(this.id);
  }
}

function socketURL(path: string): string {
  const u = new URL(path, window.location.href);
  u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
  return u.toString();
}

function boot(): void {
  const body = document.body;
  const path = body.dataset.chatSocket;
  if (!path) return;
  let cursors: Record<string, number> = {};
  try {
    cursors = JSON.parse(body.dataset.chatCursors || "{}") as Record<string, number>;
  } catch {
    cursors = {};
  }
  let view: ConversationView | null = null;
  const chat = new ChatSocket(
    socketURL(path),
    cursors,
    (f) => {
      view?.onFrame(f);
      document.dispatchEvent(new CustomEvent("souk:chat", { detail: f }));
      if (typeof htmx !== "undefined") htmx.trigger(body, "chat-" + f.type, f);
    },
    (s) => {
      body.dataset.chatState = s;
    },
  );
  // A live room page (data-live-room on body) watches its room: its
  // fragments refresh on chat-live_* events.
  if (body.dataset.liveRoom) chat.rooms.push(body.dataset.liveRoom);
  const list = document.querySelector<HTMLElement>("[data-messages][data-conversation-id]");
  if (list) {
    view = new ConversationView(list, chat);
    const v = view;
    document.addEventListener("visibilitychange", () => v.markRead());
    document.addEventListener("input", (e) => {
      if ((e.target as Element).closest("[data-composer]")) v.typed();
    });
    // A sent message comes back over the socket; fetch it now as well, in
    // case the socket is between connections.
    document.body.addEventListener("htmx:afterRequest", (e) => {
      const elt = (e as CustomEvent<{ elt?: Element }>).detail?.elt;
      if (elt && elt.matches("[data-composer]")) {
        v.refresh(v.last());
        window.setTimeout(() => document.querySelector<HTMLInputElement>("[data-composer] input[name=text]")?.focus(), 50);
      }
    });
  }
  (window as unknown as { soukChat: ChatSocket }).soukChat = chat;
  chat.start();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
