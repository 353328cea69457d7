// What makes a proposed witness policy unusable, found before it is written: each witness must be
// reachable and named by its own cosigner key, none twice, and the quorum must be reachable.
import { cosignatureVerifier } from '../record/index.js';
import type { WitnessPolicy } from './witness-policy.js';

export interface PolicyProblem {
  /** Where, relative to the policy: e.g. "/witnesses/1/key". */
  path: string;
  reason: string;
}

export function witnessPolicyProblems(policy: WitnessPolicy): PolicyProblem[] {
  const found: PolicyProblem[] = [];
  const names = new Set<string>();
  const keys = new Set<string>();
  policy.witnesses.forEach((witness, i) => {
    if (names.has(witness.name)) found.push({ path: `/witnesses/${i}/name`, reason: 'named twice' });
    names.add(witness.name);
    let keyName: string | null = null;
    try {
      keyName = cosignatureVerifier(witness.key).name;
    } catch (error) {
      found.push({
        path: `/witnesses/${i}/key`,
        reason: `not a cosignature/v1 verifier key: ${(error as Error).message}`,
      });
    }
    if (keyName !== null && keyName !== witness.name)
      found.push({ path: `/witnesses/${i}/name`, reason: `must be the key’s name, ${keyName}` });
    if (keys.has(witness.key)) found.push({ path: `/witnesses/${i}/key`, reason: 'listed twice' });
    keys.add(witness.key);
    const url = urlProblem(witness.url);
    if (url) found.push({ path: `/witnesses/${i}/url`, reason: url });
  });
  if (policy.quorum > policy.witnesses.length)
    found.push({ path: '/quorum', reason: `more than the ${policy.witnesses.length} witnesses named` });
  if (policy.witnesses.length > 0 && policy.quorum < 1)
    found.push({ path: '/quorum', reason: 'at least one witness must cosign' });
  return found;
}

function urlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be http or https';
  if (url.username !== '' || url.password !== '') return 'must not hold credentials';
  if (url.search !== '' || url.hash !== '') return 'must have no query or fragment';
  return null;
}
