// What every operation gets: the request, its parsed URL and query, and what the API was built with.
import type { CheckStatusLinkOptions } from './check-status-links.js';
import type { DurableHttpClient, DurableHttpRequest, KnownEntity } from './durable-http-types.js';

export interface OperationContext {
  client: DurableHttpClient;
  links: CheckStatusLinkOptions;
  orchestrationNames?: () => readonly string[];
  knownEntities?: () => readonly KnownEntity[];
}

export interface RequestParts {
  request: DurableHttpRequest;
  url: URL;
  query: URLSearchParams;
}
