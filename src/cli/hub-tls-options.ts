import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { InvalidArgumentError } from 'commander';
import type { HubCertificate } from '../api/server.js';

export interface HubTlsFiles {
  tlsCert?: string;
  tlsKey?: string;
  hubsCa?: string;
}

export interface HubTls {
  /** The hub serves HTTPS with this certificate; absent: plain HTTP (behind a TLS proxy, or on loopback). */
  certificate?: HubCertificate;
  /** The CA that issued the other hubs' certificates, for passing commands on to the writer. */
  hubsCa?: Buffer;
}

/**
 * The hub's own certificate and key (both or neither) and the hubs' CA, read and checked before the
 * hub opens anything: a key that is not the certificate's, or a file that is not PEM, stops it with
 * the reason.
 */
export function hubTls(files: HubTlsFiles): HubTls {
  if ((files.tlsCert === undefined) !== (files.tlsKey === undefined))
    throw new InvalidArgumentError('--tls-cert and --tls-key go together');
  const tls: HubTls = {};
  if (files.tlsCert !== undefined && files.tlsKey !== undefined)
    tls.certificate = hubCertificate(files.tlsCert, files.tlsKey);
  if (files.hubsCa !== undefined) tls.hubsCa = certificateFile(files.hubsCa, '--hubs-ca');
  return tls;
}

/** Reads a certificate and its key, refusing a pair TLS could not serve with. */
function hubCertificate(certFile: string, keyFile: string): HubCertificate {
  const certificate = { cert: certificateFile(certFile, '--tls-cert'), key: readPem(keyFile, '--tls-key') };
  try {
    createSecureContext(certificate);
  } catch (error) {
    throw new InvalidArgumentError(
      `--tls-cert ${certFile} and --tls-key ${keyFile} cannot serve TLS together: ${(error as Error).message}`,
    );
  }
  return certificate;
}

/**
 * On SIGHUP, serves the certificate and key now in their files: a renewed certificate is taken
 * without a restart, and connections open now keep theirs. A pair that does not read is logged and
 * the certificate served until then kept.
 */
export function renewCertificateOnHangup(
  files: { tlsCert: string; tlsKey: string },
  replace: (certificate: HubCertificate) => void,
): void {
  process.on('SIGHUP', () => {
    try {
      replace(hubCertificate(files.tlsCert, files.tlsKey));
      console.error(`deconflict: serving with the certificate now in ${files.tlsCert}`);
    } catch (error) {
      console.error(`deconflict: kept the certificate served until now: ${(error as Error).message}`);
    }
  });
}

function certificateFile(file: string, option: string): Buffer {
  const pem = readPem(file, option);
  try {
    new X509Certificate(pem);
  } catch (error) {
    throw new InvalidArgumentError(`${option} ${file} is not a PEM certificate: ${(error as Error).message}`);
  }
  return pem;
}

function readPem(file: string, option: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new InvalidArgumentError(`${option} ${file} cannot be read: ${(error as Error).message}`);
  }
}
