// Profile and group photos (docs/protocol.md, "Profile photos"): each fetched once per photo id and size (a new photo has a new id).
import { call, objectUrlOf } from './api.js';
import { element } from './dom.js';

/** An img for the user's photo, filled in when it arrives; null when they have none. */
export const avatarImage = (user, size = 'small') =>
  photo(user?.avatarId, `/api/users/${user?.userId}/avatar?size=${size}`, size);

/** An img for a group's photo, as for a user's; null when it has none. */
export const groupPhoto = (conversation, size = 'small') =>
  photo(conversation?.photoId, `/api/groups/${conversation?.conversationId}/photo?size=${size}`, size);

/** An img for the photo of the group an invite link leads to, for someone not in it yet. */
export const invitePhoto = (preview, code, size = 'small') =>
  photo(preview?.photoId, `/api/invites/${encodeURIComponent(code)}/photo?size=${size}`, size);

function photo(photoId, path, size) {
  if (!photoId) return null;
  const img = element('img', { class: `avatar ${size}`, alt: '' });
  objectUrlOf(`${photoId}-${size}`, path).then(url => { img.src = url; }, () => img.remove());
  return img;
}

export const setGroupPhoto = (conversationId, file) =>
  call('PUT', `/api/groups/${conversationId}/photo`, file, file.type || 'application/octet-stream');
export const removeGroupPhoto = conversationId => call('DELETE', `/api/groups/${conversationId}/photo`);

export const setAvatar = file => call('PUT', '/api/me/avatar', file, file.type || 'application/octet-stream');
export const removeAvatar = () => call('DELETE', '/api/me/avatar');
