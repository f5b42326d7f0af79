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
  let pageToken = '';
  let pageSize = options.pageSize;
  for (let pageNumber = 1; ; pageNumber += 1) {
    if (pageNumber > options.maxPages) {
      throw new PagingError(
        `Listing ${options.description} did not end after ${options.maxPages} pages; stopped to avoid an endless loop.`,
      );
    }
    const page = await withRetry(
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
    yield page.items;
    if (page.nextPageToken === '') {
      return;
    }
    if (page.nextPageToken === pageToken || seenTokens.has(page.nextPageToken)) {
      throw new PagingError(
        `Listing ${options.description} returned a page token it had returned before; stopped to avoid an endless loop.`,
      );
    }
    seenTokens.add(page.nextPageToken);
    pageToken = page.nextPageToken;
  }
}
