/**
 * The SDK's face of the shared error table: the table, CairnError and the
 * gRPC mapping live in src/protocol/errors.ts, which the server imports too.
 */
export * from '../protocol/errors.js';
