// Drawing the state into the page. Only the list, the open chat's header, its messages and the typing line.
import { state, conversationName, directPeer, displayName, isMuted, hasDisappeared, Nobody, peerGone, shownStatus } from './state.js';
import { $, element } from './dom.js';
import { parseAttachment, objectUrl, sizeText, previewText } from './attachments.js';
import { avatarImage, groupPhoto } from './avatars.js';

const time = iso => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

// As the server's rule (docs/protocol.md, "Editing and deleting"): a sender edits for 15 minutes.
const EditWindowMs = 15 * 60_000;

function lastSeen(iso) {
  const at = new Date(iso);
  const today = at.toDateString() === new Date().toDateString();
  return `last seen ${today ? 'today' : at.toLocaleDateString()} at ${time(iso)}`;
}

export function presenceText(userId) {
  const presence = state.presence.get(userId);
  if (!presence || presence.online === null) return '';
  return presence.online ? 'online' : presence.lastSeenAt ? lastSeen(presence.lastSeenAt) : 'offline';
}

const activity = c => c.lastMessage?.sentAt ?? c.createdAt ?? '';
const pinRank = c => c.pinned ? state.pinOrder.indexOf(c.conversationId) : Infinity;

// Pinned first (the latest pinned first), then by activity; the archive is a list of its own (docs/adr/0022-archive-and-pin.md).
export function renderConversations(open) {
  const list = $('#conversations');
  const all = [...state.conversations.values()];
  const unreadTotal = all.reduce((sum, c) => sum + (c.unreadCount ?? 0), 0);
  const archived = all.filter(c => c.archived).length;
  if (archived === 0) state.showArchived = false;
  $('#show-archived').hidden = archived === 0;
  $('#show-archived').textContent = state.showArchived ? 'Back to chats' : `Archived (${archived})`;
  const items = all.filter(c => Boolean(c.archived) === state.showArchived)
    .sort((a, b) => pinRank(a) - pinRank(b) || activity(b).localeCompare(activity(a)));
  document.title = unreadTotal > 0 ? `(${unreadTotal}) Chat` : 'Chat'; // the tab says it while the user is in another one
  list.replaceChildren(...items.map(c => {
    const peer = directPeer(c);
    const online = peer && state.presence.get(peer)?.online === true;
    const preview = !c.lastMessage ? 'No messages yet'
      : c.lastMessage.deletedAt || hasDisappeared(c.lastMessage) ? deletedText(c.lastMessage)
      : `${c.lastMessage.senderId === state.me.userId ? 'You: ' : c.kind === 'group' ? `${displayName(c.lastMessage.senderId)}: ` : ''}${previewText(c.lastMessage.body)}`;
    const unread = c.unreadCount > 0 ? element('span', { class: 'badge', 'aria-label': `${c.unreadCount} unread` }, String(c.unreadCount)) : null;
    return element('li', { class: c.conversationId === state.openId ? 'conversation open' : 'conversation', 'data-conversation-id': c.conversationId },
      element('button', { type: 'button', onclick: () => open(c.conversationId), 'aria-label': `Open ${conversationName(c)}` },
        peer ? avatarImage(state.users.get(peer)) : groupPhoto(c),
        element('span', { class: `dot ${peer ? (online ? 'online' : 'offline') : 'group'}`, 'aria-hidden': 'true' }),
        element('span', { class: 'summary' },
          element('span', { class: 'name' }, conversationName(c)),
          element('span', { class: 'preview' }, preview),
          peer ? element('span', { class: 'presence' }, presenceText(peer)) : null),
        c.pinned ? element('span', { class: 'pinned', 'aria-label': 'pinned', title: 'pinned' }, '\u{1F4CC}') : null,
        isMuted(c) ? element('span', { class: 'muted', 'aria-label': 'muted', title: 'muted' }, '\u{1F515}') : null,
        unread));
  }));
}

export function renderChatHeader(conversation) {
  if (!conversation) return;
  $('#chat-name').textContent = conversationName(conversation);
  const peer = directPeer(conversation);
  $('#chat-avatar').replaceChildren((peer ? avatarImage(state.users.get(peer), 'large') : groupPhoto(conversation, 'large')) ?? '');
  $('#chat-status').title = conversation.description ?? '';
  const gone = peerGone(conversation);
  $('#chat-status').textContent = peer ? presenceText(peer) : gone ? '' : `${conversation.memberIds.length} members`;
  $('#manage-group').hidden = conversation.kind !== 'group';
  $('#mute').textContent = isMuted(conversation) ? 'Unmute' : 'Mute';
  $('#pin').textContent = conversation.pinned ? 'Unpin' : 'Pin';
  $('#archive').textContent = conversation.archived ? 'Unarchive' : 'Archive';
  // Only the user's own block is known here; a block by the other side shows when a send is refused.
  const blocked = Boolean(peer && conversation.blocked);
  $('#block').hidden = !peer;
  $('#report').hidden = !peer || gone;
  $('#delete-chat').hidden = conversation.kind !== 'direct';
  $('#block').textContent = blocked ? 'Unblock' : 'Block';
  const adminsOnly = Boolean(conversation.onlyAdminsSend && !conversation.admin); // the server refuses the others' sends
  $('#blocked').hidden = !blocked && !gone && !adminsOnly;
  $('#blocked').textContent = gone ? 'This account was deleted. The chat stays here to read.'
    : blocked ? `You blocked ${displayName(peer)}. Unblock to write to each other again.`
    : adminsOnly ? 'Only admins can send messages in this group.' : '';
  $('#composer').hidden = blocked || gone || adminsOnly;
  renderDisappearing(conversation);
}

const ticks = {
  pending: ['\u{1F552}', 'sending'],
  sent: ['\u2713', 'sent'],
  delivered: ['\u2713\u2713', 'delivered'],
  read: ['\u2713\u2713', 'read'],
  failed: ['!', 'not sent'],
};

const deletedText = m => m.deletedBy === Nobody ? 'This message disappeared'
  : m.deletedBy && m.deletedBy !== m.senderId
  ? `Deleted by ${m.deletedBy === state.me.userId ? 'you' : displayName(m.deletedBy)}` // a group's admin
  : m.senderId === state.me.userId ? 'You deleted this message' : 'This message was deleted';

const QuickReactions = ['\u{1F44D}', '\u2764\uFE0F', '\u{1F602}'];

// Each emoji with how many reacted with it; pressing one's own takes it back, another's or a quick one reacts with it.
function reactionsView(m, actions) {
  const mine = m.reactions?.[state.me.userId] ?? null;
  const counts = new Map();
  for (const emoji of Object.values(m.reactions ?? {})) counts.set(emoji, (counts.get(emoji) ?? 0) + 1);
  const chips = [...counts].map(([emoji, count]) => element('button', {
    type: 'button', class: emoji === mine ? 'reaction mine' : 'reaction', 'aria-pressed': String(emoji === mine),
    'aria-label': `${emoji} ${count}`, onclick: () => actions.react(m, emoji === mine ? null : emoji) }, `${emoji} ${count}`));
  const quick = QuickReactions.filter(emoji => !counts.has(emoji)).map(emoji => element('button', {
    type: 'button', class: 'react', 'aria-label': `React with ${emoji}`, onclick: () => actions.react(m, emoji) }, emoji));
  return element('span', { class: 'reactions' }, ...chips, ...quick);
}

/**
 * actions: edit(message) for the user's own messages once stored, remove(message) for those and, for a group's admin,
 * everyone's; hide(message) (delete for me) and react(message, emoji) for any.
 */
function messageItem(m, group, admin, actions) {
  const mine = m.senderId === state.me.userId;
  const status = shownStatus(m, group);
  const [symbol, label] = ticks[status] ?? ticks.sent;
  const stored = Boolean(m.sequence) && !m.deletedAt;
  const editable = mine && stored && !parseAttachment(m.body) && Date.now() - new Date(m.sentAt).getTime() < EditWindowMs;
  return element('li', { class: mine ? 'message mine' : 'message', 'data-sequence': m.sequence ?? '', 'data-status': mine ? status : null },
    group && !mine ? element('span', { class: 'author' }, displayName(m.senderId)) : null,
    m.deletedAt ? element('p', { class: 'body deleted' }, deletedText(m)) : bodyView(m),
    m.sequence && !m.deletedAt ? reactionsView(m, actions) : null,
    element('span', { class: 'meta' },
      editable ? element('button', { type: 'button', class: 'revise', 'aria-label': 'Edit message', onclick: () => actions.edit(m) }, 'Edit') : null,
      stored && (mine || admin) ? element('button', { type: 'button', class: 'revise', 'aria-label': 'Delete message', onclick: () => actions.remove(m) }, 'Delete') : null,
      m.sequence ? element('button', { type: 'button', class: 'revise', onclick: () => actions.hide(m) }, 'Delete for me') : null,
      m.editedAt && !m.deletedAt ? element('span', { class: 'edited' }, 'edited') : null,
      element('time', { datetime: m.sentAt }, time(m.sentAt)),
      mine ? element('span', { class: `tick ${status}`, 'aria-label': label, title: label }, symbol) : null));
}

function bodyView(m) {
  const a = parseAttachment(m.body);
  if (!a) return element('p', { class: 'body' }, m.body);
  const label = `${a.name} (${sizeText(a.size)})`;
  if (a.contentType?.startsWith('image/')) {
    const image = element('img', { class: 'picture', alt: a.name });
    objectUrl(m.conversationId, a.attachmentId).then(url => { image.src = url; }, e => { image.alt = unavailable(a.name, e); });
    return element('figure', { class: 'body attachment' }, image, element('figcaption', {}, label));
  }
  const save = async event => {
    event.preventDefault();
    try {
      element('a', { href: await objectUrl(m.conversationId, a.attachmentId), download: a.name }).click();
    } catch (e) {
      event.target.textContent = unavailable(label, e);
    }
  };
  return element('p', { class: 'body attachment' }, element('a', { href: '#', class: 'file', onclick: save }, `\u{1F4CE} ${label}`));
}

// A file the server no longer keeps (its retention, docs/protocol.md "Attachments") says so; any other failure too.
const unavailable = (name, error) => error?.status === 410 ? `${name}: expired on the server` : `${name} could not be loaded`;

/** scroll: 'bottom' | 'bottom-if-near' | 'keep' (older page prepended) | 'none' */
export function renderMessages({ scroll }) {
  const list = $('#messages');
  const near = list.scrollHeight - list.scrollTop - list.clientHeight < 120;
  const before = list.scrollHeight - list.scrollTop;
  const conversation = state.conversations.get(state.openId);
  const group = conversation?.kind === 'group';
  const committed = [...state.messages.values()].filter(m => !hasDisappeared(m)).sort((a, b) => a.sequence - b.sequence);
  const pending = [...state.pending.values()].filter(m => m.conversationId === state.openId);
  list.replaceChildren(...[...committed, ...pending].map(m => messageItem(m, group, group && conversation.admin === true, messageActions)));
  if (scroll === 'bottom' || (scroll === 'bottom-if-near' && near)) list.scrollTop = list.scrollHeight;
  else if (scroll === 'keep') list.scrollTop = list.scrollHeight - before;
  hideWhenDue(committed);
}

// Renders again when the next shown disappearing message is due.
let disappearing = null;
function hideWhenDue(shown) {
  clearTimeout(disappearing);
  const next = Math.min(...shown.filter(m => m.expiresAt).map(m => new Date(m.expiresAt).getTime()));
  if (Number.isFinite(next)) disappearing = setTimeout(() => renderMessages({ scroll: 'none' }), Math.max(0, next - Date.now()) + 50);
}

const DisappearingChoices = [[null, 'Off'], [86400, '24 hours'], [604800, '7 days'], [7776000, '90 days']];

/** The timer's choices, with the conversation's own when it was set to another value elsewhere. */
function renderDisappearing(conversation) {
  const select = $('#disappearing');
  const current = conversation.disappearAfterSeconds ?? null;
  const choices = DisappearingChoices.some(([seconds]) => seconds === current) ? DisappearingChoices : [...DisappearingChoices, [current, `${current} seconds`]];
  select.replaceChildren(...choices.map(([seconds, text]) => element('option', { value: seconds ?? '' }, text)));
  select.value = current ?? '';
  select.disabled = conversation.kind === 'group' && conversation.admin !== true; // a group's admins set it
}

let messageActions = { edit: () => {}, remove: () => {}, hide: () => {}, react: () => {} };

/** What the Edit and Delete buttons of the user's own messages, and every message's Delete for me and reactions, do (app.js). */
export function setMessageActions(actions) {
  messageActions = actions;
}

export function renderTyping() {
  const typists = [...(state.typing.get(state.openId) ?? [])].map(displayName);
  $('#typing').textContent = typists.length === 0 ? '' : `${typists.join(', ')} ${typists.length === 1 ? 'is' : 'are'} typing\u2026`;
}

export function renderConnection(connection) {
  const text = { connecting: 'Connecting\u2026', reconnecting: 'Reconnecting\u2026', offline: 'Offline, retrying\u2026' }[connection] ?? '';
  $('#connection').textContent = text;
  $('#connection').dataset.state = connection;
}
