// Before sign-in: the key this browser holds, or the two ways to get one — import a key file issued
// by an administrator (once; it is kept non-extractable), or make a key pair here and have a party
// administrator enrol its public key.
import { t } from './i18n/strings.js';
import { keptKey } from './keys/kept-key.js';
import { generateOperatorKey, type OperatorKey } from './keys/operator-key.js';
import { importPemKey } from './keys/pem-import.js';
import { html } from './ui/dom.js';
import { languagePicker } from './ui/language-picker.js';

export function signInView(
  origin: string,
  kept: OperatorKey | undefined,
  signIn: (key: OperatorKey) => Promise<void>,
): HTMLElement {
  const status = html('p', { class: 'status', role: 'status' });
  const attempt = async (key: OperatorKey) => {
    status.textContent = t('signingIn');
    try {
      await signIn(key);
    } catch (error) {
      status.textContent = `${t('signInFailed')}: ${(error as Error).message}`;
    }
  };

  const file = html('input', {
    type: 'file',
    accept: '.key,.pem',
    'aria-describedby': 'import-key-help',
    'data-test': 'key-file',
  });
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    try {
      const key = await importPemKey(await chosen.text());
      await keptKey.keep(key);
      await attempt(key);
    } catch (error) {
      status.textContent = `${t('keyFileRefused')}: ${(error as Error).message}`;
    }
  });

  const enrolment = html('div', { class: 'enrolment' });
  const generate = html('button', { type: 'button' }, t('generateKey'));
  generate.addEventListener('click', async () => {
    const key = await generateOperatorKey();
    await keptKey.keep(key);
    enrolment.replaceChildren(
      html('p', {}, t('enrolInstructions')),
      html('code', { class: 'public-key' }, key.publicKey),
      html(
        'pre',
        {},
        `deconflict operator add <party>.<name> --name "<name>" --role duty-officer --public-key ${key.publicKey}`,
      ),
      signInButton(key),
    );
  });

  const signInButton = (key: OperatorKey) => {
    const button = html('button', { type: 'button', class: 'primary', 'data-test': 'sign-in' }, t('signIn'));
    button.addEventListener('click', () => attempt(key));
    return button;
  };
  const forget = html('button', { type: 'button' }, t('forgetKey'));
  forget.addEventListener('click', async () => {
    await keptKey.forget();
    location.reload();
  });

  return html(
    'main',
    { class: 'sign-in' },
    html('header', {}, html('h1', {}, t('appName')), languagePicker(null)),
    html('p', { class: 'hub' }, `${t('hub')}: ${origin}`),
    kept
      ? html(
          'section',
          {},
          html('h2', {}, t('keyHeld')),
          html('p', {}, `${t('keyId')}: `, html('code', {}, kept.keyId)),
          signInButton(kept),
          forget,
        )
      : html(
          'section',
          {},
          html('h2', {}, t('importKey')),
          html('p', { id: 'import-key-help' }, t('importKeyHelp')),
          html('label', { class: 'key-file' }, html('span', {}, t('keyFile')), file),
          html('h2', {}, t('newKey')),
          html('p', {}, t('newKeyHelp')),
          generate,
          enrolment,
        ),
    status,
  );
}
