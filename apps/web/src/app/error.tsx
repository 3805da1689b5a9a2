'use client';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="flex h-full flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="text-zinc-500">We could not show this page. Your messages are safe.</p>
      <button className="rounded-md bg-accent px-3 py-2 text-white" onClick={reset}>
        Try again
      </button>
    </main>
  );
}
