/**
 * The standard gRPC health service on the client port, with one service name
 * per question an orchestrator asks (Kubernetes `grpc:` probes name one as
 * their `service`):
 *
 * - `cairn.v1.Liveness`: SERVING while the process serves at all. A node
 *   catching up is alive; restarting it would only start the catch-up again.
 * - `cairn.v1.Readiness`, and the server-wide `''`: SERVING only while the
 *   node is ready (the same test as `GET /readyz`).
 */
import { HealthImplementation } from 'grpc-health-check';

export const LIVENESS_SERVICE = 'cairn.v1.Liveness';
export const READINESS_SERVICE = 'cairn.v1.Readiness';

export interface ProbeHealth {
  readonly implementation: HealthImplementation;
  setReady(ready: boolean): void;
}

export function probeHealth(): ProbeHealth {
  const implementation = new HealthImplementation({ [LIVENESS_SERVICE]: 'SERVING', [READINESS_SERVICE]: 'NOT_SERVING', '': 'NOT_SERVING' });
  return {
    implementation,
    setReady: (ready) => {
      const status = ready ? 'SERVING' : 'NOT_SERVING';
      implementation.setStatus(READINESS_SERVICE, status);
      implementation.setStatus('', status);
    },
  };
}
