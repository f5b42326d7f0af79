/**
 * The seam between grpc-js and Teleport's handshake.
 *
 * grpc-js's built-in secure credentials always offer ALPN `['h2']`, but the Teleport Proxy routes to
 * Auth only when the first ALPN protocol is `teleport-auth@…`. grpc-js asks its credentials object for
 * a "secure connector" that turns the TCP socket it opened (after any HTTP CONNECT proxy) into the
 * socket HTTP/2 runs on; this class supplies one. That is an internal API of grpc-js, so the version
 * is pinned exactly in package.json and `test/teleport/connection.test.ts` checks the ClientHello it produces.
 * No listening socket is involved: nothing else on the host can ride the connection.
 */
import { CallCredentials, ChannelCredentials } from '@grpc/grpc-js';
import type { Socket } from 'node:net';

/** Shape of grpc-js 1.14's SecureConnector (build/src/channel-credentials.d.ts). */
interface SecureConnector {
  connect(socket: Socket): Promise<{ socket: Socket; secure: boolean }>;
  waitForReady(): Promise<void>;
  getCallCredentials(): CallCredentials;
  destroy(): void;
}

/** Turns the TCP socket grpc-js opened into an authenticated socket to Teleport Auth. */
export type SocketUpgrade = (socket: Socket) => Promise<Socket>;

export class TeleportChannelCredentials extends ChannelCredentials {
  constructor(private readonly upgrade: SocketUpgrade) {
    super();
  }

  _isSecure(): boolean {
    return true;
  }

  _equals(other: ChannelCredentials): boolean {
    return other === this;
  }

  _createSecureConnector(
    _channelTarget: unknown,
    _options: unknown,
    callCredentials?: CallCredentials,
  ): SecureConnector {
    const perCall = callCredentials ?? CallCredentials.createEmpty();
    return {
      connect: async (socket) => ({ socket: await this.upgrade(socket), secure: true }),
      waitForReady: () => Promise.resolve(),
      getCallCredentials: () => perCall,
      destroy: () => undefined,
    };
  }
}
