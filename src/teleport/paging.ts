/**
 * One pager for every list RPC: asks for pages until the server returns an empty token, retries a
 * page from the same token on transient faults, halves the page size when a page is too large to
 * receive, and stops with an error on a token that repeats or a list that never ends.
 */
import { PagingError, isMessageTooLarge, isTransient } from './errors';
import { RetryNotice, RetryPolicy, withRetry } from './retry';

export interface PageRequest {
  pageSize: number;
  pageToken: string;
}

export interface Page<T> {
  items: T[];
  nextPageToken: string;
}

export interface PaginateOptions {
  /** What is being listed, for error messages (e.g. "users"). */
  description: string;
  pageSize: number;
  maxPages: number;
  retry: RetryPolicy;
  onRetry?: (notice: RetryNotice) => void;
}

const SMALLEST_PAGE = 1;

export async function* paginate<T>(
  fetchPage: (request: PageRequest) => Promise<Page<T>>,
  options: PaginateOptions,
): AsyncGenerator<T[], void, undefined> {
  const seenTokens = new Set<string>();
  let pageSize = options.pageSize;

  const fetchWithRetry = (pageToken: string): Promise<Page<T>> =>
    withRetry(
      async () => {
        for (;;) {
          try {
            return await fetchPage({ pageSize, pageToken });
          } catch (error) {
            if (isMessageTooLarge(error) && pageSize > SMALLEST_PAGE) {
              pageSize = Math.max(SMALLEST_PAGE, Math.floor(pageSize / 2));
              continue;
            }
            throw error;
          }
        }
      },
      { policy: options.retry, isRetryable: isTransient, onRetry: options.onRetry },
    );

  /** Starts fetching a page; a failure is kept for the `await` that reads it, never left unhandled. */
  const prefetch = (pageToken: string): Promise<Page<T>> => {
    const pending = fetchWithRetry(pageToken);
    pending.catch(() => undefined);
    return pending;
  };

  let pageToken = '';
  let pending = prefetch(pageToken);
  for (let pageNumber = 1; ; pageNumber += 1) {
    const page = await pending;
    const next = page.nextPageToken;
    if (next !== '') {
      if (next === pageToken || seenTokens.has(next)) {
        throw new PagingError(
          `Listing ${options.description} returned a page token it had returned before; stopped to avoid an endless loop.`,
        );
      }
      if (pageNumber >= options.maxPages) {
        throw new PagingError(
          `Listing ${options.description} did not end after ${options.maxPages} pages; stopped to avoid an endless loop.`,
        );
      }
      seenTokens.add(next);
      pageToken = next;
      // The next page travels while the caller works through this one.
      pending = prefetch(next);
    }
    yield page.items;
    if (next === '') {
      return;
    }
  }
}
