/**
 * A stand-in for the part of JupiterOne's API that `j1-integration run` (runtime 8.41.0) talks to:
 * the synchronization job API under /persister/synchronization. It answers the way the runtime
 * needs and records every request (method, path, headers, parsed body) so tests can judge a run by
 * what reached "JupiterOne" rather than by the CLI's exit code, which is 0 even for failed jobs.
 *
 * Paths, as called by node_modules/@jupiterone/integration-sdk-runtime/dist/src/synchronization:
 *   POST /persister/synchronization/jobs                      → { job }
 *   GET  /persister/synchronization/jobs/:id                  → { job }   (--skip-finalize)
 *   POST /persister/synchronization/jobs/:id/events           → {}       (only with integrationJobId)
 *   POST /persister/synchronization/jobs/:id/entities         → {}       ({ entities: [...] })
 *   POST /persister/synchronization/jobs/:id/relationships    → {}       ({ relationships: [...] })
 *   POST /persister/synchronization/jobs/:id/finalize         → { job }  ({ partialDatasets })
 *   POST /persister/synchronization/jobs/:id/abort            → { job }  ({ reason })
 * Bodies may be gzip- or deflate-compressed (Content-Encoding), as newer SDKs send them.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';

const PREFIX = '/persister/synchronization';

export interface RecordedRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body as received, after decompression, as text. */
  rawBody: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  body: unknown;
  /** The status the stand-in answered with. */
  status: number;
}

export interface SynchronizationJob {
  id: string;
  integrationJobId?: string;
  integrationInstanceId?: string;
  source?: string;
  status: 'AWAITING_UPLOADS' | 'FINALIZE_PENDING' | 'ABORTED';
  startTimestamp: number;
  numEntitiesUploaded: number;
  numRelationshipsUploaded: number;
  numEventsReceived: number;
  partialDatasets?: { types: string[] };
  abortReason?: string;
}

export interface J1ApiStandInOptions {
  /**
   * Whether POST /jobs answers with an integrationJobId. The runtime publishes events (warnings
   * such as a missing permission) only when it does. Default true.
   */
  integrationJobId?: boolean;
  /** When set, requests without `Authorization: Bearer <apiKey>` are answered 401. */
  apiKey?: string;
}

export interface J1ApiStandIn {
  /** http://127.0.0.1:PORT, for --api-base-url / JUPITERONE_API_BASE_URL. */
  baseUrl: string;
  requests: RecordedRequest[];
  jobs: Map<string, SynchronizationJob>;
  /** Every entity and relationship uploaded to any job, in arrival order. */
  uploads(): { entities: Record<string, unknown>[]; relationships: Record<string, unknown>[] };
  /** Requests whose path ends with the given job action (`finalize`, `abort`, `events`…). */
  requestsTo(action: string): RecordedRequest[];
  close(): Promise<void>;
}

function decode(buffer: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case '':
    case 'identity':
      return buffer;
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(buffer);
    case 'deflate':
      return zlib.inflateSync(buffer);
    case 'br':
      return zlib.brotliDecompressSync(buffer);
    default:
      throw new Error(`unsupported Content-Encoding ${encoding}`);
  }
}

function parseJson(text: string): unknown {
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function arrayField(body: unknown, field: string): Record<string, unknown>[] | undefined {
  if (body && typeof body === 'object' && Array.isArray((body as Record<string, unknown>)[field])) {
    return (body as Record<string, Record<string, unknown>[]>)[field];
  }
  return undefined;
}

export async function startJ1ApiStandIn(options: J1ApiStandInOptions = {}): Promise<J1ApiStandIn> {
  const requests: RecordedRequest[] = [];
  const jobs = new Map<string, SynchronizationJob>();
  const uploaded = {
    entities: [] as Record<string, unknown>[],
    relationships: [] as Record<string, unknown>[],
  };

  function route(method: string, path: string, body: unknown): { status: number; answer: unknown } {
    if (!path.startsWith(`${PREFIX}/jobs`)) {
      return { status: 404, answer: { error: { code: 'NOT_FOUND', message: path } } };
    }
    const rest = path.slice(`${PREFIX}/jobs`.length).split('/').filter(Boolean);
    if (rest.length === 0) {
      if (method !== 'POST') {
        return { status: 405, answer: {} };
      }
      const request = (body ?? {}) as Record<string, unknown>;
      const id = randomUUID();
      const job: SynchronizationJob = {
        id,
        integrationJobId:
          options.integrationJobId === false
            ? undefined
            : typeof request.integrationJobId === 'string'
              ? request.integrationJobId
              : id,
        integrationInstanceId:
          typeof request.integrationInstanceId === 'string'
            ? request.integrationInstanceId
            : undefined,
        source: typeof request.source === 'string' ? request.source : undefined,
        status: 'AWAITING_UPLOADS',
        startTimestamp: Date.now(),
        numEntitiesUploaded: 0,
        numRelationshipsUploaded: 0,
        numEventsReceived: 0,
      };
      jobs.set(id, job);
      return { status: 200, answer: { job } };
    }
    const job = jobs.get(rest[0]!);
    if (!job) {
      return { status: 404, answer: { error: { code: 'JOB_NOT_FOUND', message: rest[0] } } };
    }
    const action = rest[1];
    if (action === undefined && method === 'GET') {
      return { status: 200, answer: { job } };
    }
    if (method !== 'POST' || rest.length !== 2) {
      return { status: 404, answer: { error: { code: 'NOT_FOUND', message: path } } };
    }
    const open = job.status === 'AWAITING_UPLOADS';
    const notAwaiting = {
      status: 400,
      answer: { error: { code: 'JOB_NOT_AWAITING_UPLOADS', message: `job is ${job.status}` } },
    };
    switch (action) {
      case 'events': {
        job.numEventsReceived += arrayField(body, 'events')?.length ?? 0;
        return { status: 200, answer: {} };
      }
      case 'entities':
      case 'relationships': {
        if (!open) {
          return notAwaiting;
        }
        const batch = arrayField(body, action);
        if (!batch) {
          return {
            status: 400,
            answer: { error: { code: 'BAD_REQUEST', message: `"${action}" should be an array` } },
          };
        }
        uploaded[action].push(...batch);
        if (action === 'entities') {
          job.numEntitiesUploaded += batch.length;
        } else {
          job.numRelationshipsUploaded += batch.length;
        }
        return { status: 200, answer: {} };
      }
      case 'finalize': {
        if (!open) {
          return notAwaiting;
        }
        const partial = (body as { partialDatasets?: { types?: unknown } } | undefined)
          ?.partialDatasets?.types;
        job.partialDatasets = {
          types: Array.isArray(partial) ? partial.map((type) => String(type)) : [],
        };
        job.status = 'FINALIZE_PENDING';
        return { status: 200, answer: { job } };
      }
      case 'abort': {
        job.status = 'ABORTED';
        const reason = (body as { reason?: unknown } | undefined)?.reason;
        job.abortReason = typeof reason === 'string' ? reason : undefined;
        return { status: 200, answer: { job } };
      }
      default:
        return { status: 404, answer: { error: { code: 'NOT_FOUND', message: path } } };
    }
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = request.method ?? 'GET';
      const path = (request.url ?? '/').split('?')[0]!;
      let rawBody = '';
      let status: number;
      let answer: unknown;
      try {
        rawBody = decode(Buffer.concat(chunks), request.headers['content-encoding']).toString(
          'utf8',
        );
        const body = parseJson(rawBody);
        if (options.apiKey && request.headers.authorization !== `Bearer ${options.apiKey}`) {
          status = 401;
          answer = { error: { code: 'UNAUTHORIZED', message: 'bad or missing API key' } };
        } else {
          ({ status, answer } = route(method, path, body));
        }
        requests.push({ method, path, headers: request.headers, rawBody, body, status });
      } catch (error) {
        status = 400;
        answer = { error: { code: 'BAD_REQUEST', message: (error as Error).message } };
        requests.push({ method, path, headers: request.headers, rawBody, body: undefined, status });
      }
      const text = JSON.stringify(answer);
      response.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      response.end(text);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    jobs,
    uploads: () => uploaded,
    requestsTo: (action) =>
      requests.filter((request) => request.path.split('/').filter(Boolean).at(-1) === action),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
