// TAK's sign-in on a streaming connection: <auth><cot username="…" password="…" uid="…"/></auth>,
// the first message a client sends when its connection is set to authenticate.
import { childElement, parseXmlDocument } from './xml-element.js';

export interface TakSignIn {
  username: string;
  password: string;
}

export function isTakSignIn(xml: string): boolean {
  return xml.startsWith('<auth');
}

/** The username and password, or why the message is not a sign-in. */
export function parseTakSignIn(xml: string): TakSignIn | string {
  const root = parseXmlDocument(xml);
  if ('error' in root) return root.error;
  const cot = childElement(root, 'cot');
  const username = cot?.attributes.username;
  const password = cot?.attributes.password;
  if (root.name !== 'auth' || !username || password === undefined) {
    return 'a sign-in is <auth><cot username password/></auth>';
  }
  return { username, password };
}
