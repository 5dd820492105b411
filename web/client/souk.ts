// souk.ts: the one script souk writes for its pages (htmx does the rest).
// It keeps the realtime chat socket (docs/CHAT_PROTOCOL.md): resume with the
// last seq per conversation, drop anything already seen, reconnect with
// backoff, and announce every frame to the page as a DOM event, so
// server-rendered fragments can refresh with hx-trigger="chat-message from:body".
// Bundled by `go generate ./web/site` (esbuild's Go API) into
// web/site/assets/souk.js; never edit that file by hand.

type Frame = {
  type: string;
  conversationId?: string;
  seq?: number;
  userId?: string;
  at?: number;
  message?: unknown;
  code?: string;
  error?: string;
};

type State = "connecting" | "catching-up" | "live" | "offline";

declare const htmx: { trigger(el: Element, name: string, detail?: unknown): void } | undefined;

export class ChatSocket {
  private ws: WebSocket | null = null;
  private backoff = 1000;
  private stopped = false;
  private timer = 0;

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
    this.send({ type: "typing", conversationId });
  }

  read(conversationId: string, seq: number): void {
    this.send({ type: "read", conversationId, seq });
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
    });
    ws.addEventListener("message", (e: MessageEvent) => {
      let f: Frame;
      try {
        f = JSON.parse(String(e.data)) as Frame;
      } catch {
        return;
      }
      if (f.type === "message" && f.conversationId && f.seq) {
        // The server never repeats a seq on one socket; across reconnects the
        // cursor makes sure of it here too.
        if (f.seq <= this.cursor(f.conversationId)) return;
        this.cursors[f.conversationId] = f.seq;
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
  const chat = new ChatSocket(
    socketURL(path),
    cursors,
    (f) => {
      document.dispatchEvent(new CustomEvent("souk:chat", { detail: f }));
      if (typeof htmx !== "undefined") htmx.trigger(body, "chat-" + f.type, f);
    },
    (s) => {
      body.dataset.chatState = s;
    },
  );
  (window as unknown as { soukChat: ChatSocket }).soukChat = chat;
  chat.start();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
