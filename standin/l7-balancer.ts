/**
 * A stand-in for an L7 load balancer (AWS ALB and the like) in front of the Teleport Proxy: it ends
 * TLS itself with its own certificate, speaks HTTP/1.1 only (so ALPN routing cannot pass it), and
 * forwards `GET /webapi/connectionupgrade` WebSockets to the proxy, relaying the bytes inside them
 * as the Teleport Proxy's upgrade handler does.
 */
import * as https from 'node:https';
import * as net from 'node:net';
import { WebSocketServer, createWebSocketStream } from 'ws';

export interface L7BalancerOptions {
  /** The Teleport Proxy (the stand-in's ALPN-routing proxy) the tunnel leads to. */
  proxy: { host: string; port: number };
  certificate: { keyPem: string; certificatePem: string };
  host?: string;
}

export interface RunningL7Balancer {
  host: string;
  port: number;
  /** Paths of the HTTP requests and upgrades received, in order. */
  requests: string[];
  /** WebSocket subprotocols clients chose. */
  upgrades: string[];
  close(): Promise<void>;
}

export async function startL7Balancer(options: L7BalancerOptions): Promise<RunningL7Balancer> {
  const host = options.host ?? '127.0.0.1';
  const requests: string[] = [];
  const upgrades: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = https.createServer(
    {
      key: options.certificate.keyPem,
      cert: options.certificate.certificatePem,
      ALPNProtocols: ['http/1.1'],
    },
    (request, response) => {
      requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found\n');
    },
  );
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const webSockets = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) =>
      protocols.has('alpn') ? 'alpn' : protocols.has('alpn-ping') ? 'alpn-ping' : false,
  });
  server.on('upgrade', (request, socket, head) => {
    requests.push(`UPGRADE ${request.url ?? ''}`);
    if (request.url !== '/webapi/connectionupgrade') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    webSockets.handleUpgrade(request, socket, head, (webSocket) => {
      upgrades.push(webSocket.protocol);
      const tunnel = createWebSocketStream(webSocket);
      const upstream = net.connect(options.proxy, () => upstream.setNoDelay(true));
      sockets.add(upstream);
      upstream.on('close', () => {
        sockets.delete(upstream);
        tunnel.destroy();
      });
      tunnel.on('error', () => upstream.destroy());
      upstream.on('error', () => tunnel.destroy());
      tunnel.pipe(upstream).pipe(tunnel);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    host,
    port,
    requests,
    upgrades,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        webSockets.close();
        server.close(() => resolve());
      }),
  };
}
