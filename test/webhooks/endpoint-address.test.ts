import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ADDRESS_REFUSED, EndpointAddressPolicy } from '../../src/webhooks/endpoint-address.js';
import { retryAfterMs } from '../../src/webhooks/webhook-request.js';

describe('which addresses a webhook may be posted to', () => {
  const publicOnly = new EndpointAddressPolicy();

  test('public addresses are allowed; loopback, private, link-local and the like are not', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '2001:4860:4860::8888', '100.63.255.255', '172.32.0.1'])
      assert.equal(publicOnly.refusal(address), null, address);
    for (const address of [
      '127.0.0.1',
      '127.255.0.9',
      '10.20.30.40',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
    ])
      assert.match(publicOnly.refusal(address) ?? '', /is not a public address/, address);
  });

  test('the hub’s operator may allow addresses and ranges', () => {
    const policy = EndpointAddressPolicy.fromEnvironment(' 10.1.0.0/16, 127.0.0.1,fd00::/8 ');
    for (const address of ['10.1.2.3', '127.0.0.1', '::ffff:127.0.0.1', 'fd00::5', '8.8.8.8'])
      assert.equal(policy.refusal(address), null, address);
    for (const address of ['10.2.0.1', '127.0.0.2', '::1', '169.254.169.254'])
      assert.notEqual(policy.refusal(address), null, address);
    assert.throws(() => new EndpointAddressPolicy(['intranet']), /intranet is not an address/);
    assert.throws(() => new EndpointAddressPolicy(['10.0.0.0/x']), /not an address or a CIDR range/);
  });

  test('a name is refused when it resolves to an address the hub will not post to', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      publicOnly.lookup('localhost', {}, (failure) => resolve(failure)),
    );
    assert.equal(error?.code, ADDRESS_REFUSED);
    assert.match(error?.message ?? '', /^localhost: .* is not a public address/);
    const allowed = new EndpointAddressPolicy(['127.0.0.1', '::1']);
    const address = await new Promise<string>((resolve, reject) =>
      allowed.lookup('localhost', {}, (failure, found) =>
        failure ? reject(failure) : resolve(String(found)),
      ),
    );
    assert.ok(['127.0.0.1', '::1'].includes(address), address);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');
  test('seconds or an HTTP date, as milliseconds from now; nothing for what cannot be used', () => {
    assert.equal(retryAfterMs('120', now), 120_000);
    assert.equal(retryAfterMs('Sun, 22 Nov 2026 10:01:30 GMT', now), 90_000);
    assert.equal(retryAfterMs('Sun, 22 Nov 2026 09:59:00 GMT', now), undefined);
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs('0', now), undefined);
    assert.equal(retryAfterMs(undefined, now), undefined);
  });
});
