/**
 * The little of Telegram's Mini App script (telegram-web-app.js) the panel needs, written here
 * because the page loads nothing from other origins (docs/panel.md#telegram-without-its-script).
 * The Telegram client opens the page with `#tgWebAppData=<initData>&tgWebAppThemeParams=<json>…`
 * in the URL; we read that once, keep it in sessionStorage (a reload inside Telegram keeps
 * working, as with Telegram's script) and remove it from the address bar.
 */

export interface ThemeParams {
  [key: string]: string | undefined;
}

interface Launch {
  initData?: string;
  theme?: ThemeParams;
}

const STORE = "pantau-panel-launch";
/** Origins of Telegram's web clients, which frame the page and talk to it by postMessage. */
const WEB_CLIENTS = ["https://web.telegram.org", "https://webk.telegram.org", "https://webz.telegram.org"];

function fromHash(hash: string): Launch | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const initData = params.get("tgWebAppData") ?? undefined;
  if (!initData) return undefined;
  let theme: ThemeParams | undefined;
  try {
    theme = JSON.parse(params.get("tgWebAppThemeParams") ?? "null") ?? undefined;
  } catch {
    theme = undefined;
  }
  return { initData, theme };
}

export function readLaunch(): Launch {
  const fresh = fromHash(location.hash);
  if (fresh) {
    try {
      sessionStorage.setItem(STORE, JSON.stringify(fresh));
    } catch {
      // storage disabled: this page view still works
    }
    history.replaceState(null, "", location.pathname + location.search);
    return fresh;
  }
  try {
    return (JSON.parse(sessionStorage.getItem(STORE) ?? "null") as Launch | null) ?? {};
  } catch {
    return {};
  }
}

/** Telegram's theme as CSS variables (--tg-theme-bg-color …), used by style.css. */
export function applyTheme(theme: ThemeParams | undefined): void {
  if (!theme) return;
  const root = document.documentElement;
  for (const [k, v] of Object.entries(theme)) {
    if (typeof v === "string" && /^#[0-9a-f]{3,8}$/i.test(v)) root.style.setProperty(`--tg-theme-${k.replace(/_/g, "-")}`, v);
  }
  const bg = theme.bg_color;
  if (bg && /^#[0-9a-f]{6}$/i.test(bg)) {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(bg.slice(i, i + 2), 16));
    root.dataset.scheme = 0.299 * r! + 0.587 * g! + 0.114 * b! < 128 ? "dark" : "light";
  }
}

type Proxy = { postEvent?: (type: string, data: string) => void };

/** An event to the Telegram client: native apps expose a proxy, web clients listen to postMessage. */
export function postEvent(type: string, data: Record<string, unknown> = {}): void {
  const proxy = (window as unknown as { TelegramWebviewProxy?: Proxy }).TelegramWebviewProxy;
  if (proxy?.postEvent) return proxy.postEvent(type, JSON.stringify(data));
  if (window.parent !== window) {
    for (const origin of WEB_CLIENTS) window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data }), origin);
  }
}

/** Theme changes while open: native apps call Telegram.WebView.receiveEvent, web clients post a message. */
export function onThemeChange(apply: (theme: ThemeParams) => void): void {
  const receive = (type: string, data: unknown) => {
    const theme = (data as { theme_params?: ThemeParams } | null)?.theme_params;
    if (type === "theme_changed" && theme) apply(theme);
  };
  const w = window as unknown as { Telegram?: { WebView?: { receiveEvent?: typeof receive } } };
  w.Telegram = { ...w.Telegram, WebView: { ...w.Telegram?.WebView, receiveEvent: receive } };
  window.addEventListener("message", (e) => {
    if (!WEB_CLIENTS.includes(e.origin) || typeof e.data !== "string") return;
    try {
      const m = JSON.parse(e.data) as { eventType?: string; eventData?: unknown };
      if (m.eventType) receive(m.eventType, m.eventData);
    } catch {
      // not a Telegram event
    }
  });
}
