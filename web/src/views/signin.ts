import { api, ApiError } from '../api';
import { h, notice } from '../dom';
import { navigate, type ViewContext } from '../router';
import { loadSession, saveSession } from '../session';

export function signInView(ctx: ViewContext): void {
  ctx.title('Sign in');
  const prev = loadSession();
  const token = h('input', { id: 'token', name: 'token', type: 'password', required: true, autocomplete: 'off', spellcheck: false, 'aria-describedby': 'token-help' });
  const purpose = h('input', { id: 'purpose', name: 'purpose', required: true, maxlength: '500', autocomplete: 'off', value: prev?.purpose ?? '', 'aria-describedby': 'purpose-help' });
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'signin card',
      'aria-labelledby': 'signin-title',
      on: {
        submit: async (ev: SubmitEvent) => {
          ev.preventDefault();
          status.replaceChildren();
          const t = token.value.trim();
          const p = purpose.value.trim();
          if (!t || !p) {
            status.append(notice('error', !t ? 'Enter your API token.' : 'State the case id or reason for this session.'));
            (!t ? token : purpose).focus();
            return;
          }
          submit.disabled = true;
          try {
            const me = await api.me(t);
            saveSession({ token: t, purpose: p, me });
            const next = ctx.query.get('next');
            navigate(next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin') ? next : '/search', true);
          } catch (err) {
            const e = err as ApiError;
            status.append(notice('error', e.status === 401 ? 'This token is not valid. Check it and try again.' : `Could not sign in: ${e.message}`));
            token.focus();
          } finally {
            submit.disabled = false;
          }
        },
      },
    },
    h('h1', { id: 'signin-title', tabindex: '-1' }, 'Sign in to Mosaic'),
    h('label', { for: 'token' }, 'API token'),
    token,
    h('p', { id: 'token-help', class: 'help' }, 'Printed once by ', h('code', null, 'mosaic users add'), '. It stays in this browser tab only.'),
    h('label', { for: 'purpose' }, 'Case id or purpose'),
    purpose,
    h('p', { id: 'purpose-help', class: 'help' }, 'Required by law: every consultation is logged with who, when and why. You can change it at any time from the header.'),
    status,
    submit,
  );
  ctx.root.append(h('div', { class: 'signin-wrap' }, form));
  ctx.ready();
  token.focus();
}
