// Creating a group, managing its members, title, description, photo, admins, who may send and its invite link, and joining one by its link (what the server
// allows is enforced there: non-admins get 403 and see its message).
import { api } from './api.js';
import { state, displayName } from './state.js';
import { $, element, showError, clearError } from './dom.js';
import { groupPhoto, invitePhoto, setGroupPhoto, removeGroupPhoto } from './avatars.js';

async function usersByName(text) {
  const names = text.split(',').map(s => s.trim()).filter(Boolean);
  const users = await Promise.all(names.map(api.findUser));
  for (const user of users) state.users.set(user.userId, user);
  return users.map(u => u.userId);
}

export function setUpGroupDialogs({ openConversation, ensureConversation, knowMembers, rerender }) {
  const create = $('#group-create');
  const manage = $('#group-manage');
  const manageError = manage.querySelector('.error');
  for (const dialog of [create, manage])
    dialog.querySelectorAll('[data-close]').forEach(b => b.addEventListener('click', () => dialog.close()));

  $('#new-group').addEventListener('click', () => {
    $('#group-create-form').reset();
    clearError(create.querySelector('.error'));
    create.showModal();
  });

  $('#group-create-form').addEventListener('submit', async event => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      const memberIds = await usersByName(form.get('members'));
      const { conversationId } = await api.createGroup(form.get('title'), memberIds);
      await ensureConversation(conversationId);
      create.close();
      rerender();
      await openConversation(conversationId);
    } catch (e) { showError(create.querySelector('.error'), e); }
  });

  async function showMembers() {
    const details = await api.conversation(state.openId);
    await knowMembers(details.members.map(m => m.userId));
    const iAmAdmin = details.members.some(m => m.userId === state.me.userId && m.role === 'admin');
    $('#group-title').value = details.title ?? '';
    $('#group-title').readOnly = false;
    $('#group-description').value = details.description ?? '';
    $('#group-description').readOnly = !iAmAdmin;
    $('#group-description-save').hidden = !iAmAdmin;
    $('#group-photo-row').hidden = !iAmAdmin;
    $('#group-photo').replaceChildren(groupPhoto(details, 'large') ?? '');
    $('#group-invite').hidden = !iAmAdmin;
    $('#group-send-policy').hidden = !iAmAdmin;
    $('#group-only-admins').checked = details.onlyAdminsSend;
    $('#group-invite-link').value = details.inviteCode ? inviteUrl(details.inviteCode) : '';
    $('#group-invite-expires').hidden = !(iAmAdmin && details.inviteCode && details.inviteExpiresAt);
    $('#group-invite-expires').textContent = details.inviteExpiresAt
      ? `The link stops working ${new Date(details.inviteExpiresAt).toLocaleString()}.` : '';
    const act = (label, action) => element('button', { type: 'button', onclick: () => run(action) }, label);
    $('#group-members').replaceChildren(...details.members.map(m => element('li', { 'data-user-id': m.userId },
      element('span', { class: 'name' }, displayName(m.userId) + (m.userId === state.me.userId ? ' (you)' : '')),
      element('span', { class: 'role' }, m.role),
      iAmAdmin && m.userId !== state.me.userId
        ? element('span', { class: 'actions' },
            m.role === 'admin'
              ? act(`Remove ${displayName(m.userId)} as admin`, () => api.setAdmin(state.openId, m.userId, false))
              : act(`Make ${displayName(m.userId)} admin`, () => api.setAdmin(state.openId, m.userId, true)),
            act(`Remove ${displayName(m.userId)}`, () => api.removeMember(state.openId, m.userId)))
        : null)));
  }

  async function run(action) {
    clearError(manageError);
    try {
      await action();
      await showMembers();
    } catch (e) { showError(manageError, e); }
  }

  // The fields stay read-only until the group's details arrive: what someone typed sooner would be overwritten by them.
  $('#manage-group').addEventListener('click', async () => {
    clearError(manageError);
    $('#group-title').readOnly = $('#group-description').readOnly = true;
    manage.showModal();
    try { await showMembers(); } catch (e) { showError(manageError, e); }
  });

  $('#group-rename').addEventListener('submit', event => {
    event.preventDefault();
    run(() => api.rename(state.openId, $('#group-title').value));
  });

  $('#group-describe').addEventListener('submit', event => {
    event.preventDefault();
    run(() => api.describeGroup(state.openId, $('#group-description').value));
  });

  $('#group-photo-file').addEventListener('change', event => {
    const [file] = event.target.files;
    event.target.value = '';
    if (file) run(() => setGroupPhoto(state.openId, file));
  });
  $('#group-photo-remove').addEventListener('click', () => run(() => removeGroupPhoto(state.openId)));

  $('#group-add').addEventListener('submit', event => {
    event.preventDefault();
    run(async () => {
      await api.addMembers(state.openId, await usersByName($('#group-add-username').value));
      $('#group-add-username').value = '';
    });
  });

  $('#group-only-admins').addEventListener('change', event => run(() => api.setSendPolicy(state.openId, event.target.checked)));

  $('#group-invite-new').addEventListener('click', () => run(() =>
    api.createInvite(state.openId, Number($('#group-invite-lifetime').value) || null)));
  $('#group-invite-revoke').addEventListener('click', () => run(() => api.revokeInvite(state.openId)));

  $('#group-leave').addEventListener('click', async () => {
    try {
      await api.removeMember(state.openId, state.me.userId);
      manage.close();
    } catch (e) { showError(manageError, e); }
  });

  // Opened from a shared link (/#invite=<code>) while signed in: what it leads to, and a Join button.
  const invite = $('#invite');
  invite.querySelectorAll('[data-close]').forEach(b => b.addEventListener('click', () => invite.close()));
  async function offerInvite() {
    const code = new URLSearchParams(location.hash.slice(1)).get('invite');
    if (!code || !state.me) return; // signed out: kept in the address until signing in starts the app
    history.replaceState(null, '', location.pathname + location.search); // asked once, not again on reload
    clearError(invite.querySelector('.error'));
    $('#invite-join').hidden = false;
    invite.showModal();
    try {
      const preview = await api.previewInvite(code);
      $('#invite-what').textContent = `${preview.title} (${preview.memberCount} members)`;
      $('#invite-description').textContent = preview.description ?? '';
      $('#invite-photo').replaceChildren(invitePhoto(preview, code) ?? '');
      $('#invite-join').onclick = async () => {
        try {
          const { conversationId } = await api.joinByInvite(code);
          await ensureConversation(conversationId);
          invite.close();
          rerender();
          await openConversation(conversationId);
        } catch (e) { showError(invite.querySelector('.error'), e); }
      };
    } catch (e) {
      $('#invite-what').textContent = $('#invite-description').textContent = '';
      $('#invite-photo').replaceChildren();
      $('#invite-join').hidden = true;
      showError(invite.querySelector('.error'), e);
    }
  }
  window.addEventListener('hashchange', offerInvite);
  return { offerInvite };
}

const inviteUrl = code => `${location.origin}/#invite=${code}`;
