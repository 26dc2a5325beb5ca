/**
 * Mentions written in a message's content: `<@userId>`, `<@&roleId>` and `@everyone` (as on Discord). What
 * they notify is decided when the message is sent (mention-targets.ts).
 */
const USER = /<@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/gi;
const ROLE = /<@&([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/gi;
const EVERYONE = /(^|[^\w@])@everyone\b/;

/** More distinct user or role mentions than this in one message are ignored (mass-mention spam). */
export const MAX_MENTIONS = 50;

export interface WrittenMentions {
  users: string[];
  roles: string[];
  everyone: boolean;
}

const distinct = (pattern: RegExp, content: string) =>
  [...new Set([...content.matchAll(pattern)].map((match) => match[1]!.toLowerCase()))].slice(0, MAX_MENTIONS);

export const parseMentions = (content: string): WrittenMentions => ({
  users: distinct(USER, content),
  roles: distinct(ROLE, content),
  everyone: EVERYONE.test(content),
});
