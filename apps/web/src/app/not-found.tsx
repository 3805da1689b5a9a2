import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="flex h-full flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <Link className="text-accent underline" href="/">
        Back to Parley
      </Link>
    </main>
  );
}
