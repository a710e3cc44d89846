// Reporting abuse to the operators (docs/adr/0028-reporting-abuse.md): the other member of the open direct chat, with
// their last messages as this page shows them, and blocking them as well if the user leaves that ticked.
import { api } from './api.js';
import { state, directPeer, displayName } from './state.js';
import { $, showError, clearError } from './dom.js';

const Quoted = 5;
const MaxText = 4096;

export function setUpReport({ onBlocked }) {
  const dialog = $('#report-dialog');
  const form = $('#report-form');
  const error = dialog.querySelector('.error');
  const status = dialog.querySelector('.status');
  const send = form.querySelector('[type=submit]');
  dialog.querySelector('[data-close]').addEventListener('click', () => dialog.close());

  $('#report').addEventListener('click', () => {
    const conversation = state.conversations.get(state.openId);
    if (!conversation) return;
    form.reset();
    clearError(error);
    status.textContent = '';
    send.hidden = false;
    $('#report-title').textContent = `Report ${displayName(directPeer(conversation))}`;
    dialog.showModal();
  });

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const conversation = state.conversations.get(state.openId);
    const peer = directPeer(conversation);
    const fields = new FormData(form);
    const messages = !fields.get('quote') ? [] : [...state.messages.values()]
      .filter(m => m.senderId === peer && !m.deletedAt && m.body)
      .sort((a, b) => a.sequence - b.sequence)
      .slice(-Quoted)
      .map(m => ({ messageId: m.messageId, text: m.body.slice(0, MaxText) }));
    try {
      await api.report(conversation.conversationId, { userId: peer, reason: fields.get('reason'), note: fields.get('note') || null, messages });
      if (fields.get('block') && !conversation.blocked) {
        await api.block(conversation.conversationId);
        onBlocked(conversation);
      }
      clearError(error);
      send.hidden = true;
      status.textContent = 'Thank you. The operators will look at it.';
    } catch (e) { showError(error, e); }
  });
}
