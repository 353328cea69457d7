// A CA, a server certificate and client certificates for TAK's mutual TLS, made by `openssl` in a
// temp dir (node:crypto cannot issue X.509 certificates), as a TAK server's makeCert script would.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/temp-dir.js';

export interface KeyPair {
  key: string;
  cert: string;
}

export interface TakCertificates {
  ca: string;
  server: KeyPair;
  /** Issued by the CA. */
  client(commonName: string): KeyPair;
  /** Issued by nobody the hub trusts. */
  selfSigned(commonName: string): KeyPair;
  remove(): void;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeTakCertificates(): TakCertificates {
  const dir = tempDir('deconflict-tak-');
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
    return { key: read(`${name}.key`), cert: read(`${name}.pem`) };
  };
  return {
    ca: read('ca.pem'),
    server: issue('server', 'localhost', 'subjectAltName=IP:127.0.0.1\n'),
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
      return { key: read('self.key'), cert: read('self.pem') };
    },
    remove: dir.remove,
  };
}
