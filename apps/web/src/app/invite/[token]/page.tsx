import { AuthCard } from '@/components/auth/auth-card';
import { InviteAccept } from './invite-accept';

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <AuthCard title="Join a workspace">
      <InviteAccept token={token} />
    </AuthCard>
  );
}
