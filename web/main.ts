// The operational picture's entry point: sign in with the key this browser holds (or get one), then
// open the picture in the operator's language.
import { fetchVerifierKey, HubApi } from './hub/hub-api.js';
import { onLanguageChange, rememberedLanguage, setLanguage } from './i18n/language.js';
import { keptKey } from './keys/kept-key.js';
import type { OperatorKey } from './keys/operator-key.js';
import { operationalPicture } from './operational-picture.js';
import { signInView } from './sign-in-view.js';

const root = document.getElementById('app') as HTMLElement;

async function start(): Promise<void> {
  setLanguage(rememberedLanguage(null), null);
  const [verifierKey, kept] = await Promise.all([fetchVerifierKey(), keptKey.load()]);
  const show = () => root.replaceChildren(signInView(verifierKey.split('+')[0] ?? '', kept, signIn));
  let signedIn = false;
  const signIn = async (key: OperatorKey) => {
    // Made on the sign-in click: browsers let a page sound (the urgent alarm) only after a gesture.
    const audio = new AudioContext();
    const api = await HubApi.signIn(key);
    signedIn = true;
    setLanguage(rememberedLanguage(api.operator), api.operator);
    await operationalPicture(root, api, audio);
  };
  show();
  // The sign-in view follows the language chosen on it.
  onLanguageChange(() => {
    if (!signedIn) show();
  });
}

void start();
