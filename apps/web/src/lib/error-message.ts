/** Turns any error into a sentence a person can act on; never a stack trace. */
export function messageOf(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { message?: unknown; data?: { code?: string } | null; shape?: unknown };
    const code = e.data?.code;
    if (code === 'INTERNAL_SERVER_ERROR')
      return 'Something went wrong on our side. Please try again.';
    if (code === 'TOO_MANY_REQUESTS')
      return 'You are going a bit fast. Wait a moment and try again.';
    if (
      typeof e.message === 'string' &&
      e.message.length > 0 &&
      e.message.length < 300 &&
      !e.message.includes('\n    at ')
    ) {
      const text = e.message.replace(/^\w+: /, '');
      if (text.startsWith('[') || text.startsWith('{'))
        return 'Please check what you entered and try again.';
      return text.charAt(0).toUpperCase() + text.slice(1);
    }
  }
  if (typeof navigator !== 'undefined' && !navigator.onLine)
    return 'You appear to be offline. Check your connection.';
  return 'Something went wrong. Please try again.';
}
