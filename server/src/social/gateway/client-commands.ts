import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { Opcode, presenceStatuses } from './gateway-protocol.ts';

const Status = Type.Union(presenceStatuses.map((status) => Type.Literal(status)));
const Token = Type.String({ minLength: 1, maxLength: 4096 });

const shapes = {
  [Opcode.Heartbeat]: Type.Object({ seq: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]) }),
  [Opcode.Identify]: Type.Object({ token: Token, presence: Type.Optional(Status) }),
  [Opcode.Resume]: Type.Object({
    token: Token,
    sessionId: Type.String({ minLength: 1, maxLength: 64 }),
    seq: Type.Integer({ minimum: 0 }),
  }),
  [Opcode.PresenceUpdate]: Type.Object({ status: Status }),
  [Opcode.TypingStart]: Type.Object({ channelId: Type.String({ minLength: 1, maxLength: 64 }) }),
};

const checks = Object.fromEntries(
  Object.entries(shapes).map(([op, schema]) => [op, Compile(schema)]),
) as Record<string, ReturnType<typeof Compile>>;

export type ClientCommand =
  | { op: typeof Opcode.Heartbeat; d: { seq: number | null } }
  | { op: typeof Opcode.Identify; d: { token: string; presence?: (typeof presenceStatuses)[number] } }
  | { op: typeof Opcode.Resume; d: { token: string; sessionId: string; seq: number } }
  | { op: typeof Opcode.PresenceUpdate; d: { status: (typeof presenceStatuses)[number] } }
  | { op: typeof Opcode.TypingStart; d: { channelId: string } };

/** Why a frame was refused: each reason has its close code. */
export type CommandError = 'decode' | 'unknown-opcode';

/** Parses one client frame: JSON `{ op, d }` whose `d` matches the opcode's shape. */
export function parseClientCommand(text: string): ClientCommand | CommandError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'decode';
  }
  if (typeof value !== 'object' || value === null || !('op' in value)) return 'decode';
  const { op, d } = value as { op: unknown; d: unknown };
  if (typeof op !== 'number') return 'decode';
  const check = checks[op];
  if (!check) return 'unknown-opcode';
  if (!check.Check(d)) return 'decode';
  return { op, d } as ClientCommand;
}
