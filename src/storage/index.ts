export { NodeStorage } from './node-storage.js';
export type { NodeStorageOptions } from './options.js';
export type { GroupLog } from './group-log.js';
export type { VerifyMode } from './group-loader.js';
export { StorageCorruptionError } from './errors.js';
export type { GroupId, GroupWrite, Offset, OffsetPoint, StorageStats, WriteOptions, WriteSeq } from './types.js';
export { groupId, offset } from './types.js';
