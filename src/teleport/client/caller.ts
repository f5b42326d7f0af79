/**
 * How every service client calls Teleport: one RPC from the table in ../rpcs.ts, with retries on
 * transient faults, paging through the one pager, and the fallback to an older RPC (or to one
 * call per access list) where a server lacks or refuses the newer one.
 */
import { AuthConnection, rpcMethod, type RpcMethod } from '../connection';
import { GrpcStatus, isRpcCode, isTransient } from '../errors';
import { forEachConcurrent } from '../concurrency';
import { Page, paginate } from '../paging';
import { RetryNotice, RetryPolicy, withRetry } from '../retry';
import { pageRequest, type ListingSpec, type RpcSpec } from '../rpcs';

export type Each<T> = (item: T) => Promise<void> | void;

/** How a listing was served, for logs: the cluster-wide RPC, one call per list, or an older RPC. */
export type ListingSource = 'cluster-wide' | 'per-list' | 'legacy';

export interface CallerOptions {
  retry: RetryPolicy;
  /** Per-list calls in flight at once when a server lacks or refuses the cluster-wide RPCs. */
  perListConcurrency: number;
  /** More pages than this for one listing means the server is not making progress. */
  maxPages: number;
}

/** What the caller's user hears of: each retry, and a cluster-wide listing refused. */
export interface ClientHooks {
  onRetry?: (what: string, notice: RetryNotice) => void;
  onRefusedClusterWide?: (what: string, error: unknown) => void;
}

const methods = new Map<RpcSpec, RpcMethod>();

/** The loaded method of a table entry, resolved once. */
function methodOf(spec: RpcSpec): RpcMethod {
  let method = methods.get(spec);
  if (!method) {
    method = rpcMethod(spec.service, spec.method);
    methods.set(spec, method);
  }
  return method;
}

export class RpcCaller {
  constructor(
    readonly connection: AuthConnection,
    readonly options: CallerOptions,
    readonly hooks: ClientHooks = {},
  ) {}

  private retryNotice(what: string): ((notice: RetryNotice) => void) | undefined {
    const onRetry = this.hooks.onRetry;
    return onRetry ? (notice) => onRetry(what, notice) : undefined;
  }

  /** A unary call, retried on transient faults like a page is. */
  unary<Response>(
    spec: RpcSpec,
    request: object,
    what: string,
    maxAttempts?: number,
  ): Promise<Response> {
    const policy = maxAttempts
      ? {
          ...this.options.retry,
          maxAttempts: Math.min(maxAttempts, this.options.retry.maxAttempts),
        }
      : this.options.retry;
    return withRetry(() => this.connection.unary<object, Response>(methodOf(spec), request), {
      policy,
      isRetryable: isTransient,
      onRetry: this.retryNotice(what),
    });
  }

  /**
   * A server stream, handing over one message at a time. A stream cannot resume where it broke,
   * so a transient fault restarts it; the caller's de-duplication absorbs what came twice.
   */
  stream<Response>(
    spec: RpcSpec,
    request: object,
    each: Each<Response>,
    what: string,
  ): Promise<void> {
    return withRetry(
      async () => {
        for await (const message of this.connection.serverStream<object, Response>(
          methodOf(spec),
          request,
        )) {
          await each(message);
        }
      },
      { policy: this.options.retry, isRetryable: isTransient, onRetry: this.retryNotice(what) },
    );
  }

  /**
   * Pages through a listing, handing over one item at a time (unwrapped from its record where the
   * spec names an `itemField`). `extra` adds request fields (the access list of a per-list call);
   * `delivered` hears of each page.
   */
  async each<T>(
    spec: ListingSpec<T>,
    each: Each<T>,
    options: { description: string; extra?: Record<string, unknown>; delivered?: () => void },
  ): Promise<void> {
    const method = methodOf(spec);
    const fetchPage = async ({
      pageSize,
      pageToken,
    }: {
      pageSize: number;
      pageToken: string;
    }): Promise<Page<T>> => {
      const response = await this.connection.unary<object, Record<string, unknown>>(
        method,
        pageRequest(spec, pageSize, pageToken, options.extra),
      );
      options.delivered?.();
      const records = (response[spec.itemsField] as Record<string, unknown>[] | undefined) ?? [];
      const { itemField } = spec;
      return {
        // A record that wraps no item where the spec says (another kind) is skipped.
        items: (itemField
          ? records.flatMap((record) => (record[itemField] ? [record[itemField]] : []))
          : records) as T[],
        nextPageToken: (response[spec.nextField] as string | undefined) ?? '',
      };
    };
    const pages = paginate(fetchPage, {
      description: options.description,
      pageSize: spec.maxPageSize,
      maxPages: this.options.maxPages,
      retry: this.options.retry,
      onRetry: this.retryNotice(options.description),
    });
    for await (const items of pages) {
      for (const item of items) {
        await each(item);
      }
    }
  }

  /**
   * Runs the newest way; when the server does not implement it (UNIMPLEMENTED before anything
   * arrived), or refuses it where `onRefused` allows, runs the older way instead.
   */
  async newestOr(
    newest: (delivered: () => void) => Promise<void>,
    older: () => Promise<void>,
    olderSource: ListingSource,
    onRefused?: (error: unknown) => void,
  ): Promise<ListingSource> {
    let started = false;
    try {
      await newest(() => {
        started = true;
      });
      return 'cluster-wide';
    } catch (error) {
      if (started) {
        throw error;
      }
      if (onRefused && isRpcCode(error, GrpcStatus.PERMISSION_DENIED)) {
        onRefused(error);
      } else if (!isRpcCode(error, GrpcStatus.UNIMPLEMENTED)) {
        throw error;
      }
    }
    await older();
    return olderSource;
  }

  /** A listing, or on servers without it, its older unary RPC answering every item at once. */
  listingOrUnary<T>(
    spec: ListingSpec<T>,
    older: { spec: RpcSpec; request: object; items: (response: never) => T[] | undefined },
    each: Each<T>,
    description: string,
  ): Promise<ListingSource> {
    return this.newestOr(
      (delivered) => this.each(spec, each, { description, delivered }),
      async () => {
        const response = await this.unary<never>(
          older.spec,
          older.request,
          `${description} (${older.spec.method})`,
        );
        for (const item of older.items(response) ?? []) {
          await each(item);
        }
      },
      'legacy',
    );
  }

  /**
   * Every access list's entries: the cluster-wide listing, or one listing per list (with bounded
   * concurrency) on servers without it or that refuse it (PERMISSION_DENIED before any page).
   */
  clusterWideOrPerList<T>(
    clusterWide: ListingSpec<T>,
    perList: ListingSpec<T>,
    what: string,
    accessListNames: () => Promise<string[]>,
    each: Each<T>,
  ): Promise<ListingSource> {
    return this.newestOr(
      (delivered) => this.each(clusterWide, each, { description: what, delivered }),
      async () =>
        forEachConcurrent(await accessListNames(), this.options.perListConcurrency, (name) =>
          this.each(perList, each, {
            description: `${what} of access list ${name}`,
            extra: { accessList: name },
          }),
        ),
      'per-list',
      // Upstream's own client keeps ListAllAccessListReviews for its cache
      // (api/client/accesslist/accesslist.go, Client.ListAllAccessListReviews), so a server may
      // refuse a reader what the per-list calls, with access_list read, still allow.
      (error) => this.hooks.onRefusedClusterWide?.(what, error),
    );
  }

  /** False when the server does not implement the RPC's service (Community Edition, older versions). */
  async implements(spec: RpcSpec, request: object): Promise<boolean> {
    try {
      await this.connection.unary(methodOf(spec), request);
      return true;
    } catch (error) {
      // Any other answer (even PERMISSION_DENIED) means the service exists; the steps report it.
      return !isRpcCode(error, GrpcStatus.UNIMPLEMENTED);
    }
  }
}
