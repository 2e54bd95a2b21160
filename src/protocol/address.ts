/**
 * `host:port` addresses as users write them. IPv6 hosts are bracketed
 * (`[::1]:7070`) and `host` keeps the brackets, so `${host}:${port}` rebuilds
 * a valid address.
 */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/;

/** Port 0 ("any free port") makes sense only for a listen address. */
export function parseHostPort(text: string, options: { readonly portZeroAllowed?: boolean } = {}): HostPort | undefined {
  const match = HOST_PORT.exec(text);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  const port = Number(match[2]);
  if (port > 65535 || (port === 0 && options.portZeroAllowed !== true)) return undefined;
  return { host: match[1], port };
}
