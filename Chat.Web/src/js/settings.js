// The signed-in user's own account: the name others see, and the password (docs/protocol.md, PUT /api/me/...).
import { api } from './api.js';
import { state } from './state.js';
import { $, showError, clearError } from './dom.js';

export function setUpSettings({ onRenamed }) {
  const dialog = $('#settings');
  const error = dialog.querySelector('.error');
  const status = dialog.querySelector('.status');
  const done = text => { clearError(error); status.textContent = text; };
  const failed = e => { status.textContent = ''; showError(error, e); };
  dialog.querySelector('[data-close]').addEventListener('click', () => dialog.close());

  $('#open-settings').addEventListener('click', () => {
    $('#settings-display-name').value = state.me.displayName;
    $('#settings-password').reset();
    status.textContent = '';
    clearError(error);
    dialog.showModal();
  });

  $('#settings-name').addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await api.changeDisplayName($('#settings-display-name').value);
      state.me = await api.user(state.me.userId);
      state.users.set(state.me.userId, state.me);
      onRenamed();
      done('Name saved.');
    } catch (e) { failed(e); }
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
}
