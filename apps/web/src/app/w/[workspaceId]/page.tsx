import { redirect } from 'next/navigation';
import { getUserId } from '@/server/auth';
import { getServices } from '@/server/services';

export const dynamic = 'force-dynamic';

export default async function WorkspaceHome({
  params,
}: {
  params: Promise<{ workspaceId: string }>;
}) {
  const { workspaceId } = await params;
  const userId = await getUserId();
  if (!userId) redirect(`/sign-in?next=/w/${workspaceId}`);
  const channels = await getServices()
    .channels.listMyChannels({ kind: 'user', id: userId, workspaceId })
    .catch(() => null);
  if (!channels) redirect('/');
  const general = channels.find((c) => c.name === 'general') ?? channels[0];
  if (!general) redirect('/');
  redirect(`/w/${workspaceId}/c/${general.id}`);
}
