/**
 * grpc-js writes its own failures (no connection, a deadline) as status
 * details meant for its developers: timestamps, load-balancer notes,
 * "Resolution note: …". An application sees them as CairnError messages,
 * so they are reworded here; the original stays in the error's cause.
 */

/** "No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1 (2026-…). Resolution note: " */
const NO_CONNECTION = /^No connection established\. Last error: (?:\w*Error: )?(.*?)(?: \(\d{4}-\d\d-\d\dT[^)]*\))?\. Resolution note: .*$/s;
/** "Deadline exceeded after 5.002s,LB pick: 0.001s,remote_addr=127.0.0.1:7070" */
const DEADLINE = /^Deadline exceeded after ([\d.]+s)\b.*$/s;
const RESOLUTION_NOTE = /\.? Resolution note: .*$/s;

export function plainGrpcDetails(details: string): string {
  const noConnection = NO_CONNECTION.exec(details);
  if (noConnection !== null) return noConnection[1] === 'null' || noConnection[1] === '' ? 'no connection' : `no connection: ${noConnection[1]}`;
  const deadline = DEADLINE.exec(details);
  if (deadline !== null) return `no answer within the request deadline (${deadline[1]})`;
  return details.replace(RESOLUTION_NOTE, '');
}
