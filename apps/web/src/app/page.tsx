import { redirect } from 'next/navigation';
import { getUserId } from '@/server/auth';
import { getServices } from '@/server/services';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const userId = await getUserId();
  if (!userId) redirect('/sign-in');
  const workspaces = await getServices()
    .workspaces.listMyWorkspaces(userId)
    .catch(() => null);
  if (!workspaces) redirect('/sign-in');
  const first = workspaces[0];
  redirect(first ? `/w/${first.id}` : '/new-workspace');
}
