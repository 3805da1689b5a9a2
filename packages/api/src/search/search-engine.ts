import type { ParsedSearchQuery } from './parse-search-query.ts';

export interface SearchViewer {
  workspaceId: string;
  userId: string;
  /** Guests read only channels they are in; members also read every public channel. */
  isGuest: boolean;
}

export interface SearchHit {
  messageId: string;
  channelId: string;
  /** The matching part of the message, with matches wrapped in [[ ]]. */
  snippet: string;
  rank: number;
}

/**
 * A search backend. Every engine applies the viewer's permissions inside its own query (never by
 * filtering results afterwards) and keeps its index in step through `sync`, which is idempotent and
 * order-independent: it indexes the message as it is now, or removes it if deleted or gone.
 */
export interface SearchEngine {
  readonly name: string;
  sync(messageId: string): Promise<void>;
  search(viewer: SearchViewer, query: ParsedSearchQuery, limit: number): Promise<SearchHit[]>;
}
