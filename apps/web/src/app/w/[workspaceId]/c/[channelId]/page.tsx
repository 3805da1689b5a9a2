import { redirect } from 'next/navigation';
import { ChatApp } from '@/components/chat/chat-app';
import { env } from '@/env';
import { getUserId } from '@/server/auth';

export const dynamic = 'force-dynamic';

export default async function ChannelPage({
  params,
}: {
  params: Promise<{ workspaceId: string; channelId: string }>;
}) {
  const { workspaceId, channelId } = await params;
  const userId = await getUserId();
  if (!userId) redirect(`/sign-in?next=${encodeURIComponent(`/w/${workspaceId}/c/${channelId}`)}`);
  return (
    <div className="h-dvh">
      <ChatApp
        workspaceId={workspaceId}
        channelId={channelId}
        me={{ id: userId }}
        realtimeUrl={env.REALTIME_PUBLIC_URL ?? env.NEXT_PUBLIC_REALTIME_URL ?? null}
      />
    </div>
  );
}
