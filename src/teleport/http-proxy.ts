/**
 * Corporate HTTP proxies: which one applies to an address (HTTPS_PROXY / https_proxy, NO_PROXY /
 * no_proxy, as most tools read them), and an HTTP CONNECT tunnel through it.
 */
import { Duplex } from 'node:stream';
import { HostPort, formatHostPort } from './address';

export interface HttpProxy {
  address: HostPort;
  /** The proxy's URL without credentials, for messages and logs. */
  display: string;
  /** `Basic …` when the URL carries credentials. */
  authorization?: string;
}

export class HttpProxyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HttpProxyError';
  }
}

function firstSet(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) {
      return value;
    }
  }
  return undefined;
}

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) {
    return undefined;
  }
  return parts.reduce((value, part) => (value << 8) + Number(part), 0) >>> 0;
}

/** True when NO_PROXY says the address is reached directly. */
export function bypassesProxy(target: HostPort, noProxy: string | undefined): boolean {
  const host = target.host.toLowerCase();
  for (const raw of (noProxy ?? '').split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') {
      continue;
    }
    if (entry === '*') {
      return true;
    }
    const [pattern, port] = /^\[.*\]/.test(entry)
      ? [entry.replace(/^\[(.*)\].*$/, '$1'), entry.replace(/^\[.*\]:?/, '')]
      : entry.split(':');
    if (port && Number(port) !== target.port) {
      continue;
    }
    const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(pattern ?? '');
    if (cidr) {
      const network = ipv4ToInt(cidr[1]!);
      const address = ipv4ToInt(host);
      const bits = Number(cidr[2]);
      if (network !== undefined && address !== undefined && bits <= 32) {
        const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
        if ((network & mask) === (address & mask)) {
          return true;
        }
      }
      continue;
    }
    const domain = (pattern ?? '').replace(/^\*?\./, '');
    if (host === domain || host.endsWith(`.${domain}`)) {
      return true;
    }
  }
  return false;
}

/** The HTTP proxy to use for a TLS connection to `target`, if the environment names one. */
export function httpProxyFor(
  target: HostPort,
  env: NodeJS.ProcessEnv = process.env,
): HttpProxy | undefined {
  const configured = firstSet(env, 'https_proxy', 'HTTPS_PROXY');
  if (!configured || bypassesProxy(target, firstSet(env, 'no_proxy', 'NO_PROXY'))) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(
      /^[a-z][a-z0-9+.-]*:\/\//i.test(configured) ? configured : `http://${configured}`,
    );
  } catch {
    throw new HttpProxyError(
      `HTTPS_PROXY "${configured.replace(/\/\/[^@/]*@/, '//***@')}" is not a URL.`,
    );
  }
  if (url.protocol !== 'http:') {
    throw new HttpProxyError(
      `HTTPS_PROXY uses ${url.protocol}//, which is not supported: give the proxy as http://host:port (the tunnel inside it is still TLS).`,
    );
  }
  const address = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : 80,
  };
  const credentials = url.username
    ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
    : undefined;
  return {
    address,
    display: `http://${formatHostPort(address)}`,
    authorization: credentials ? `Basic ${Buffer.from(credentials).toString('base64')}` : undefined,
  };
}

const MAX_RESPONSE_HEAD = 16 * 1024;

/** Asks the proxy on `socket` for a tunnel to `target`; resolves once it answers 200. */
export function connectThroughProxy(
  socket: Duplex,
  proxy: HttpProxy,
  target: HostPort,
  timeoutMs: number,
): Promise<Duplex> {
  const authority = formatHostPort(target);
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const timer = setTimeout(
      () =>
        finish(
          new HttpProxyError(
            `The HTTP proxy ${proxy.display} did not answer CONNECT ${authority} within ${Math.round(timeoutMs / 1000)} s.`,
          ),
        ),
      timeoutMs,
    );
    const finish = (error?: Error, rest?: Buffer): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (error) {
        socket.destroy();
        reject(error);
        return;
      }
      if (rest && rest.length > 0) {
        socket.unshift(rest);
      }
      resolve(socket);
    };
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_RESPONSE_HEAD) {
          finish(
            new HttpProxyError(
              `The HTTP proxy ${proxy.display} sent an oversized answer to CONNECT.`,
            ),
          );
        }
        return;
      }
      socket.pause();
      const statusLine = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
      if (!status || status[1] !== '200') {
        finish(
          new HttpProxyError(
            `The HTTP proxy ${proxy.display} refused CONNECT ${authority} (${statusLine || 'no status'}).` +
              (status?.[1] === '407'
                ? ' It wants credentials: put them in the proxy URL (http://user:password@host:port).'
                : ''),
          ),
        );
        return;
      }
      finish(undefined, head.subarray(end + 4));
    };
    const onError = (error: Error): void =>
      finish(new HttpProxyError(`The HTTP proxy ${proxy.display} failed: ${error.message}`));
    const onClose = (): void =>
      finish(
        new HttpProxyError(
          `The HTTP proxy ${proxy.display} closed the connection during CONNECT ${authority}.`,
        ),
      );
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('close', onClose);
    socket.write(
      `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n` +
        (proxy.authorization ? `Proxy-Authorization: ${proxy.authorization}\r\n` : '') +
        'User-Agent: graph-teleport\r\n\r\n',
    );
  });
}
