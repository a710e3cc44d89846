// Profile and group photos (docs/protocol.md, "Profile photos"): each fetched once per photo id and size (a new photo has a new id).
import { call, objectUrlOf } from './api.js';
import { element } from './dom.js';

/** An img for the user's photo, filled in when it arrives; null when they have none. */
export function avatarImage(user, size = 'small') {
  if (!user?.avatarId) return null;
  const img = element('img', { class: `avatar ${size}`, alt: '' });
  objectUrlOf(`${user.avatarId}-${size}`, `/api/users/${user.userId}/avatar?size=${size}`).then(url => { img.src = url; }, () => img.remove());
  return img;
}

/** An img for a group's photo, as for a user's; null when it has none. */
export function groupPhoto(conversation, size = 'small') {
  if (!conversation?.photoId) return null;
  const img = element('img', { class: `avatar ${size}`, alt: '' });
  objectUrlOf(`${conversation.photoId}-${size}`, `/api/groups/${conversation.conversationId}/photo?size=${size}`)
    .then(url => { img.src = url; }, () => img.remove());
  return img;
}

export const setGroupPhoto = (conversationId, file) =>
  call('PUT', `/api/groups/${conversationId}/photo`, file, file.type || 'application/octet-stream');
export const removeGroupPhoto = conversationId => call('DELETE', `/api/groups/${conversationId}/photo`);

export const setAvatar = file => call('PUT', '/api/me/avatar', file, file.type || 'application/octet-stream');
export const removeAvatar = () => call('DELETE', '/api/me/avatar');
