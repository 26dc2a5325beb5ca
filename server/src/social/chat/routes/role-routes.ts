import { Type } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { forbidden, secured } from '../../../kernel/auth/auth-guard.ts';
import { notFound, ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp, WriteTransaction } from '../../../kernel/service-module.ts';
import {
  everyoneRoleId,
  highestPosition,
  namesOf,
  outranksMember,
  outranksRole,
  Permission,
  permissionsBeyond,
} from '../../shared/community-permissions.ts';
import {
  CommunityParams,
  LIMITS,
  MemberRoleParams,
  NewRole,
  Role,
  RoleChanges,
  RoleList,
  RoleOrder,
  RoleParams,
} from '../chat-schemas.ts';
import { findMemberRules, type RoleRow, roleSnapshot } from '../chat-store.ts';
import type { ChatDb } from '../chat-tables.ts';
import { appendCommunityEvents } from '../community-events.ts';
import { type CommunityScope, changeCommunity, readScope, requireAny } from '../community-scope.ts';

/** Only permissions the caller holds may be given to a role (owner and administrators hold all). */
function checkGrantable(scope: CommunityScope, permissions: number) {
  const beyond = permissionsBeyond(scope.rules, scope.member, permissions);
  if (beyond) throw forbidden(`You do not hold ${namesOf(beyond).join(', ')} yourself`);
}

/** A role the caller may change: it exists, and (but for the owner) sits below their highest role. */
function managedRole(scope: CommunityScope, roleId: string, options: { everyone: boolean }): RoleRow {
  requireAny(scope, Permission.MANAGE_ROLES);
  const role = scope.roles.find((candidate) => candidate.id === roleId);
  if (!role) throw notFound('This role');
  const isEveryone = role.id === everyoneRoleId(scope.rules);
  if (isEveryone && !options.everyone)
    throw new ProblemError(
      400,
      'role_everyone',
      'The @everyone role',
      'Every member holds @everyone: it cannot be granted, removed or deleted',
    );
  if (!isEveryone && !outranksRole(scope.rules, scope.member, role))
    throw forbidden('You may only manage roles below your highest role');
  return role;
}

async function saveRole(
  tx: WriteTransaction<ChatDb>,
  scope: CommunityScope,
  id: string,
  set: Partial<Pick<RoleRow, 'name' | 'permissions' | 'position' | 'color'>>,
) {
  const row = await tx.db
    .updateTable('roles')
    .set(set)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendCommunityEvents(tx, scope.community.id, {
    type: 'RoleUpdated',
    data: { communityId: scope.community.id, role: roleSnapshot(row) },
  });
  return row;
}

/** Roles: create, edit, delete, reorder; and granting them to members. The hierarchy holds throughout. */
export function roleRoutes(app: VezaHttp, ctx: ServiceContext<ChatDb>): void {
  app.get(
    '/communities/:communityId/roles',
    {
      schema: {
        summary: 'The community’s roles, @everyone first, lowest to highest',
        ...secured(),
        params: CommunityParams,
        response: { 200: RoleList, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const scope = await readScope(ctx, request, request.params.communityId);
      return { items: scope.roles.map(roleSnapshot) };
    },
  );

  app.post(
    '/communities/:communityId/roles',
    {
      schema: {
        summary: 'Create a role just above @everyone (MANAGE_ROLES)',
        ...secured('chat:participate'),
        params: CommunityParams,
        body: NewRole,
        response: { 201: Role, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const role = await changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        requireAny(scope, Permission.MANAGE_ROLES);
        const permissions = request.body.permissions ?? 0;
        checkGrantable(scope, permissions);
        if (scope.roles.length >= LIMITS.roles)
          throw new ProblemError(
            409,
            'limit_reached',
            'Too many roles',
            `A community has at most ${LIMITS.roles}`,
          );
        // New roles start at the bottom (position 1), where anyone who may manage roles can manage them;
        // the others move up by one (the unique position constraint is checked at commit).
        for (const other of [...scope.roles].reverse())
          if (other.position >= 1) await saveRole(tx, scope, other.id, { position: other.position + 1 });
        const row = await tx.db
          .insertInto('roles')
          .values({
            id: uuidv7(),
            community_id: scope.community.id,
            name: request.body.name,
            permissions,
            position: 1,
            color: request.body.color ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendCommunityEvents(tx, scope.community.id, {
          type: 'RoleCreated',
          data: { communityId: scope.community.id, role: roleSnapshot(row) },
        });
        return roleSnapshot(row);
      });
      return reply.code(201).send(role);
    },
  );

  app.patch(
    '/communities/:communityId/roles/:roleId',
    {
      schema: {
        summary: 'Rename a role, change its colour or permissions (MANAGE_ROLES, below your highest role)',
        ...secured('chat:participate'),
        params: RoleParams,
        body: RoleChanges,
        response: { 200: Role, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        const role = managedRole(scope, request.params.roleId, { everyone: true });
        const { name, permissions, color } = request.body;
        if (permissions !== undefined) checkGrantable(scope, permissions ^ role.permissions);
        if (name !== undefined && role.id === everyoneRoleId(scope.rules))
          throw new ProblemError(400, 'role_everyone', 'The @everyone role', '@everyone cannot be renamed');
        const set = {
          ...(name !== undefined ? { name } : {}),
          ...(permissions !== undefined ? { permissions } : {}),
          ...(color !== undefined ? { color } : {}),
        };
        if (Object.keys(set).length === 0) return roleSnapshot(role);
        return roleSnapshot(await saveRole(tx, scope, role.id, set));
      }),
  );

  app.delete(
    '/communities/:communityId/roles/:roleId',
    {
      schema: {
        summary:
          'Delete a role: members lose it, overwrites for it go (MANAGE_ROLES, below your highest role)',
        ...secured('chat:participate'),
        params: RoleParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        const role = managedRole(scope, request.params.roleId, { everyone: false });
        // Members' grants go with the role (on delete cascade); overwrites live in channel rows.
        const channels = await tx.db
          .selectFrom('channels')
          .select(['id', 'overwrites'])
          .where('community_id', '=', scope.community.id)
          .execute();
        for (const channel of channels) {
          if (!channel.overwrites.some((overwrite) => overwrite.targetId === role.id)) continue;
          const overwrites = channel.overwrites.filter((overwrite) => overwrite.targetId !== role.id);
          await tx.db
            .updateTable('channels')
            .set({ overwrites: JSON.stringify(overwrites) })
            .where('id', '=', channel.id)
            .execute();
        }
        await tx.db.deleteFrom('roles').where('id', '=', role.id).execute();
        await appendCommunityEvents(tx, scope.community.id, {
          type: 'RoleDeleted',
          data: { communityId: scope.community.id, roleId: role.id },
        });
      });
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/communities/:communityId/role-order',
    {
      schema: {
        summary: 'Reorder the roles (MANAGE_ROLES; roles at or above your highest keep their place)',
        ...secured('chat:participate'),
        params: CommunityParams,
        body: RoleOrder,
        response: { 200: RoleList, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        requireAny(scope, Permission.MANAGE_ROLES);
        const roles = scope.roles.filter((role) => role.id !== everyoneRoleId(scope.rules));
        const wanted = request.body.roleIds;
        const byId = new Map(roles.map((role) => [role.id, role]));
        if (
          wanted.length !== roles.length ||
          new Set(wanted).size !== wanted.length ||
          !wanted.every((id) => byId.has(id))
        )
          throw new ProblemError(
            400,
            'order_incomplete',
            'Incomplete order',
            'List every role but @everyone exactly once',
          );
        const mine = highestPosition(scope.rules, scope.member);
        const moves = wanted
          .map((id, index) => ({ role: byId.get(id)!, position: index + 1 }))
          .filter((move) => move.role.position !== move.position);
        if (moves.some((move) => move.role.position >= mine || move.position >= mine))
          throw forbidden('You may only move roles below your highest role');
        for (const move of moves)
          byId.set(move.role.id, await saveRole(tx, scope, move.role.id, { position: move.position }));
        const everyone = scope.roles.find((role) => role.id === everyoneRoleId(scope.rules))!;
        return { items: [everyone, ...wanted.map((id) => byId.get(id)!)].map(roleSnapshot) };
      }),
  );

  const grant =
    (add: boolean) =>
    async (
      request: { params: { communityId: string; userId: string; roleId: string } },
      scope: CommunityScope,
      tx: WriteTransaction<ChatDb>,
    ) => {
      const role = managedRole(scope, request.params.roleId, { everyone: false });
      const target = await findMemberRules(tx.db, scope.community.id, request.params.userId);
      if (!target) throw notFound('This member');
      // Giving yourself a role below your highest changes nothing of the hierarchy; anyone else must rank below you.
      if (target.userId !== scope.member.userId && !outranksMember(scope.rules, scope.member, target))
        throw forbidden('You may only change the roles of members below your highest role');
      const holds = target.roleIds.includes(role.id);
      if (holds === add) return;
      if (add)
        await tx.db
          .insertInto('member_roles')
          .values({ community_id: scope.community.id, user_id: target.userId, role_id: role.id })
          .execute();
      else
        await tx.db
          .deleteFrom('member_roles')
          .where('community_id', '=', scope.community.id)
          .where('user_id', '=', target.userId)
          .where('role_id', '=', role.id)
          .execute();
      const roleIds = add ? [...target.roleIds, role.id] : target.roleIds.filter((id) => id !== role.id);
      await appendCommunityEvents(tx, scope.community.id, {
        type: 'MemberRolesChanged',
        data: {
          communityId: scope.community.id,
          userId: target.userId,
          roleIds,
          added: add ? [role.id] : [],
          removed: add ? [] : [role.id],
        },
      });
    };

  for (const [method, add] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const)
    app.route({
      method,
      url: '/communities/:communityId/members/:userId/roles/:roleId',
      schema: {
        summary: add
          ? 'Give a member a role (MANAGE_ROLES, hierarchy)'
          : 'Take a role from a member (MANAGE_ROLES, hierarchy)',
        ...secured('chat:participate'),
        params: MemberRoleParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
      handler: async (request, reply) => {
        await changeCommunity(ctx, request, request.params.communityId, (tx, scope) =>
          grant(add)(request, scope, tx),
        );
        return reply.code(204).send(null);
      },
    });
}
