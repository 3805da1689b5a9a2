import type { Actor } from '@parley/contracts';
import { jwtVerify, SignJWT } from 'jose';
import { requireMember } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { DomainError, unauthorized } from '../errors.ts';

const TICKET_TTL_SECONDS = 60;
const AUDIENCE = 'parley-realtime';

function secretOf(deps: ServiceDeps): Uint8Array {
  const secret = deps.config?.realtimeTicketSecret;
  if (!secret)
    throw new DomainError(
      'INTERNAL',
      'realtime tickets are not configured (REALTIME_TICKET_SECRET)',
    );
  return new TextEncoder().encode(secret);
}

/** A short-lived (60 s) signed ticket for the realtime handshake, bound to the user and workspace. */
export async function issueRealtimeTicket(
  deps: ServiceDeps,
  actor: Actor,
): Promise<{ ticket: string; expiresInSeconds: number }> {
  const member = await requireMember(deps.db, actor);
  if (member.kind !== 'user') throw unauthorized('only people connect to realtime');
  const now = Math.floor(deps.clock().getTime() / 1000);
  const ticket = await new SignJWT({ wid: actor.workspaceId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(member.id)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + TICKET_TTL_SECONDS)
    .sign(secretOf(deps));
  return { ticket, expiresInSeconds: TICKET_TTL_SECONDS };
}

/** Checks a ticket's signature and expiry, then that the user is still an active member. */
export async function verifyRealtimeTicket(deps: ServiceDeps, ticket: unknown): Promise<Actor> {
  if (typeof ticket !== 'string' || ticket.length === 0 || ticket.length > 2048)
    throw unauthorized('a realtime ticket is required');
  let userId: string;
  let workspaceId: string;
  try {
    const { payload } = await jwtVerify(ticket, secretOf(deps), {
      audience: AUDIENCE,
      algorithms: ['HS256'],
      currentDate: deps.clock(),
    });
    if (typeof payload.sub !== 'string' || typeof payload.wid !== 'string')
      throw new Error('malformed');
    userId = payload.sub;
    workspaceId = payload.wid;
  } catch {
    throw unauthorized('the realtime ticket is invalid or expired');
  }
  const actor: Actor = { kind: 'user', id: userId, workspaceId };
  await requireMember(deps.db, actor);
  return actor;
}
