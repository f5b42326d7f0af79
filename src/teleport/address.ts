/** Parsing the proxy address a user types: `host`, `host:port` or `https://host[:port][/]`. */

export const DEFAULT_PROXY_PORT = 443;
export const DEFAULT_AUTH_PORT = 3025;

export interface HostPort {
  host: string;
  port: number;
}

export class ProxyAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxyAddressError';
  }
}

const HOSTNAME =
  /^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function invalid(raw: string, why: string): never {
  throw new ProxyAddressError(
    `The proxy address "${raw}" is not valid: ${why}. Give the Teleport Proxy's public address, ` +
      'for example teleport.example.com:443 or example.teleport.sh.',
  );
}

/** Parses an address; `defaultPort` applies when it names none (443 for the Proxy). */
export function parseProxyAddress(raw: string, defaultPort: number = DEFAULT_PROXY_PORT): HostPort {
  const input = raw.trim();
  if (input === '') {
    invalid(raw, 'it is empty');
  }
  let rest = input;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(rest);
  if (scheme) {
    if (scheme[1]!.toLowerCase() !== 'https') {
      invalid(raw, `the scheme ${scheme[1]}:// is not supported (use https:// or none)`);
    }
    rest = rest.slice(scheme[0].length);
  }
  // A pasted web address may carry a path such as /web/login: only the authority matters.
  rest = rest.replace(/[/?#].*$/, '');
  if (/\s|@/.test(rest)) {
    invalid(raw, 'it contains spaces or credentials');
  }

  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::(\d*))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2];
  } else {
    const colon = rest.split(':');
    if (colon.length > 2) {
      invalid(raw, 'an IPv6 address must be written in brackets, as [::1]:443');
    }
    host = colon[0]!;
    portText = colon[1];
  }
  if (host === '') {
    invalid(raw, 'it has no host name');
  }
  const ipv4 = IPV4.exec(host);
  if (ipv4 && ipv4.slice(1).some((octet) => Number(octet) > 255)) {
    invalid(raw, 'the IPv4 address is out of range');
  }
  if (!bracketed && !ipv4 && !HOSTNAME.test(host)) {
    invalid(raw, `"${host}" is not a host name`);
  }
  let port = defaultPort;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      invalid(raw, 'the port must be a number from 1 to 65535');
    }
    port = Number(portText);
  }
  return { host: host.replace(/\.$/, ''), port };
}

/** The gRPC target string for a host and port (IPv6 in brackets). */
export function toGrpcTarget({ host, port }: HostPort): string {
  return host.includes(':') ? `ipv6:[${host}]:${port}` : `dns:${host}:${port}`;
}

export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
