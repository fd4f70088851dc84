// What every panel of the dashboard uses: the REST client, element building and number formats.
// Every value is inserted as text, never as HTML.
export const $ = (selector) => document.querySelector(selector);
export const number = (n) => (n == null ? '–' : Number(n).toLocaleString('en-US'));
export const time = (iso) => (iso ? new Date(iso).toLocaleString() : '–');
export const params = (p) => Object.entries(p || {}).filter(([k]) => k !== 'run').map(([k, v]) => k + '=' + v).join(', ');

export function bytes(n) {
  if (n == null) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

export function duration(ms) {
  if (ms == null) return '–';
  const s = ms / 1000;
  if (s < 60) return s.toFixed(1) + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm' + String(Math.floor(s % 60)).padStart(2, '0') + 's';
  return Math.floor(s / 3600) + 'h' + String(Math.floor((s % 3600) / 60)).padStart(2, '0') + 'm';
}

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (k === 'class') node.className = v; else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== false && v != null) node.setAttribute(k, v === true ? '' : v);
  });
  children.flat().forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
  return node;
}
export const badge = (text) => el('span', { class: 'badge ' + text }, text);

export async function api(path, options) {
  const response = await fetch(path, Object.assign({ headers: { 'Accept': 'application/json' } }, options));
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new Error((body && body.message) || response.status + ' ' + response.statusText);
  return body;
}
export const post = (path, body) => api(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
  body: JSON.stringify(body || {}) });

export function say(text, error) {
  const message = $('#message');
  message.textContent = text;
  message.className = 'message' + (error ? ' error' : '');
}

// Posts an action, says what it did (or why not) and asks the panels to poll again at once.
export async function act(path, done) {
  try {
    const answer = await post(path);
    say(done + (answer && answer.id ? ': execution ' + answer.id : ''));
    document.dispatchEvent(new Event('replay:changed'));
  } catch (error) {
    say(error.message, true);
  }
}
