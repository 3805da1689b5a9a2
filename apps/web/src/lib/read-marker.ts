/**
 * Marks channels read up to a seq, sending each seq once. A mark that fails is forgotten, so the
 * next chance (a new message, scrolling to the bottom, coming back to the tab) sends it again.
 */
export function createReadMarker(send: (channelId: string, seq: number) => Promise<unknown>) {
  const marked = new Map<string, number>();
  return {
    /** Sends `seq` unless it or more is marked (or being marked) here or read on the server. */
    mark(channelId: string, seq: number, readOnServer: number): Promise<boolean> | null {
      const previous = marked.get(channelId) ?? 0;
      if (seq <= previous || seq <= readOnServer) return null;
      marked.set(channelId, seq);
      return send(channelId, seq).then(
        () => true,
        () => {
          if (marked.get(channelId) === seq) marked.set(channelId, previous);
          return false;
        },
      );
    },
  };
}
