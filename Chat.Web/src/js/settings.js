// The signed-in user's own account: the name others see, the password, its privacy, whom it blocks, its devices, and
// deleting it (docs/protocol.md).
import { api } from './api.js';
import { state, displayName } from './state.js';
import { $, element, showError, clearError } from './dom.js';
import { askForNotifications } from './notify.js';
import { avatarImage, setAvatar, removeAvatar } from './avatars.js';

export function setUpSettings({ knowMembers, onProfileChanged, onReadReceipts, onDeleted }) {
  const dialog = $('#settings');
  const error = dialog.querySelector('.error');
  const status = dialog.querySelector('.status');
  const done = text => { clearError(error); status.textContent = text; };
  const failed = e => { status.textContent = ''; showError(error, e); };
  dialog.querySelector('[data-close]').addEventListener('click', () => dialog.close());

  // Each browser or app signed in is a device; removing one signs it out at once (its tokens stop working).
  async function showDevices() {
    const devices = await api.devices();
    $('#settings-devices').replaceChildren(...devices.map(d => element('li', { 'data-device-id': d.deviceId },
      element('span', { class: 'name' }, d.current ? `${d.deviceName} (this one)` : d.deviceName),
      element('span', { class: 'role' }, new Date(d.linkedAt).toLocaleDateString()),
      d.current ? null : element('button', { type: 'button', onclick: () => remove(d) }, `Sign out ${d.deviceName}`))));
  }

  async function remove(device) {
    try {
      await api.removeDevice(device.deviceId);
      await showDevices();
      done(`${device.deviceName} is signed out.`);
    } catch (e) { failed(e); }
  }

  // Whom the user blocks; unblocking here is the same as in the chat (its page hears of it through ConversationUpdated).
  async function showBlocked() {
    const blocked = await api.blocked();
    await knowMembers(blocked.map(b => b.userId));
    $('#settings-blocked').replaceChildren(...(blocked.length === 0 ? [element('li', {}, 'Nobody is blocked.')]
      : blocked.map(b => element('li', { 'data-user-id': b.userId },
          element('span', { class: 'name' }, displayName(b.userId)),
          element('button', { type: 'button', onclick: () => unblock(b) }, `Unblock ${displayName(b.userId)}`)))));
  }

  async function unblock(blocked) {
    try {
      await api.unblock(blocked.conversationId);
      await showBlocked();
      done(`${displayName(blocked.userId)} is unblocked.`);
    } catch (e) { failed(e); }
  }

  // Who sees the user's presence, whether their reads turn the other side's ticks blue, and who may add them to groups;
  // each change is saved at once.
  const privacy = $('#settings-privacy');
  const privacyFields = [privacy.elements.lastSeen, privacy.elements.readReceipts, privacy.elements.groups];
  async function showPrivacy() {
    privacyFields.forEach(field => field.disabled = true); // until the saved values arrive, or a quick change would be shown undone
    const settings = await api.privacy();
    privacy.elements.lastSeen.value = settings.lastSeen;
    privacy.elements.readReceipts.checked = settings.readReceipts;
    privacy.elements.groups.value = settings.groups;
    privacyFields.forEach(field => field.disabled = false);
    onReadReceipts(settings.readReceipts); // perhaps changed on another device
  }
  privacy.elements.lastSeen.addEventListener('change', event => savePrivacy({ lastSeen: event.target.value }));
  privacy.elements.readReceipts.addEventListener('change', event => savePrivacy({ readReceipts: event.target.checked }));
  privacy.elements.groups.addEventListener('change', event => savePrivacy({ groups: event.target.value }));
  async function savePrivacy(change) {
    try {
      await api.setPrivacy(change);
      if (typeof change.readReceipts === 'boolean') onReadReceipts(change.readReceipts);
      done('Privacy saved.');
    } catch (e) { failed(e); }
  }

  const showPhoto = () => $('#settings-avatar').replaceChildren(avatarImage(state.me, 'large') ?? '');
  async function profileChanged(text) {
    state.me = await api.user(state.me.userId);
    state.users.set(state.me.userId, state.me);
    showPhoto();
    onProfileChanged();
    done(text);
  }

  $('#open-settings').addEventListener('click', async () => {
    $('#settings-display-name').value = state.me.displayName;
    showPhoto();
    $('#settings-password').reset();
    $('#settings-delete').reset();
    status.textContent = '';
    clearError(error);
    dialog.showModal();
    try { await Promise.all([showDevices(), showBlocked(), showPrivacy()]); } catch (e) { failed(e); }
  });

  $('#settings-name').addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await api.changeDisplayName($('#settings-display-name').value);
      await profileChanged('Name saved.');
    } catch (e) { failed(e); }
  });

  $('#settings-photo').addEventListener('change', async event => {
    const [file] = event.target.files;
    event.target.value = '';
    if (!file) return;
    try {
      await setAvatar(file);
      await profileChanged('Photo saved.');
    } catch (e) { failed(e); }
  });

  $('#settings-photo-remove').addEventListener('click', async () => {
    try {
      await removeAvatar();
      await profileChanged('Photo removed.');
    } catch (e) { failed(e); }
  });

  const notificationsText = { granted: 'Desktop notifications are on.', denied: 'This browser blocks notifications for this page.',
    unsupported: 'This browser has no desktop notifications.' };
  $('#settings-notifications').addEventListener('click', async () => {
    const answer = await askForNotifications();
    done(notificationsText[answer] ?? 'Desktop notifications are off.');
  });

  $('#settings-password').addEventListener('submit', async event => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      await api.changePassword(form.get('currentPassword'), form.get('newPassword'));
      event.target.reset();
      done('Password changed.');
    } catch (e) { failed(e); }
  });

  // For good: the server leaves every conversation and ends every session; this page then signs out.
  $('#settings-delete').addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await api.deleteAccount(new FormData(event.target).get('password'));
      onDeleted();
    } catch (e) { failed(e); }
  });
}
