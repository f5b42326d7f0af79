/**
 * A stand-in for the Teleport Proxy's TLS routing: it reads the ClientHello without ending TLS,
 * and forwards the raw stream to Auth only when the first ALPN protocol is
 * `teleport-auth@<hex(cluster)>.teleport.cluster.local`. Anything else is refused.
 */
import * as net from 'node:net';
import { Duplex } from 'node:stream';
import * as tls from 'node:tls';

export interface ClientHelloInfo {
  serverName?: string;
  alpnProtocols: string[];
}

const MAX_CLIENT_HELLO_BYTES = 64 * 1024;

/**
 * Parses the TLS records buffered so far. Returns undefined while the ClientHello is incomplete,
 * and throws when the bytes are not a TLS ClientHello.
 */
export function parseClientHello(data: Buffer): ClientHelloInfo | undefined {
  // Collect handshake bytes across records (a ClientHello may span several).
  const handshake: Buffer[] = [];
  let offset = 0;
  let collected = 0;
  let needed: number | undefined;
  while (offset + 5 <= data.length) {
    if (data[offset] !== 22) {
      throw new Error('not a TLS handshake record');
    }
    const length = data.readUInt16BE(offset + 3);
    if (offset + 5 + length > data.length) {
      return undefined;
    }
    const fragment = data.subarray(offset + 5, offset + 5 + length);
    handshake.push(fragment);
    collected += fragment.length;
    offset += 5 + length;
    if (needed === undefined && collected >= 4) {
      const head = Buffer.concat(handshake);
      if (head[0] !== 1) {
        throw new Error('first handshake message is not a ClientHello');
      }
      needed = 4 + head.readUIntBE(1, 3);
    }
    if (needed !== undefined && collected >= needed) {
      break;
    }
  }
  if (needed === undefined || collected < needed) {
    if (data.length > 0 && data[0] !== 22) {
      throw new Error('not a TLS handshake record');
    }
    return undefined;
  }
  const hello = Buffer.concat(handshake).subarray(4, needed);
  let cursor = 2 + 32; // client_version, random
  cursor += 1 + hello[cursor]!; // session id
  cursor += 2 + hello.readUInt16BE(cursor); // cipher suites
  cursor += 1 + hello[cursor]!; // compression methods
  const info: ClientHelloInfo = { alpnProtocols: [] };
  if (cursor + 2 > hello.length) {
    return info;
  }
  const extensionsEnd = cursor + 2 + hello.readUInt16BE(cursor);
  cursor += 2;
  while (cursor + 4 <= extensionsEnd) {
    const type = hello.readUInt16BE(cursor);
    const length = hello.readUInt16BE(cursor + 2);
    const body = hello.subarray(cursor + 4, cursor + 4 + length);
    if (type === 16) {
      let at = 2;
      while (at < body.length) {
        const size = body[at]!;
        info.alpnProtocols.push(body.subarray(at + 1, at + 1 + size).toString('latin1'));
        at += 1 + size;
      }
    } else if (type === 0 && body.length > 5) {
      const nameLength = body.readUInt16BE(3);
      info.serverName = body.subarray(5, 5 + nameLength).toString('latin1');
    }
    cursor += 4 + length;
  }
  return info;
}

export interface AlpnProxyOptions {
  /** Where streams whose ALPN[0] is `routes`' key go. */
  routes: Map<string, net.AddressInfo>;
  host?: string;
  /** Called for each connection with what its ClientHello asked for. */
  onConnection?: (hello: ClientHelloInfo, routed: boolean) => void;
  /**
   * The proxy's own (web) certificate. With it, the proxy ends TLS itself for the protocols it
   * serves (`teleport-reversetunnel` and friends), as the Teleport Proxy does, so a client's probe
   * sees TLS routing; without it, such connections are closed.
   */
  web?: { keyPem: string; certificatePem: string };
}

/** ALPN protocols the Teleport Proxy answers itself rather than routing to Auth. */
const PROXY_PROTOCOLS = [
  'teleport-reversetunnel',
  'teleport-proxy-ssh',
  'teleport-tcp',
  'http/1.1',
];

export interface RunningAlpnProxy {
  port: number;
  host: string;
  connections: ClientHelloInfo[];
  /** Cuts every open connection, as a restarting proxy does. */
  dropAll(): void;
  close(): Promise<void>;
}

export async function startAlpnProxy(options: AlpnProxyOptions): Promise<RunningAlpnProxy> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<net.Socket>();
  const connections: ClientHelloInfo[] = [];
  const server = net.createServer((client) => {
    client.setNoDelay(true);
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      let hello: ClientHelloInfo | undefined;
      try {
        hello = parseClientHello(buffered);
      } catch {
        client.destroy();
        return;
      }
      if (!hello) {
        if (buffered.length > MAX_CLIENT_HELLO_BYTES) {
          client.destroy();
        }
        return;
      }
      client.off('data', onData);
      client.pause();
      connections.push(hello);
      const target = hello.alpnProtocols[0]
        ? options.routes.get(hello.alpnProtocols[0])
        : undefined;
      options.onConnection?.(hello, target !== undefined);
      if (!target) {
        const protocol = hello.alpnProtocols[0];
        if (options.web && protocol && PROXY_PROTOCOLS.includes(protocol)) {
          // Answer the handshake with the proxy's own certificate, then hang up: enough for a probe.
          // The bytes already read go first, through a JS stream (a TLSSocket on the raw socket
          // would read its handle directly and miss them).
          const relay = new Duplex({
            read() {},
            write(chunk: Buffer, _encoding, done) {
              client.write(chunk, done);
            },
            final(done) {
              client.end();
              done();
            },
          });
          relay.push(buffered);
          client.on('data', (chunk: Buffer) => relay.push(chunk));
          client.on('end', () => relay.push(null));
          const own = new tls.TLSSocket(relay, {
            isServer: true,
            key: options.web.keyPem,
            cert: options.web.certificatePem,
            ALPNProtocols: PROXY_PROTOCOLS,
          });
          own.once('secure', () => own.end());
          own.on('error', () => client.destroy());
          client.resume();
          return;
        }
        // Nothing else leads to Auth.
        client.destroy();
        return;
      }
      const upstream = net.connect({ host: target.address, port: target.port }, () => {
        upstream.setNoDelay(true);
        upstream.write(buffered);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      sockets.add(upstream);
      upstream.on('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    host,
    connections,
    dropAll: () => {
      for (const socket of sockets) {
        socket.destroy();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
