import { describe, expect, it } from 'vitest';
import {
  ALL_PERMISSIONS,
  type ChannelRules,
  type CommunityRules,
  DEFAULT_EVERYONE_PERMISSIONS,
  effectivePermissions,
  has,
  highestPosition,
  type MemberRules,
  namesOf,
  outranksMember,
  outranksRole,
  Permission as P,
  permissionsBeyond,
} from './community-permissions.ts';

const COMMUNITY = 'c0000000-0000-7000-8000-000000000000';
const MOD = 'r-mod';
const DJ = 'r-dj';
const MUTED = 'r-muted';
const ADMIN = 'r-admin';

const community: CommunityRules = {
  id: COMMUNITY,
  ownerId: 'owner',
  roles: [
    { id: COMMUNITY, permissions: DEFAULT_EVERYONE_PERMISSIONS, position: 0 },
    { id: MUTED, permissions: 0, position: 1 },
    { id: DJ, permissions: P.MENTION_EVERYONE, position: 2 },
    { id: MOD, permissions: P.KICK_MEMBERS | P.MANAGE_MESSAGES | P.MANAGE_ROLES, position: 3 },
    { id: ADMIN, permissions: P.ADMINISTRATOR, position: 4 },
  ],
};
const member = (userId: string, roleIds: string[] = [], timedOutUntil: Date | null = null): MemberRules => ({
  userId,
  roleIds,
  timedOutUntil,
});
const text = (overwrites: ChannelRules['overwrites'] = []): ChannelRules => ({ type: 'text', overwrites });
const role = (targetId: string, allow: number, deny: number) => ({
  targetType: 'role' as const,
  targetId,
  allow,
  deny,
});
const user = (targetId: string, allow: number, deny: number) => ({
  targetType: 'member' as const,
  targetId,
  allow,
  deny,
});
const NOW = new Date('2026-01-01T00:00:00Z');
const LATER = new Date('2026-01-02T00:00:00Z');

describe('community permissions', () => {
  it('flags are distinct bits and ALL holds every one', () => {
    const values = Object.values(P);
    expect(new Set(values).size).toBe(values.length);
    for (const value of values) expect(value & (value - 1)).toBe(0);
    expect(namesOf(ALL_PERMISSIONS)).toHaveLength(values.length);
    expect(namesOf(P.SEND_MESSAGES | P.VIEW_CHANNEL)).toEqual(['VIEW_CHANNEL', 'SEND_MESSAGES']);
  });

  it('base: @everyone for everyone, plus the member’s roles', () => {
    expect(effectivePermissions(community, member('a'))).toBe(DEFAULT_EVERYONE_PERMISSIONS);
    expect(effectivePermissions(community, member('a', [DJ, MOD]))).toBe(
      DEFAULT_EVERYONE_PERMISSIONS | P.MENTION_EVERYONE | P.KICK_MEMBERS | P.MANAGE_MESSAGES | P.MANAGE_ROLES,
    );
    // A role id the community does not have grants nothing.
    expect(effectivePermissions(community, member('a', ['gone']))).toBe(DEFAULT_EVERYONE_PERMISSIONS);
  });

  it('owner and ADMINISTRATOR hold everything, whatever the overwrites and timeouts', () => {
    const locked = text([
      role(COMMUNITY, 0, ALL_PERMISSIONS),
      user('owner', 0, ALL_PERMISSIONS),
      user('a', 0, ALL_PERMISSIONS),
    ]);
    expect(effectivePermissions(community, member('owner', [], LATER), locked, NOW)).toBe(ALL_PERMISSIONS);
    expect(effectivePermissions(community, member('a', [ADMIN], LATER), locked, NOW)).toBe(ALL_PERMISSIONS);
  });

  it('the @everyone overwrite applies first, then roles, then the member', () => {
    // @everyone may not see; DJs may; this DJ may not.
    const channel = text([
      role(COMMUNITY, 0, P.VIEW_CHANNEL),
      role(DJ, P.VIEW_CHANNEL, 0),
      user('b', 0, P.VIEW_CHANNEL),
    ]);
    expect(effectivePermissions(community, member('a'), channel)).toBe(0);
    expect(has(effectivePermissions(community, member('a', [DJ]), channel), P.VIEW_CHANNEL)).toBe(true);
    expect(effectivePermissions(community, member('b', [DJ]), channel)).toBe(0);
  });

  it('role overwrites combine: one role’s allow beats another role’s deny', () => {
    const channel = text([role(MUTED, 0, P.SEND_MESSAGES), role(DJ, P.SEND_MESSAGES, 0)]);
    expect(has(effectivePermissions(community, member('a', [MUTED]), channel), P.SEND_MESSAGES)).toBe(false);
    expect(has(effectivePermissions(community, member('a', [MUTED, DJ]), channel), P.SEND_MESSAGES)).toBe(
      true,
    );
  });

  it('a member overwrite beats their roles, in both directions', () => {
    const deny = text([role(DJ, P.SEND_MESSAGES, 0), user('a', 0, P.SEND_MESSAGES)]);
    expect(has(effectivePermissions(community, member('a', [DJ]), deny), P.SEND_MESSAGES)).toBe(false);
    const allow = text([role(MUTED, 0, P.SEND_MESSAGES), user('a', P.SEND_MESSAGES, 0)]);
    expect(has(effectivePermissions(community, member('a', [MUTED]), allow), P.SEND_MESSAGES)).toBe(true);
  });

  it('overwrites of roles the member does not hold and of other members do nothing', () => {
    const channel = text([role(MOD, 0, P.VIEW_CHANNEL), user('z', 0, P.VIEW_CHANNEL)]);
    expect(effectivePermissions(community, member('a'), channel)).toBe(DEFAULT_EVERYONE_PERMISSIONS);
  });

  it('no VIEW_CHANNEL means nothing in that channel, even permissions allowed there', () => {
    const channel = text([role(COMMUNITY, P.MANAGE_MESSAGES, P.VIEW_CHANNEL)]);
    expect(effectivePermissions(community, member('a'), channel)).toBe(0);
  });

  it('a timed-out member keeps reading but may not send or react, until the timeout ends', () => {
    const timedOut = member('a', [], LATER);
    const inChannel = effectivePermissions(community, timedOut, text(), NOW);
    expect(has(inChannel, P.VIEW_CHANNEL | P.READ_HISTORY)).toBe(true);
    expect(has(inChannel, P.SEND_MESSAGES)).toBe(false);
    expect(has(inChannel, P.ADD_REACTIONS)).toBe(false);
    // Even a member overwrite allowing it does not lift the timeout.
    const allowed = text([user('a', P.SEND_MESSAGES, 0)]);
    expect(has(effectivePermissions(community, timedOut, allowed, NOW), P.SEND_MESSAGES)).toBe(false);
    // Over: everything back.
    expect(effectivePermissions(community, timedOut, text(), new Date('2026-01-03T00:00:00Z'))).toBe(
      DEFAULT_EVERYONE_PERMISSIONS,
    );
    // Community-wide too.
    expect(has(effectivePermissions(community, timedOut, undefined, NOW), P.SEND_MESSAGES)).toBe(false);
  });

  it('announcement channels: sending needs MANAGE_MESSAGES; categories hold no messages', () => {
    const announcement: ChannelRules = { type: 'announcement', overwrites: [] };
    expect(has(effectivePermissions(community, member('a'), announcement), P.SEND_MESSAGES)).toBe(false);
    expect(has(effectivePermissions(community, member('a'), announcement), P.VIEW_CHANNEL)).toBe(true);
    expect(has(effectivePermissions(community, member('m', [MOD]), announcement), P.SEND_MESSAGES)).toBe(
      true,
    );
    const withAllow: ChannelRules = { type: 'announcement', overwrites: [role(DJ, P.MANAGE_MESSAGES, 0)] };
    expect(has(effectivePermissions(community, member('d', [DJ]), withAllow), P.SEND_MESSAGES)).toBe(true);
    expect(
      has(
        effectivePermissions(community, member('a'), { type: 'category', overwrites: [] }),
        P.SEND_MESSAGES,
      ),
    ).toBe(false);
    expect(
      has(effectivePermissions(community, member('a'), { type: 'tracks', overwrites: [] }), P.SEND_MESSAGES),
    ).toBe(true);
  });

  it('hierarchy: highest role position; owner above all; equal ranks cannot act on each other', () => {
    expect(highestPosition(community, member('a'))).toBe(0);
    expect(highestPosition(community, member('a', [DJ, MUTED]))).toBe(2);
    expect(highestPosition(community, member('owner'))).toBe(Number.POSITIVE_INFINITY);
    const mod = member('m', [MOD]);
    expect(outranksMember(community, mod, member('d', [DJ]))).toBe(true);
    expect(outranksMember(community, mod, member('m2', [MOD]))).toBe(false);
    expect(outranksMember(community, mod, member('x', [ADMIN]))).toBe(false);
    expect(outranksMember(community, mod, member('owner'))).toBe(false);
    expect(outranksMember(community, mod, mod)).toBe(false);
    expect(outranksMember(community, member('owner'), member('x', [ADMIN]))).toBe(true);
    expect(outranksRole(community, mod, { position: 2 })).toBe(true);
    expect(outranksRole(community, mod, { position: 3 })).toBe(false);
    expect(outranksRole(community, member('owner'), { position: 4 })).toBe(true);
  });

  it('a member may only hand out permissions they hold', () => {
    const mod = member('m', [MOD]);
    expect(permissionsBeyond(community, mod, P.KICK_MEMBERS | P.SEND_MESSAGES)).toBe(0);
    expect(permissionsBeyond(community, mod, P.BAN_MEMBERS | P.KICK_MEMBERS)).toBe(P.BAN_MEMBERS);
    expect(permissionsBeyond(community, member('x', [ADMIN]), ALL_PERMISSIONS)).toBe(0);
    expect(permissionsBeyond(community, member('owner'), ALL_PERMISSIONS)).toBe(0);
  });
});
