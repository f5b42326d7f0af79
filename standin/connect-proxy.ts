/** A corporate HTTP proxy stand-in: answers CONNECT, optionally demanding credentials, and records targets. */
import * as http from 'node:http';
import * as net from 'node:net';

export interface RunningConnectProxy {
  url: string;
  port: number;
  /** host:port of every CONNECT it tunnelled. */
  tunnels: string[];
  close(): Promise<void>;
}

export async function startConnectProxy(
  options: { credentials?: string } = {},
): Promise<RunningConnectProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_request, response) => {
    response.writeHead(405);
    response.end();
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const expected = options.credentials
      ? `Basic ${Buffer.from(options.credentials).toString('base64')}`
      : undefined;
    if (expected && request.headers['proxy-authorization'] !== expected) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"\r\n\r\n',
      );
      return;
    }
    const [host, port] = (request.url ?? '').split(/:(?=\d+$)/);
    const upstream = net.connect(
      { host: host?.replace(/^\[|\]$/g, ''), port: Number(port) },
      () => {
        tunnels.push(request.url ?? '');
        upstream.setNoDelay(true);
        client.setNoDelay(true);
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) {
          upstream.write(head);
        }
        upstream.pipe(client).pipe(upstream);
      },
    );
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
