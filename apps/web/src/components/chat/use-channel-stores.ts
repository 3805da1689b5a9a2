'use client';

import { useReducer } from 'react';
import {
  emptyChannel,
  messagesReducer,
  type ChannelMessages,
  type MessageAction,
} from '@/lib/message-store';

type Stores = Record<string, ChannelMessages>;
type StoresAction = { channelId: string; action: MessageAction };

function storesReducer(state: Stores, { channelId, action }: StoresAction): Stores {
  const current = state[channelId] ?? emptyChannel;
  const next = messagesReducer(current, action);
  return next === current ? state : { ...state, [channelId]: next };
}

/** Every open conversation's messages, one pure reducer per channel. */
export function useChannelStores() {
  const [stores, dispatch] = useReducer(storesReducer, {});
  return {
    stores,
    dispatch: (channelId: string, action: MessageAction) => dispatch({ channelId, action }),
  };
}
