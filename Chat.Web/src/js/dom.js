export const $ = selector => document.querySelector(selector);

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.filter(c => c !== null && c !== undefined));
  return node;
}

export function showError(target, error) {
  const node = typeof target === 'string' ? $(target) : target;
  node.textContent = error?.message ?? String(error);
}

export function clearError(target) {
  const node = typeof target === 'string' ? $(target) : target;
  node.textContent = '';
}
