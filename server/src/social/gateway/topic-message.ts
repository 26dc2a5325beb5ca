import type { TopicEntry } from './topic-log.ts';

/**
 * What travels on a topic's pub/sub channel: `<id>\n<t>\n<d>` (`-` for the id of an ephemeral dispatch),
 * so a process fans a dispatch out without parsing its payload. Event names are upper snake case, never
 * holding a newline.
 */
export const topicChannel = (topic: string) => `gateway:topic:${topic}`;

export const EVENT_NAME = /^[A-Z][A-Z0-9_]*$/;

export interface TopicMessage {
  /** Absent for ephemeral dispatches (typing, presence): not logged, not numbered, droppable. */
  id?: number;
  t: string;
  d: string;
}

export function encodeTopicMessage(message: TopicMessage): string {
  return `${message.id ?? '-'}\n${message.t}\n${message.d}`;
}

export function decodeTopicMessage(text: string): TopicMessage {
  const first = text.indexOf('\n');
  const second = text.indexOf('\n', first + 1);
  const id = text.slice(0, first);
  const t = text.slice(first + 1, second);
  const d = text.slice(second + 1);
  return id === '-' ? { t, d } : { id: Number(id), t, d };
}

export const isLogged = (message: TopicMessage): message is TopicEntry => message.id !== undefined;
