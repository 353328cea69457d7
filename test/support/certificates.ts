// A CA, server certificates and client certificates, made by `openssl` in a temp dir (node:crypto
// cannot issue X.509 certificates), as a TAK server's makeCert script or an organisation's CA would:
// for TAK's mutual TLS and for hubs serving HTTPS.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

export interface KeyPair {
  key: string;
  cert: string;
  /** Where they are, PEM, for a process told their files. */
  keyFile: string;
  certFile: string;
}

export interface TestCertificates {
  ca: string;
  caFile: string;
  /** For 127.0.0.1, issued by the CA. */
  server: KeyPair;
  /** Another for 127.0.0.1, issued by the CA: a renewal. */
  renewedServer(): KeyPair;
  /** Issued by the CA. */
  client(commonName: string): KeyPair;
  /** Issued by nobody the hub trusts. */
  selfSigned(commonName: string): KeyPair;
  remove(): void;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeCertificates(): TestCertificates {
  const dir = tempDir('deconflict-certs-');
  const file = (name: string) => join(dir.path, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  const read = (name: string) => readFileSync(file(name), 'utf8');
  openssl(
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=test-ca',
  );
  const issue = (name: string, commonName: string, extensions: string): KeyPair => {
    writeFileSync(file(`${name}.ext`), extensions);
    openssl(
      'req',
      ...EC_KEY,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.csr`),
      '-subj',
      `/CN=${commonName}`,
    );
    openssl(
      ...['x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key')],
      ...['-CAcreateserial', '-out', file(`${name}.pem`), '-days', '1', '-extfile', file(`${name}.ext`)],
    );
    return pair(name);
  };
  const pair = (name: string): KeyPair => ({
    key: read(`${name}.key`),
    cert: read(`${name}.pem`),
    keyFile: file(`${name}.key`),
    certFile: file(`${name}.pem`),
  });
  const forLoopback = 'subjectAltName=IP:127.0.0.1\n';
  return {
    ca: read('ca.pem'),
    caFile: file('ca.pem'),
    server: issue('server', 'localhost', forLoopback),
    renewedServer: () => issue('renewed-server', 'localhost', forLoopback),
    client: (commonName) => issue(`client-${commonName}`, commonName, 'extendedKeyUsage=clientAuth\n'),
    selfSigned: (commonName) => {
      openssl(
        'req',
        '-x509',
        ...EC_KEY,
        '-keyout',
        file('self.key'),
        '-out',
        file('self.pem'),
        '-days',
        '1',
        '-subj',
        `/CN=${commonName}`,
      );
      return pair('self');
    },
    remove: dir.remove,
  };
}
