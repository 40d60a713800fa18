import { InlineKeyboard } from "grammy";

export interface KeyboardItem {
  text: string;
  data: string;
}

export interface PagedKeyboardOptions {
  items: KeyboardItem[];
  /** Requested page (0-based); clamped into range, so a stale page number still shows something. */
  page: number;
  perPage: number;
  columns: number;
  /** Callback data of page N. */
  pageData: (page: number) => string;
  /** Callback data of the page indicator ("2/5"), a button that does nothing. */
  indicatorData: string;
  labels: { prev: string; next: string; indicator: (page: number, pages: number) => string };
  /** Rows added under the items (e.g. "back"). */
  footer?: KeyboardItem[][];
}

export interface PagedKeyboard {
  keyboard: InlineKeyboard;
  page: number;
  pages: number;
}

/** Button text is limited by Telegram's UI, not the API; keep it readable on a phone. */
export function buttonText(s: string, max = 40): string {
  const t = s.trim().replace(/\s+/g, " ");
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

/** A grid of items with a "‹ 2/5 ›" row when they do not fit on one page. */
export function pagedKeyboard(o: PagedKeyboardOptions): PagedKeyboard {
  const pages = Math.max(1, Math.ceil(o.items.length / o.perPage));
  const page = Math.min(Math.max(0, Math.trunc(o.page)), pages - 1);
  const kb = new InlineKeyboard();
  const slice = o.items.slice(page * o.perPage, (page + 1) * o.perPage);
  slice.forEach((item, i) => {
    kb.text(buttonText(item.text), item.data);
    if ((i + 1) % o.columns === 0 && i + 1 < slice.length) kb.row();
  });
  if (pages > 1) {
    kb.row();
    if (page > 0) kb.text(o.labels.prev, o.pageData(page - 1));
    kb.text(o.labels.indicator(page, pages), o.indicatorData);
    if (page < pages - 1) kb.text(o.labels.next, o.pageData(page + 1));
  }
  for (const row of o.footer ?? []) {
    kb.row();
    for (const b of row) kb.text(b.text, b.data);
  }
  return { keyboard: kb, page, pages };
}
