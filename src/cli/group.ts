/** `cairn group list|describe|delete|reset-offsets`. */
import type { GroupDescription, ResetTarget } from '../client/index.js';
import { nonNegativeIntegerFlag, offsetFlag, timestampFlag, UsageError } from './args.js';
import { ADMIN_FLAGS, defineCommand, withAdmin } from './command.js';
import { EXIT_OK, print, renderColumns, renderTable } from './output.js';

/** JSON has no 64-bit integers: offsets print as strings. */
const jsonSafe = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));

export const groupList = defineCommand({
  name: 'group list',
  summary: 'list consumer groups',
  positionals: [],
  flags: ADMIN_FLAGS,
  run: (context) =>
    withAdmin(context, async (admin) => {
      const groups = await admin.groups().listGroups();
      print(context.io, context.flags.json, groups, () =>
        groups.length === 0
          ? 'no groups\n'
          : renderTable(['GROUP', 'STATE', 'MEMBERS', 'COORDINATOR'], groups.map((g) => [g.groupId, g.state, String(g.members), String(g.coordinator)])),
      );
      return EXIT_OK;
    }),
});

function describeGroupText(group: GroupDescription): string {
  const totalLag = group.offsets.reduce((sum, o) => sum + o.lag, 0n);
  const summary = renderColumns([
    ['group:', group.groupId],
    ['state:', group.state],
    ['epoch:', String(group.groupEpoch)],
    ['assignor:', group.assignor],
    ['coordinator:', String(group.coordinator)],
    ['members:', String(group.members.length)],
    ['total lag:', String(totalLag)],
  ]);
  const instance = new Map(group.members.map((m) => [m.memberId, m.groupInstanceId ?? m.memberId.slice(0, 8)]));
  const rows = group.offsets.map((o) => [
    o.topic,
    String(o.partition),
    o.committed === undefined ? '-' : String(o.committed),
    String(o.highWatermark),
    String(o.lag),
    o.memberId === undefined ? '-' : (instance.get(o.memberId) ?? '-'),
  ]);
  return `${summary}\n${renderTable(['TOPIC', 'PARTITION', 'COMMITTED', 'END', 'LAG', 'MEMBER'], rows)}`;
}

export const groupDescribe = defineCommand({
  name: 'group describe',
  summary: "show a group's members, committed offsets and lag per partition",
  positionals: ['group'],
  flags: ADMIN_FLAGS,
  run: (context) =>
    withAdmin(context, async (admin) => {
      const group = await admin.groups().describeGroup(context.args.group);
      print(context.io, context.flags.json, jsonSafe(group), () => describeGroupText(group));
      return EXIT_OK;
    }),
});

export const groupDelete = defineCommand({
  name: 'group delete',
  summary: "forget a group's committed offsets (the group must have no members)",
  positionals: ['group'],
  flags: ADMIN_FLAGS,
  run: (context) =>
    withAdmin(context, async (admin) => {
      await admin.groups().deleteGroup(context.args.group);
      print(context.io, context.flags.json, { deleted: context.args.group }, () => `deleted group ${JSON.stringify(context.args.group)}\n`);
      return EXIT_OK;
    }),
});

export const groupResetOffsets = defineCommand({
  name: 'group reset-offsets',
  summary: "move a group's committed offsets on a topic (the group must have no members)",
  positionals: ['group', 'topic'],
  flags: {
    'to-earliest': { type: 'boolean', help: 'to the start of each partition' },
    'to-latest': { type: 'boolean', help: 'to the end of each partition' },
    'to-offset': { type: 'string', valueName: 'OFFSET', help: 'to OFFSET' },
    'to-timestamp': { type: 'string', valueName: 'TIME', help: 'to the first record at or after TIME (ms since the epoch, or an ISO 8601 date), or the end' },
    partition: { type: 'string', valueName: 'N', help: 'only partition N (default: all)' },
    ...ADMIN_FLAGS,
  },
  run: (context) => {
    const { flags, args } = context;
    const offset = offsetFlag('to-offset', flags['to-offset']);
    const timestamp = timestampFlag('to-timestamp', flags['to-timestamp']);
    const chosen = [flags['to-earliest'] && 'earliest', flags['to-latest'] && 'latest', offset !== undefined && 'offset', timestamp !== undefined && 'timestamp'].filter(Boolean);
    if (chosen.length !== 1) throw new UsageError('give exactly one of --to-earliest, --to-latest, --to-offset and --to-timestamp');
    const target: ResetTarget =
      offset !== undefined ? { offset } : timestamp !== undefined ? { timestamp } : flags['to-earliest'] ? 'earliest' : 'latest';
    const partition = nonNegativeIntegerFlag('partition', flags.partition);
    return withAdmin(context, async (admin) => {
      const moved = await admin.groups().resetOffsets(args.group, args.topic, target, partition === undefined ? undefined : [partition]);
      print(context.io, flags.json, jsonSafe(moved), () => renderTable(['TOPIC', 'PARTITION', 'NEW-OFFSET'], moved.map((o) => [o.topic, String(o.partition), String(o.offset)])));
      return EXIT_OK;
    });
  },
});
