/** `cairn user create|delete|list` and `cairn acl create|delete|list` (docs/security.md). */
import type { AclFilter, AclOperation } from '../client/index.js';
import { UsageError } from './args.js';
import type { FlagValues } from './args.js';
import { ADMIN_FLAGS, defineCommand, withAdmin } from './command.js';
import { readSecretFile, readSecretStdin } from './credentials.js';
import { EXIT_OK, print, renderTable } from './output.js';

export const userCreate = defineCommand({
  name: 'user create',
  summary: 'create a user, or give it a new password (from --new-password-file or the first line of stdin)',
  positionals: ['name'],
  flags: {
    'new-password-file': { type: 'string', valueName: 'FILE', help: "file whose first line is the user's password (default: stdin)" },
    ...ADMIN_FLAGS,
  },
  run: async (context) => {
    const { flags, args, io } = context;
    const file = flags['new-password-file'];
    const password = file === undefined ? await readSecretStdin(io) : await readSecretFile(file, 'new-password-file');
    return withAdmin(context, async (admin) => {
      await admin.security().createUser(args.name, password);
      print(io, flags.json, { user: args.name }, () => `user ${JSON.stringify(args.name)} has its password set\n`);
      return EXIT_OK;
    });
  },
});

export const userDelete = defineCommand({
  name: 'user delete',
  summary: 'delete a user (its tokens stop working at once)',
  positionals: ['name'],
  flags: ADMIN_FLAGS,
  run: (context) =>
    withAdmin(context, async (admin) => {
      await admin.security().deleteUser(context.args.name);
      print(context.io, context.flags.json, { deleted: context.args.name }, () => `deleted user ${JSON.stringify(context.args.name)}\n`);
      return EXIT_OK;
    }),
});

export const userList = defineCommand({
  name: 'user list',
  summary: 'list users (never their passwords or hashes)',
  positionals: [],
  flags: ADMIN_FLAGS,
  run: (context) =>
    withAdmin(context, async (admin) => {
      const users = await admin.security().listUsers();
      print(context.io, context.flags.json, users, () =>
        renderTable(['NAME', 'CREATED'], users.map((u) => [u.name, new Date(u.createdAtMs).toISOString()])),
      );
      return EXIT_OK;
    }),
});

const ACL_FLAGS = {
  principal: { type: 'string', valueName: 'User:NAME', help: 'User:alice, or User:* for every user' },
  operation: { type: 'string', valueName: 'OP', help: 'all, read, write, create, delete, alter, describe or idempotent_write' },
  topic: { type: 'string', valueName: 'NAME', help: 'the topic (or, with --prefixed, topic name prefix); * for all' },
  group: { type: 'string', valueName: 'NAME', help: 'the consumer group (or prefix); * for all' },
  cluster: { type: 'boolean', help: 'the cluster itself (users, ACLs, topic creation)' },
  prefixed: { type: 'boolean', help: 'match names starting with the given one' },
  deny: { type: 'boolean', help: 'deny rather than allow (a DENY wins over any ALLOW)' },
  ...ADMIN_FLAGS,
} as const;

/** The binding or filter the flags describe; `complete` requires every field a binding needs. */
function aclFromFlags(flags: FlagValues<typeof ACL_FLAGS>, complete: boolean): AclFilter {
  const resources = ([flags.topic !== undefined && 'topic', flags.group !== undefined && 'group', flags.cluster && 'cluster'] as const).filter((r) => r !== false);
  if (resources.length > 1) throw new UsageError('give one of --topic, --group and --cluster');
  const [resourceType] = resources;
  if (complete) {
    if (flags.principal === undefined) throw new UsageError('--principal is required');
    if (flags.operation === undefined) throw new UsageError('--operation is required');
    if (resourceType === undefined) throw new UsageError('give one of --topic NAME, --group NAME and --cluster');
  }
  const resourceName = resourceType === 'cluster' ? 'cluster' : (flags.topic ?? flags.group);
  return {
    ...(flags.principal !== undefined && { principal: flags.principal }),
    ...(resourceType !== undefined && { resourceType }),
    ...(resourceName !== undefined && { resourceName }),
    ...((complete || flags.prefixed) && { patternType: flags.prefixed ? 'prefixed' : 'literal' }),
    ...(flags.operation !== undefined && { operation: flags.operation as AclOperation }),
    ...((complete || flags.deny) && { permission: flags.deny ? 'deny' : 'allow' }),
  };
}

const aclTable = (acls: readonly Required<AclFilter>[]): string =>
  renderTable(
    ['PRINCIPAL', 'PERMISSION', 'OPERATION', 'RESOURCE', 'PATTERN', 'NAME'],
    acls.map((a) => [a.principal, a.permission, a.operation, a.resourceType, a.patternType, a.resourceName]),
  );

export const aclCreate = defineCommand({
  name: 'acl create',
  summary: 'allow (or with --deny, deny) a principal an operation on a resource',
  positionals: [],
  flags: ACL_FLAGS,
  run: (context) => {
    const acl = aclFromFlags(context.flags, true) as Required<AclFilter>;
    return withAdmin(context, async (admin) => {
      await admin.security().createAcls([acl]);
      print(context.io, context.flags.json, acl, () => `created ACL: ${acl.principal} ${acl.permission} ${acl.operation} on ${acl.resourceType} ${acl.patternType} ${JSON.stringify(acl.resourceName)}\n`);
      return EXIT_OK;
    });
  },
});

export const aclDelete = defineCommand({
  name: 'acl delete',
  summary: 'delete the ACLs the flags match (each flag narrows; --all for every ACL)',
  positionals: [],
  flags: { ...ACL_FLAGS, all: { type: 'boolean', help: 'delete every ACL' } },
  run: (context) => {
    const filter = aclFromFlags(context.flags, false);
    if (Object.keys(filter).length === 0 && !context.flags.all) throw new UsageError('no filter: give --principal, --operation, a resource, or --all');
    return withAdmin(context, async (admin) => {
      const deleted = await admin.security().deleteAcls(filter);
      print(context.io, context.flags.json, deleted, () => `deleted ${deleted.length} ACL${deleted.length === 1 ? '' : 's'}\n${deleted.length > 0 ? aclTable(deleted) : ''}`);
      return EXIT_OK;
    });
  },
});

export const aclList = defineCommand({
  name: 'acl list',
  summary: 'list the ACLs (the flags filter)',
  positionals: [],
  flags: ACL_FLAGS,
  run: (context) => {
    const filter = aclFromFlags(context.flags, false);
    return withAdmin(context, async (admin) => {
      const acls = await admin.security().listAcls(filter);
      print(context.io, context.flags.json, acls, () => aclTable(acls));
      return EXIT_OK;
    });
  },
});
