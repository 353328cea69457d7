// What a webhook URL may be. The hub POSTs the party's hotline entries there, so it must be HTTPS
// (the body is confidential and the hub verifies who answers), and carry no credentials: they would
// sit in the record for anyone the entry is shown to.

/** The reasons a URL cannot be a webhook; none if it can. */
export function webhookUrlProblems(text: string): string[] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return ['is not an absolute URL'];
  }
  const found: string[] = [];
  if (url.protocol !== 'https:') found.push('must be https');
  if (url.username !== '' || url.password !== '')
    found.push('must not carry credentials; authenticate the hub by its signature');
  if (url.hash !== '') found.push('must not have a fragment');
  if (url.hostname === '') found.push('must name a host');
  return found;
}
