// What the client knows. Messages are kept for the open conversation only, keyed by sequence (the server may
// deliver a message again after a reconnect; the key makes that harmless).
export const state = {
  me: null,
  users: new Map(),          // userId -> {userId, username, displayName}
  presence: new Map(),       // userId -> {userId, online, lastSeenAt}
  conversations: new Map(),  // conversationId -> list item (+ readUpTo, lastActivity)
  openId: null,
  messages: new Map(),       // sequence -> message of the open conversation
  pending: new Map(),        // clientMessageId -> a message sent but not yet committed
  hasOlder: false,
  loadingOlder: false,
  typing: new Map(),         // conversationId -> Set of userIds typing
  pinOrder: [],              // the pinned conversations' ids, the latest pinned first
  showArchived: false,       // the list shows the archive instead of the chats
  readReceipts: true,        // the user sends read receipts; without, others' reads in direct chats show as delivered
};

/** Muted by this user (no push notifications, no desktop notifications here), until a time or until unmuted. */
export const isMuted = conversation => Boolean(conversation?.muted) && (!conversation.mutedUntil || new Date(conversation.mutedUntil) > new Date());

/** Deleted by nobody: its disappearing timer ran out (docs/protocol.md, "Disappearing messages"). */
export const Nobody = '00000000-0000-0000-0000-000000000000';

/** A disappearing message is hidden from its time on, without waiting for the server's deletion. */
export const hasDisappeared = m => m.deletedBy === Nobody || (Boolean(m.expiresAt) && new Date(m.expiresAt) <= new Date());

/**
 * A message's ticks as this user is shown them: with their own read receipts off, they do not see the other side's
 * reads in a direct chat either, as WhatsApp does (the server tells every client the truth; docs/adr/0026-read-receipts-off.md).
 */
export const shownStatus = (m, group) => !group && !state.readReceipts && m.status === 'read' ? 'delivered' : m.status;

export const displayName = userId => state.users.get(userId)?.displayName ?? 'someone';

export function directPeer(conversation) {
  return conversation.kind === 'direct' ? conversation.memberIds.find(id => id !== state.me.userId) ?? null : null;
}

/** A direct conversation whose other member deleted their account: it stays to read, closed to writing. */
export const peerGone = conversation => conversation.kind === 'direct' && conversation.memberIds.length < 2;

export function conversationName(conversation) {
  const peer = directPeer(conversation);
  return peer ? displayName(peer) : peerGone(conversation) ? 'Deleted account' : conversation.title ?? 'Group';
}
