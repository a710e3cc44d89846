// The web client: sign-in, then the conversation list and the open chat, kept live by the hub.
import { api, useToken, ApiError } from './api.js';
import { connect } from './hub.js';
import { state, directPeer, isMuted } from './state.js';
import { renderConversations, renderChatHeader, renderMessages, renderTyping, renderConnection, setMessageActions } from './render.js';
import { setUpGroupDialogs } from './groups.js';
import { setUpSettings } from './settings.js';
import { setUpReport } from './report.js';
import { notify } from './notify.js';
import { attachmentBody, upload } from './attachments.js';
import { createOutbox, hubErrorText } from './outbox.js';
import { $, showError, clearError } from './dom.js';

// The list redraws at most once a frame: a reconnect's catch-up can push hundreds of messages in a burst.
let listFrame = null;
function renderList() {
  listFrame ??= requestAnimationFrame(() => {
    listFrame = null;
    renderConversations(openConversation);
  });
}

const Session = 'chat.session';
const DeviceKey = 'chat.deviceId';
const PageSize = 50;
const TypingRenewMs = 3_000;

let hub = null;
let outbox = null;

// ---- sign-in ----------------------------------------------------------------------------------

function deviceId() {
  let id = localStorage.getItem(DeviceKey);
  if (!id) localStorage.setItem(DeviceKey, id = `web-${crypto.randomUUID().slice(0, 8)}`);
  return id;
}

async function signIn(username, password) {
  await start(await api.signIn(username, password, deviceId(), `Web browser (${navigator.platform || 'unknown'})`));
}

// The signed-in session: the token and when it came, kept across reloads.
let session = null;

function keep(token) {
  session = { ...token, receivedAt: token.receivedAt ?? Date.now() };
  localStorage.setItem(Session, JSON.stringify(session));
  useToken(session.accessToken, signOut);
}

// Half-way through a token's life the client trades it for a fresh one, so a page left open, or opened again within
// the lifetime, stays signed in (a removed device's refresh is a 401, which signs out). A failed refresh is retried.
function keepSignedIn() {
  const due = session.receivedAt + (new Date(session.expiresAt) - session.receivedAt) / 2;
  setTimeout(async () => {
    try {
      keep({ ...(await api.refreshToken()), receivedAt: Date.now() });
      keepSignedIn();
    } catch {
      setTimeout(keepSignedIn, 30_000);
    }
  }, Math.max(0, due - Date.now()));
}

function signOut() {
  localStorage.removeItem(Session);
  location.reload();
}

$('#sign-in').addEventListener('submit', async event => {
  event.preventDefault();
  const form = new FormData(event.target);
  try { await signIn(form.get('username'), form.get('password')); } catch (e) { showError('#auth-error', e); }
});

$('#sign-up').addEventListener('submit', async event => {
  event.preventDefault();
  const form = new FormData(event.target);
  const username = form.get('username');
  try {
    await api.register(username, form.get('password'), form.get('displayName') || username);
    await signIn(username, form.get('password'));
  } catch (e) { showError('#auth-error', e); }
});

// Signing out on purpose (or deleting the account) also drops what the outbox still holds for this user.
function signOutAndForget() {
  outbox?.clear();
  signOut();
}

$('#sign-out').addEventListener('click', signOutAndForget);

// ---- start-up ---------------------------------------------------------------------------------

async function start(token) {
  keep(token);
  keepSignedIn();
  outbox = createOutbox({
    storageKey: `chat.outbox.${token.userId}`,
    pending: state.pending,
    send: ({ conversationId, clientMessageId, body }) => hub.invoke('SendMessage', { conversationId, clientMessageId, body }),
    connected: () => hub?.connected() ?? false,
    onSent,
    onFailed,
  });
  $('#auth').hidden = true;
  $('#app').hidden = false;
  state.me = await untilReachable(() => api.user(token.userId));
  state.readReceipts = (await untilReachable(api.privacy)).readReceipts;
  $('#me').textContent = state.me.displayName;
  hub = connect(() => session.accessToken, {
    MessageReceived: onMessage,
    MessageRevised: onRevised,
    ReceiptUpdated: onReceipt,
    PresenceChanged: onPresence,
    TypingChanged: onTyping,
    ConversationUpdated: onConversationUpdated,
    ChatListChanged: onChatListChanged,
    ProfileChanged: onProfileChanged,
  }, onConnectionState);
  await untilReachable(loadConversations);
  await groups.offerInvite();
}

// A server or database that cannot be reached is no reason to sign out (only a 401 is): try again every few seconds.
async function untilReachable(load) {
  for (;;) {
    try {
      return await load();
    } catch (e) {
      if (e instanceof ApiError && e.status < 500 && e.status !== 429) throw e;
      renderConnection('offline');
      await new Promise(resolve => setTimeout(resolve, 3_000));
    }
  }
}

let lostHub = false;

function onConnectionState(connection) {
  renderConnection(connection);
  // Lost the hub: if it is the token (this device was removed, or it expired) the API says 401 and signs out.
  if (connection === 'reconnecting' || connection === 'offline') {
    lostHub = true;
    api.user(state.me.userId).catch(() => {});
  }
  // The server replays what this device missed on every reconnect; the list and the open chat are refreshed too,
  // for what changed meanwhile (receipts, read marks from another device). The first connect follows start()'s load.
  if (lostHub && (connection === 'reconnected' || connection === 'connected')) {
    lostHub = false;
    loadConversations().catch(() => {});
    if (state.openId) loadNewer(state.openId).catch(() => {});
  }
  if (connection === 'reconnected' || connection === 'connected') outbox.flush();
}

// ---- the conversation list --------------------------------------------------------------------

async function loadConversations() {
  const list = await api.conversations();
  for (const item of list) {
    const known = state.conversations.get(item.conversationId);
    // The list is an asynchronous projection: never let it move a conversation backwards.
    if (known && known.lastSequence > item.lastSequence) continue;
    const read = (known?.readUpTo ?? 0) >= item.lastSequence || item.conversationId === state.openId;
    // Into the known entry itself: a message handler holding it across an await must update the entry the list shows.
    const merged = Object.assign(known ?? {}, item);
    if (read) merged.unreadCount = 0;
    state.conversations.set(item.conversationId, merged);
  }
  state.pinOrder = list.filter(c => c.pinned).map(c => c.conversationId); // the server lists them in that order
  await Promise.all(list.map(c => knowMembers(c.memberIds)));
  await Promise.all([...state.conversations.values()].map(c => directPeer(c)).filter(Boolean).map(watchPresence));
  renderList();
}

async function knowMembers(ids) {
  await Promise.all(ids.filter(id => !state.users.has(id)).map(async id => state.users.set(id, await api.user(id))));
}

async function watchPresence(userId) {
  if (state.presence.has(userId)) return;
  state.presence.set(userId, await api.presence(userId));
}

// A conversation the list does not show yet (someone just started it): its details make the entry. Listed only once its
// members are known, and filled in once however many messages arrive meanwhile: their handlers wait for the same
// promise and go on in the order they arrived, so each is counted.
const fillingIn = new Map(); // conversationId -> the promise of its entry

function ensureConversation(conversationId) {
  if (state.conversations.has(conversationId)) return Promise.resolve(state.conversations.get(conversationId));
  if (!fillingIn.has(conversationId)) fillingIn.set(conversationId, fillIn(conversationId).finally(() => fillingIn.delete(conversationId)));
  return fillingIn.get(conversationId);
}

async function fillIn(conversationId) {
  const details = await api.conversation(conversationId);
  const entry = {
    conversationId, kind: details.kind, title: details.title, memberIds: details.members.map(m => m.userId),
    lastMessage: null, unreadCount: 0, lastSequence: 0,
  };
  await knowMembers(entry.memberIds);
  const peer = directPeer(entry);
  if (peer) await watchPresence(peer);
  if (state.conversations.has(conversationId)) return state.conversations.get(conversationId); // listed meanwhile
  state.conversations.set(conversationId, entry);
  return entry;
}

$('#new-direct').addEventListener('submit', async event => {
  event.preventDefault();
  clearError('#sidebar-error');
  try {
    const user = await api.findUser($('#direct-username').value.trim());
    state.users.set(user.userId, user);
    const { conversationId } = await api.openDirect(user.userId);
    await ensureConversation(conversationId);
    $('#direct-username').value = '';
    renderList();
    await openConversation(conversationId);
  } catch (e) { showError('#sidebar-error', e); }
});

// ---- the open chat ----------------------------------------------------------------------------

async function openConversation(conversationId) {
  if (editing) stopEditing();
  state.openId = conversationId;
  state.hasOlder = true;
  const conversation = await ensureConversation(conversationId);
  $('#app').classList.add('chat-open');
  $('#chat-empty').hidden = true;
  $('#chat-view').hidden = false;
  renderChatHeader(conversation);
  knowDetails(conversation);
  const page = await api.messages(conversationId, { limit: PageSize });
  state.messages = new Map(page.messages.map(m => [m.sequence, m]));
  state.hasOlder = page.messages.length === PageSize;
  renderMessages({ scroll: 'bottom' });
  renderList();
  markRead();
  $('#message-body').focus();
}

// A group's admin may delete anyone's message, and a direct chat may be blocked by the user: both come with the details.
async function knowDetails(conversation) {
  try {
    const details = await api.conversation(conversation.conversationId);
    noteRoles(conversation, details.members);
    conversation.blocked = details.blocked;
    conversation.disappearAfterSeconds = details.disappearAfterSeconds;
    conversation.onlyAdminsSend = details.onlyAdminsSend;
    Object.assign(conversation, { description: details.description, photoId: details.photoId });
    if (state.openId === conversation.conversationId) {
      renderChatHeader(conversation);
      renderMessages({ scroll: 'none' });
    }
  } catch {
    // Without the details, only the user's own messages offer Delete, and the composer stays.
  }
}

const noteRoles = (conversation, members) => {
  conversation.admin = members.some(m => m.userId === state.me.userId && m.role === 'admin');
};

async function loadNewer(conversationId) {
  const last = Math.max(0, ...state.messages.keys());
  const page = await api.messages(conversationId, { after: last, limit: 200 });
  if (state.openId !== conversationId) return;
  for (const m of page.messages) state.messages.set(m.sequence, m);
  await refreshStatuses();
  renderMessages({ scroll: 'bottom' });
  markRead();
}

async function loadOlder() {
  if (!state.hasOlder || state.loadingOlder || !state.openId) return;
  state.loadingOlder = true;
  try {
    const first = Math.min(...state.messages.keys());
    const page = await api.messages(state.openId, { before: first, limit: PageSize });
    for (const m of page.messages) state.messages.set(m.sequence, m);
    state.hasOlder = page.messages.length === PageSize;
    renderMessages({ scroll: 'keep' });
  } finally { state.loadingOlder = false; }
}

$('#messages').addEventListener('scroll', () => { if ($('#messages').scrollTop < 80) loadOlder().catch(() => {}); });

$('#back').addEventListener('click', () => {
  state.openId = null;
  $('#app').classList.remove('chat-open');
  $('#chat-view').hidden = true;
  $('#chat-empty').hidden = false;
  renderList();
});

// Read is what the user sees: the open chat, while the page is visible.
function markRead() {
  const conversation = state.conversations.get(state.openId);
  if (!conversation || document.visibilityState !== 'visible') return;
  const last = Math.max(0, ...[...state.messages.values()].filter(m => m.senderId !== state.me.userId).map(m => m.sequence));
  if (last > (conversation.readUpTo ?? 0)) {
    // Noted once sent: a read mark sent while the connection was down goes again when it is back (loadNewer calls this).
    hub?.send('MarkRead', { conversationId: state.openId, upToSequence: last })
      .then(sent => { if (sent) conversation.readUpTo = Math.max(conversation.readUpTo ?? 0, last); });
  }
  if (conversation.unreadCount) {
    conversation.unreadCount = 0;
    renderList();
  }
}
document.addEventListener('visibilitychange', markRead);

// ---- sending and typing -----------------------------------------------------------------------

function sendTyped() {
  const input = $('#message-body');
  const body = input.value;
  if (!body.trim() || !state.openId) return;
  input.value = '';
  stopTyping();
  if (editing) return saveEdit(body);
  send(state.openId, body);
}

// Shown at once with a clock; the outbox sends it, again if need be, and the single tick comes with the commit.
function send(conversationId, body) {
  const clientMessageId = crypto.randomUUID();
  clearError('#chat-error');
  outbox.add({ messageId: clientMessageId, clientMessageId, conversationId, senderId: state.me.userId, sequence: null, sentAt: new Date().toISOString(), body });
  renderMessages({ scroll: 'bottom' });
}

function onSent(pending, result) {
  const message = { ...pending, ...result, status: 'sent' };
  const conversation = state.conversations.get(message.conversationId);
  if (conversation) applyReceipts(conversation, message);
  if (state.openId === message.conversationId && !state.messages.has(result.sequence)) state.messages.set(result.sequence, message);
  noteLastMessage(message);
  renderMessages({ scroll: 'bottom' });
}

function onFailed(message, error) {
  renderMessages({ scroll: 'bottom' });
  if (state.openId === message.conversationId) showError('#chat-error', `Not sent: ${hubErrorText(error)}`);
}

$('#composer').addEventListener('submit', event => { event.preventDefault(); sendTyped(); });
$('#message-body').addEventListener('keydown', event => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) { event.preventDefault(); sendTyped(); }
});

// A picked file is stored first, then shared in a message that refers to it.
$('#attach-file').addEventListener('change', async event => {
  const file = event.target.files[0];
  event.target.value = '';
  if (!file || !state.openId) return;
  const conversationId = state.openId;
  clearError('#chat-error');
  try {
    send(conversationId, attachmentBody(await upload(conversationId, file), file.name));
  } catch (e) {
    showError('#chat-error', e);
  }
});

let typingSentAt = 0;
$('#message-body').addEventListener('input', () => {
  if (!state.openId) return;
  if (!$('#message-body').value) return stopTyping();
  if (Date.now() - typingSentAt < TypingRenewMs) return;
  typingSentAt = Date.now();
  hub?.send('SetTyping', { conversationId: state.openId, typing: true });
});

function stopTyping() {
  if (!typingSentAt || !state.openId) return;
  typingSentAt = 0;
  hub?.send('SetTyping', { conversationId: state.openId, typing: false });
}

// A setting of the open chat changed from its header; what the server refused shows under the chat. The header is
// drawn again either way, so it shows what the server holds.
async function changeOpenChat(change) {
  const conversation = state.conversations.get(state.openId);
  if (!conversation) return;
  clearError('#chat-error');
  try {
    await change(conversation);
  } catch (e) {
    showError('#chat-error', e);
  }
  renderChatHeader(conversation);
}

// Messages sent from now on disappear after the chosen time, for everyone (docs/adr/0018-disappearing-messages.md).
$('#disappearing').addEventListener('change', event => changeOpenChat(async conversation => {
  const afterSeconds = event.target.value === '' ? null : Number(event.target.value);
  await api.disappearing(conversation.conversationId, afterSeconds);
  conversation.disappearAfterSeconds = afterSeconds;
}));

// A block stops both sides writing in the direct chat until the user lifts it (docs/adr/0017-blocking.md).
$('#block').addEventListener('click', () => changeOpenChat(async conversation => {
  const block = !conversation.blocked;
  await (block ? api.block(conversation.conversationId) : api.unblock(conversation.conversationId));
  conversation.blocked = block;
}));

// A mute is the user's, on every device: no push notifications, and no desktop notifications in this page either.
$('#mute').addEventListener('click', () => changeOpenChat(async conversation => {
  const mute = !isMuted(conversation);
  await (mute ? api.mute(conversation.conversationId) : api.unmute(conversation.conversationId));
  Object.assign(conversation, { muted: mute, mutedUntil: null });
  renderList();
}));

// Pinning and archiving are the user's, on every device (docs/adr/0022-archive-and-pin.md); the server unpins what is
// archived and takes out of the archive what is pinned, and so does this.
$('#pin').addEventListener('click', () => changeOpenChat(async conversation => {
  const pin = !conversation.pinned;
  await api.arrange(conversation.conversationId, 'pin', pin);
  arranged(conversation, { pinned: pin, archived: pin ? false : conversation.archived });
}));

$('#archive').addEventListener('click', () => changeOpenChat(async conversation => {
  const archive = !conversation.archived;
  await api.arrange(conversation.conversationId, 'archive', archive);
  arranged(conversation, { archived: archive, pinned: archive ? false : conversation.pinned });
}));

// Clearing is the user's own copy of the history, on every device (docs/adr/0027-clearing-a-chat.md): up to the last
// message shown here, which the open chat has read already.
$('#clear-chat').addEventListener('click', () => changeOpenChat(async conversation => {
  const upTo = Math.max(0, ...[...state.messages.keys()].filter(Number.isFinite));
  if (upTo === 0 || !confirm('Clear the messages of this chat on all your devices? The others keep theirs.')) return;
  await api.clearHistory(conversation.conversationId, upTo);
  cleared(conversation, upTo);
}));

// Deleting a message for oneself is the user's own copy too, on every device: the others keep it.
async function deleteForMe(message) {
  clearError('#chat-error');
  if (!confirm('Delete this message for you, on all your devices? The others keep it.')) return;
  try {
    await api.deleteForMe(message.conversationId, message.messageId);
    const conversation = state.conversations.get(message.conversationId);
    if (conversation) hidden(conversation, [message.sequence]);
  } catch (e) {
    showError('#chat-error', `Not deleted: ${e.message}`);
  }
}

function hidden(conversation, sequences) {
  if (sequences.includes(conversation.lastMessage?.sequence)) conversation.lastMessage = null;
  if (state.openId === conversation.conversationId) {
    for (const sequence of sequences) state.messages.delete(sequence);
    renderMessages({ scroll: 'none' });
  }
  renderList();
}

// Deleting a direct chat clears it and takes it off the list, on every device, until a new message brings it back.
$('#delete-chat').addEventListener('click', () => changeOpenChat(async conversation => {
  if (!confirm('Delete this chat from all your devices? The other side keeps theirs.')) return;
  await api.deleteChat(conversation.conversationId);
  deleted(conversation);
}));

function deleted(conversation) {
  state.conversations.delete(conversation.conversationId);
  if (state.openId === conversation.conversationId) $('#back').click();
  renderList();
}

function cleared(conversation, upTo) {
  conversation.clearedUpTo = Math.max(conversation.clearedUpTo ?? 0, upTo);
  if (conversation.lastMessage?.sequence <= conversation.clearedUpTo) conversation.lastMessage = null;
  if (state.openId === conversation.conversationId) {
    for (const sequence of [...state.messages.keys()]) if (sequence <= conversation.clearedUpTo) state.messages.delete(sequence);
    renderMessages({ scroll: 'none' });
  }
  renderList();
}

function arranged(conversation, flags) {
  Object.assign(conversation, flags);
  state.pinOrder = state.pinOrder.filter(id => id !== conversation.conversationId);
  if (flags.pinned) state.pinOrder.unshift(conversation.conversationId);
  renderList();
}

$('#show-archived').addEventListener('click', () => {
  state.showArchived = !state.showArchived;
  renderList();
});

// ---- editing and deleting one's own messages, reacting to any ---------------------------------

// The message being edited: its text goes to the composer, and the next submit saves it instead of sending.
let editing = null;

function startEditing(message) {
  editing = message;
  $('#editing').hidden = false;
  $('#message-body').value = message.body;
  $('#message-body').focus();
}

function stopEditing() {
  editing = null;
  $('#editing').hidden = true;
}

// Not through the outbox: a change the server did not take says so, and the user tries again. Its answer is applied
// but not acknowledged: it may overtake a push of an earlier message still on its way, which an acknowledgement of the
// later sequence would then keep the relay from bringing again.
async function revise(method, argument, failure) {
  clearError('#chat-error');
  try {
    applyRevision(await hub.invoke(method, argument));
  } catch (e) {
    showError('#chat-error', `${failure}: ${hubErrorText(e)}`);
  }
}

async function saveEdit(body) {
  const { conversationId, messageId } = editing;
  stopEditing();
  await revise('EditMessage', { conversationId, messageId, body }, 'Not edited');
}

setMessageActions({
  edit: startEditing,
  remove: message => {
    if (!confirm('Delete this message for everyone?')) return;
    revise('DeleteMessage', { conversationId: message.conversationId, messageId: message.messageId }, 'Not deleted');
  },
  hide: deleteForMe,
  react: (message, emoji) => revise('React', { conversationId: message.conversationId, messageId: message.messageId, emoji }, 'No reaction'),
});
$('#cancel-edit').addEventListener('click', () => {
  stopEditing();
  $('#message-body').value = '';
});

// ---- what the server pushes -------------------------------------------------------------------

const deliveredUpTo = new Map();
let ackTimer = null;

// Acknowledge in batches: a reconnect replays many messages at once.
function acknowledge(conversationId, sequence) {
  deliveredUpTo.set(conversationId, Math.max(sequence, deliveredUpTo.get(conversationId) ?? 0));
  ackTimer ??= setTimeout(() => {
    ackTimer = null;
    for (const [id, upToSequence] of deliveredUpTo) hub?.send('AckDelivered', { conversationId: id, upToSequence });
    deliveredUpTo.clear();
  }, 50);
}

function noteLastMessage(message) {
  const conversation = state.conversations.get(message.conversationId);
  if (!conversation || message.sequence <= conversation.lastSequence) return false;
  conversation.lastSequence = message.sequence;
  conversation.lastMessage = message;
  conversation.lastActivity = Date.now();
  renderList();
  return true;
}

async function onMessage(message) {
  const conversation = await ensureConversation(message.conversationId);
  const isNew = message.sequence > conversation.lastSequence;
  noteLastMessage(message);
  const news = isNew && message.senderId !== state.me.userId;
  if (news && message.conversationId !== state.openId) {
    conversation.unreadCount = (conversation.unreadCount ?? 0) + 1;
    renderList();
  }
  if (news && (message.conversationId !== state.openId || document.visibilityState !== 'visible')) notify(message, conversation, openConversation);
  if (message.conversationId === state.openId && !state.messages.has(message.sequence)) {
    state.messages.set(message.sequence, { ...message, status: 'sent' });
    renderMessages({ scroll: 'bottom-if-near' });
    markRead();
  }
  acknowledge(message.conversationId, message.sequence);
  state.typing.get(message.conversationId)?.delete(message.senderId);
  renderTyping();
}

// An edit, a deletion or a reaction pushed: the message as it now stands. Its own sequence is acknowledged like a
// message's, so the relay does not bring it again (pushes come in sequence order); it is nothing to read.
function onRevised(revision) {
  applyRevision(revision);
  acknowledge(revision.conversationId, revision.revisionSequence);
}

function applyRevision(revision) {
  const shown = state.messages.get(revision.sequence);
  const changes = {
    body: revision.body ?? '', editedAt: revision.editedAt, deletedAt: revision.deletedAt, deletedBy: revision.deletedBy, reactions: revision.reactions,
  };
  if (revision.conversationId === state.openId && shown?.messageId === revision.messageId) {
    Object.assign(shown, changes);
    renderMessages({ scroll: 'none' });
  }
  const conversation = state.conversations.get(revision.conversationId);
  if (conversation?.lastMessage?.messageId === revision.messageId) {
    conversation.lastMessage = { ...conversation.lastMessage, ...changes };
    renderList();
  }
}

const rank = { pending: 0, sent: 1, delivered: 2, read: 3 };

async function onReceipt({ conversationId, userId, kind, upToSequence }) {
  const conversation = state.conversations.get(conversationId);
  if (userId === state.me.userId) {
    // Read on another of my devices.
    if (kind === 'read' && conversation) {
      conversation.readUpTo = Math.max(conversation.readUpTo ?? 0, upToSequence);
      if (upToSequence >= conversation.lastSequence) conversation.unreadCount = 0;
      renderList();
    }
    return;
  }
  if (!conversation) return;
  if (conversation.kind === 'direct') {
    // One other member: their watermarks are the ticks. Kept, as a receipt may overtake a send's own answer.
    conversation.peer = { ...conversation.peer, [kind]: Math.max(upToSequence, conversation.peer?.[kind] ?? 0) };
    if (conversationId !== state.openId) return;
    for (const m of state.messages.values()) applyReceipts(conversation, m);
    renderMessages({ scroll: 'none' });
  } else if (conversationId === state.openId) {
    scheduleStatusRefresh();
  }
}

function applyReceipts(conversation, message) {
  if (message.senderId !== state.me.userId || !conversation.peer) return;
  const reached = message.sequence <= (conversation.peer.read ?? 0) ? 'read' : message.sequence <= (conversation.peer.delivered ?? 0) ? 'delivered' : 'sent';
  if (rank[reached] > rank[message.status]) message.status = reached;
}

// A group's tick needs every member's receipts: ask the server for the statuses of what is shown.
let statusTimer = null;
function scheduleStatusRefresh() {
  statusTimer ??= setTimeout(async () => {
    statusTimer = null;
    await refreshStatuses();
    renderMessages({ scroll: 'none' });
  }, 200);
}

async function refreshStatuses() {
  if (!state.openId || state.messages.size === 0) return;
  const first = Math.max(Math.min(...state.messages.keys()), Math.max(...state.messages.keys()) - 200);
  const page = await api.messages(state.openId, { after: first - 1, limit: 200 });
  for (const m of page.messages) if (state.messages.has(m.sequence)) state.messages.get(m.sequence).status = m.status;
}

function onPresence(presence) {
  state.presence.set(presence.userId, presence);
  renderList();
  if (state.openId) renderChatHeader(state.conversations.get(state.openId));
}

function onTyping({ conversationId, userId, typing }) {
  if (userId === state.me.userId) return;
  const typists = state.typing.get(conversationId) ?? new Set();
  if (typing) typists.add(userId); else typists.delete(userId);
  state.typing.set(conversationId, typists);
  renderTyping();
}

async function onConversationUpdated(update) {
  const conversation = state.conversations.get(update.conversationId);
  const memberIds = update.members.map(m => m.userId);
  if (!memberIds.includes(state.me.userId)) {
    state.conversations.delete(update.conversationId);
    if (state.openId === update.conversationId) $('#back').click();
  } else if (conversation) {
    Object.assign(conversation, { title: update.title, memberIds });
    noteRoles(conversation, update.members);
    if (typeof update.blocked === 'boolean') conversation.blocked = update.blocked; // the user's own block, from another device
    conversation.disappearAfterSeconds = update.disappearAfterSeconds;
    conversation.onlyAdminsSend = update.onlyAdminsSend;
    Object.assign(conversation, { description: update.description, photoId: update.photoId });
    await knowMembers(memberIds);
    if (state.openId === update.conversationId) {
      renderChatHeader(conversation);
      renderMessages({ scroll: 'none' });
    }
  } else {
    await ensureConversation(update.conversationId);
  }
  renderList();
}

// The user pinned, archived, muted or cleared a chat on some device: apply it as it now stands, unless a later change already was.
function onChatListChanged(change) {
  const conversation = state.conversations.get(change.conversationId);
  if (!conversation || (conversation.listVersion ?? 0) >= change.version) return;
  Object.assign(conversation, { listVersion: change.version, muted: change.muted, mutedUntil: change.mutedUntil });
  arranged(conversation, { pinned: change.pinned, archived: change.archived });
  if (change.deleted && (conversation.lastMessage?.sequence ?? 0) <= change.clearedUpTo) return deleted(conversation);
  if (change.clearedUpTo > (conversation.clearedUpTo ?? 0)) cleared(conversation, change.clearedUpTo);
  if (change.hidden?.length) hidden(conversation, change.hidden);
  if (state.openId === change.conversationId) renderChatHeader(conversation);
}

// Whether the user sends read receipts decides whether they are shown the other side's (shownStatus in state.js).
function readReceipts(on) {
  if (state.readReceipts === on) return;
  state.readReceipts = on;
  if (state.openId) renderMessages({ scroll: 'none' });
}

// A contact (or the user, on another device) took a new name or photo.
function onProfileChanged(profile) {
  const known = state.users.get(profile.userId);
  if (known) Object.assign(known, { displayName: profile.displayName, avatarId: profile.avatarId });
  if (profile.userId === state.me.userId) {
    Object.assign(state.me, { displayName: profile.displayName, avatarId: profile.avatarId });
    $('#me').textContent = state.me.displayName;
  }
  renderList();
  const open = state.conversations.get(state.openId);
  if (open) renderChatHeader(open);
}

// ---- boot -------------------------------------------------------------------------------------

const groups = setUpGroupDialogs({ openConversation, ensureConversation, knowMembers, rerender: renderList });
setUpReport({
  onBlocked: conversation => {
    conversation.blocked = true;
    if (state.openId === conversation.conversationId) renderChatHeader(conversation);
  },
});

setUpSettings({
  knowMembers,
  onProfileChanged: () => { $('#me').textContent = state.me.displayName; },
  onReadReceipts: readReceipts,
  onDeleted: signOutAndForget,
});

const saved = JSON.parse(localStorage.getItem(Session) ?? 'null');
if (saved && new Date(saved.expiresAt) > new Date()) {
  start(saved).catch(() => signOut());
} else {
  $('#auth').hidden = false;
}

