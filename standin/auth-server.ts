/**
 * A stand-in for a Teleport Auth Service: a grpc-js server over mutual TLS that implements the RPCs
 * of the client's table (src/teleport/rpcs.ts), serves a cluster's data with upstream's paging
 * limits, and can be told to misbehave (fault rules) so tests can see how the integration copes.
 * Its handlers, grouped by service, are in ./services; each says which upstream function it mirrors.
 */
import * as grpc from '@grpc/grpc-js';
import { teleportPackageDefinition } from '../src/teleport/protos';
import type { ClusterData } from './cluster-data';
import { HandlerKit, type FaultRule, type StandInMethod } from './handlers';
import type { ClusterPki } from './pki';
import { RPCS, type ShortService } from '../src/teleport/rpcs';
import { accessListService } from './services/access-lists';
import { authService } from './services/auth';
import { clusterConfigService, deviceTrustService, userLoginStateService } from './services/others';
import type { StandInService } from './services/service';
import { storedHandlers } from './services/stored';

export type { ClusterData } from './cluster-data';
export { encodeToken, type FaultRule, type StandInMethod } from './handlers';
export { flattenedOwners } from './services/access-lists';

/** The services with handlers of their own; the stored listings are served besides (./services/stored.ts). */
const HANDWRITTEN = [
  authService,
  accessListService,
  clusterConfigService,
  deviceTrustService,
  userLoginStateService,
];

/** Every service of the RPC table (full gRPC name), each served whether or not it has handlers of its own. */
const SERVICES = [...new Set(Object.values(RPCS).map((spec) => spec.service))];

/** A service the server may be told not to register (it then answers UNIMPLEMENTED). */
export type OptionalService = Exclude<
  ShortService<(typeof RPCS)[keyof typeof RPCS]['service']>,
  'AuthService'
>;

export interface AuthServerOptions {
  pki: ClusterPki;
  data: ClusterData;
  /** Services the server does not register at all (answer UNIMPLEMENTED), e.g. 'AccessListService'. */
  unregistered?: OptionalService[];
  /** Methods the server lacks (UNIMPLEMENTED), e.g. an older server without ListAllAccessListMembers. */
  unimplemented?: StandInMethod[];
  host?: string;
  /** Cuts every client connection; the stand-in's proxy supplies it. */
  dropConnections?: () => void;
}

export interface RunningAuthServer {
  host: string;
  port: number;
  faults: FaultRule[];
  /** Calls received, per method, in order, with the request. */
  calls: { method: StandInMethod; request: unknown }[];
  close(): Promise<void>;
}

/**
 * A service whose handlers may answer with bytes already encoded (as Go marshals them): those go
 * out unchanged; anything else is encoded from the object as usual.
 */
function sendingBytesAsGiven(service: string): grpc.ServiceDefinition {
  const methods = teleportPackageDefinition()[service] as grpc.ServiceDefinition;
  return Object.fromEntries(
    Object.entries(methods).map(([name, method]) => [
      name,
      {
        ...method,
        responseSerialize: (value: unknown) =>
          Buffer.isBuffer(value) ? value : method.responseSerialize(value),
      },
    ]),
  );
}

export async function startAuthServer(options: AuthServerOptions): Promise<RunningAuthServer> {
  const { pki, data } = options;
  const host = options.host ?? '127.0.0.1';
  const kit = new HandlerKit(new Set(options.unimplemented ?? []), () =>
    options.dropConnections?.(),
  );
  const server = new grpc.Server({ 'grpc.max_send_message_length': 512 * 1024 * 1024 });
  const unregistered = new Set<string>(options.unregistered ?? []);
  for (const fullName of SERVICES) {
    const name = fullName.split('.').pop()!;
    if (unregistered.has(name)) {
      continue;
    }
    const handwritten: StandInService | undefined = HANDWRITTEN.find(
      (service) => service.fullName === fullName,
    );
    server.addService(sendingBytesAsGiven(fullName), {
      ...storedHandlers(kit, data, fullName),
      ...handwritten?.handlers(kit, data, pki.clusterName),
    } as grpc.UntypedServiceImplementation);
  }
  const credentials = grpc.ServerCredentials.createSsl(
    Buffer.from(pki.userCa.pem),
    [
      {
        private_key: Buffer.from(pki.authServer.keyPem),
        cert_chain: Buffer.from(pki.authServer.certificatePem),
      },
    ],
    true,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:0`, credentials, (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    ),
  );
  return {
    host,
    port,
    faults: kit.faults,
    calls: kit.calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
}
