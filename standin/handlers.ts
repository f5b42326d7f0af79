/**
 * How the stand-in answers a call: the fault rules a test set, the record of calls, methods the
 * server is told to lack, upstream's paging (page caps and opaque tokens), all driven by the
 * client's own table of RPCs so that the two can never name a method or a page field differently.
 */
import * as grpc from '@grpc/grpc-js';
import {
  methodNameOf,
  type ListingSpec,
  type MethodName,
  type RpcSpec,
} from '../src/teleport/rpcs';

export type StandInMethod = MethodName;

export interface FaultRule {
  method: StandInMethod;
  /** Answer this status instead of the data. */
  code?: grpc.status;
  message?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Apply to this many calls, then stop (default: every call). */
  times?: number;
  /** Apply only to calls whose page token is this (to fail mid-listing). */
  onPageToken?: string;
  /** Hand back this token as the next one: a fixed one repeats itself, a function may never end. */
  nextTokenOverride?: string | (() => string);
  /** Cut the connection mid-call without a status, as a restarting proxy does (needs a proxy in front). */
  dropStream?: boolean;
}

export type Request = Record<string, unknown>;
export type UnaryHandler = grpc.handleUnaryCall<Request, unknown>;
export type StreamHandler = grpc.handleServerStreamingCall<Request, unknown>;

/** Page tokens are opaque to clients; a nonce lets a test make a server that never repeats one. */
export function encodeToken(offset: number, nonce?: string): string {
  return Buffer.from(`offset:${offset}${nonce === undefined ? '' : `:${nonce}`}`).toString(
    'base64url',
  );
}

function decodeToken(token: string | undefined): number {
  if (!token) {
    return 0;
  }
  const match = /^offset:(\d+)(:.*)?$/.exec(Buffer.from(token, 'base64url').toString());
  if (!match) {
    throw statusError(grpc.status.INVALID_ARGUMENT, `invalid page token "${token}"`);
  }
  return Number(match[1]);
}

export function statusError(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}

export function notFound(kind: string, name: unknown): grpc.ServiceError {
  return statusError(grpc.status.NOT_FOUND, `${kind} "${String(name)}" not found`);
}

/** One page of `items` from `token`, at most `size` long. */
export function page<T>(items: T[], token: string | undefined, size: number) {
  const offset = decodeToken(token);
  const slice = items.slice(offset, offset + size);
  const nextOffset = offset + slice.length;
  return { items: slice, next: nextOffset < items.length ? encodeToken(nextOffset) : '' };
}

/** The page size a server uses: the request's, capped at `max`; `fallback` when none is asked. */
export function clampPageSize(requested: unknown, max: number, fallback = max): number {
  if (typeof requested !== 'number' || requested <= 0) {
    return fallback;
  }
  return Math.min(requested, max);
}

interface FaultOutcome {
  error?: grpc.ServiceError;
  nextTokenOverride?: string;
  drop?: boolean;
}

export class HandlerKit {
  readonly faults: FaultRule[] = [];
  readonly calls: { method: StandInMethod; request: unknown }[] = [];
  /** Uses left of each rule with `times`, kept here so a caller's rule is never changed. */
  private readonly usesLeft = new WeakMap<FaultRule, number>();

  constructor(
    private readonly unimplemented: ReadonlySet<StandInMethod>,
    private readonly dropConnections: () => void,
  ) {}

  /** Applies the first matching fault rule that has uses left. */
  private async applyFaults(
    method: StandInMethod,
    token: string | undefined,
  ): Promise<FaultOutcome> {
    const rule = this.faults.find(
      (candidate) =>
        candidate.method === method &&
        (candidate.times === undefined || (this.usesLeft.get(candidate) ?? candidate.times) > 0) &&
        (candidate.onPageToken === undefined || candidate.onPageToken === (token ?? '')),
    );
    if (!rule) {
      return {};
    }
    if (rule.times !== undefined) {
      this.usesLeft.set(rule, (this.usesLeft.get(rule) ?? rule.times) - 1);
    }
    if (rule.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, rule.delayMs));
    }
    return {
      error:
        rule.code !== undefined
          ? statusError(rule.code, rule.message ?? `injected ${grpc.status[rule.code]}`)
          : undefined,
      nextTokenOverride:
        typeof rule.nextTokenOverride === 'function'
          ? rule.nextTokenOverride()
          : rule.nextTokenOverride,
      drop: rule.dropStream,
    };
  }

  /** Records the call; an error to answer when the method is made to be missing. */
  private received(method: StandInMethod, request: unknown): grpc.ServiceError | undefined {
    this.calls.push({ method, request });
    return this.unimplemented.has(method)
      ? statusError(grpc.status.UNIMPLEMENTED, `unknown method ${method.split('/')[1]}`)
      : undefined;
  }

  /** A unary RPC answering `answer(request)`; `tokenField` names the page token faults match on. */
  unary(
    spec: RpcSpec,
    answer: (request: Request, nextOverride?: string) => unknown,
    tokenField?: string,
  ): UnaryHandler {
    const method = methodNameOf(spec);
    return (call, callback) => {
      const missing = this.received(method, call.request);
      if (missing) {
        callback(missing);
        return;
      }
      const token = tokenField ? (call.request[tokenField] as string | undefined) : undefined;
      void this.applyFaults(method, token).then(
        ({ error, nextTokenOverride, drop }) => {
          if (drop) {
            // The connection dies mid-call (a proxy restart, a load balancer's idle cut): no status.
            this.dropConnections();
            return;
          }
          if (error) {
            callback(error);
            return;
          }
          try {
            callback(null, answer(call.request, nextTokenOverride));
          } catch (failure) {
            const code = (failure as { code?: grpc.status }).code ?? grpc.status.INTERNAL;
            callback(statusError(code, (failure as Error).message));
          }
        },
        (failure: unknown) => callback(statusError(grpc.status.INTERNAL, String(failure))),
      );
    };
  }

  /**
   * A listing serving one page of `itemsOf(request)` with the spec's fields, capped at upstream's
   * page limit (or `serverMax` where upstream's server allows more than the client asks for).
   */
  paged<T>(
    spec: ListingSpec,
    itemsOf: (request: Request) => T[],
    options: {
      present?: (items: T[], request: Request) => unknown[];
      serverMax?: number;
      serverDefault?: number;
    } = {},
  ): UnaryHandler {
    const max = options.serverMax ?? spec.maxPageSize;
    return this.unary(
      spec,
      (request, override) => {
        const requested = request[spec.pageSizeField];
        if (typeof requested === 'number' && requested > max && options.serverMax !== undefined) {
          throw statusError(
            grpc.status.INVALID_ARGUMENT,
            `${spec.pageSizeField} ${requested} exceeds the maximum of ${max}`,
          );
        }
        const result = page(
          itemsOf(request),
          request[spec.tokenField] as string,
          clampPageSize(requested, max, options.serverDefault ?? max),
        );
        return {
          [spec.itemsField]: options.present
            ? options.present(result.items, request)
            : result.items,
          [spec.nextField]: override ?? result.next,
        };
      },
      spec.tokenField,
    );
  }

  /** A server stream writing every item of `itemsOf()`. */
  stream(spec: RpcSpec, itemsOf: () => unknown[]): StreamHandler {
    const method = methodNameOf(spec);
    return (call) => {
      const missing = this.received(method, call.request);
      if (missing) {
        call.emit('error', missing);
        return;
      }
      void this.applyFaults(method, undefined).then(({ error }) => {
        if (error) {
          call.emit('error', error);
          return;
        }
        for (const item of itemsOf()) {
          call.write(item);
        }
        call.end();
      });
    };
  }
}

/** Items grouped by a key, kept until the array changes length (per-list calls stay cheap). */
const groupings = new WeakMap<
  object,
  { length: number; keyOf: unknown; groups: Map<string, unknown[]> }
>();

export function groupedBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const cached = groupings.get(items);
  if (cached && cached.length === items.length && cached.keyOf === keyOf) {
    return cached.groups as Map<string, T[]>;
  }
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) {
      group.push(item);
    } else {
      groups.set(key, [item]);
    }
  }
  groupings.set(items, { length: items.length, keyOf, groups: groups as Map<string, unknown[]> });
  return groups;
}
