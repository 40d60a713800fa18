import type { ConversationData, VersionedState, VersionedStateStorage } from "@grammyjs/conversations";

/** What message text looks like inside stored updates and bot replies (a file's name is typed text too). */
const TEXT_KEYS = new Set(["text", "caption", "entities", "caption_entities", "quote", "file_name"]);

/** A deep copy of `value` without any message text (`text`, `caption` and their entities). */
export function withoutText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutText);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (TEXT_KEYS.has(k)) continue;
    out[k] = withoutText(v);
  }
  return out;
}

/**
 * Conversation state as it is written: the conversations plugin keeps a replay log of the
 * updates a conversation received and of the bot's replies; what an officer typed (a NIK
 * with other words, say) must not be written anywhere (docs/privacy.md#conversation-state).
 * Every text is removed before writing. The conversations are written so that a replay never
 * needs it: each answer is classified inside `conversation.external`, whose result is what the
 * replay uses, and that result never holds the text itself.
 */
export function textFreeConversationStorage(base: VersionedStateStorage<string, ConversationData>): VersionedStateStorage<string, ConversationData> {
  return {
    read: (key) => base.read(key),
    write: (key, state: VersionedState<ConversationData>) => base.write(key, withoutText(state) as VersionedState<ConversationData>),
    delete: (key) => base.delete(key),
  };
}
