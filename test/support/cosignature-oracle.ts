// An independent implementation of C2SP cosignature/v1, written from the spec
// text (tlog-cosignature §Format and §Ed25519 signed message) with node:crypto
// alone and nothing from src/record: the oracle the record's cosignatures and
// the witness's answers are held to.
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
export function oracleKey(seedByte: number): { privateKey: KeyObject; publicKey: Buffer } {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, Buffer.alloc(32, seedByte)]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey: spki.subarray(spki.length - 32) };
}
export function oracleKeyId(name: string, publicKey: Buffer): Buffer {
  const hashed = Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, 0x04]), publicKey]);
  return createHash('sha256').update(hashed).digest().subarray(0, 4);
}
export function oracleVkey(name: string, publicKey: Buffer): string {
  const material = Buffer.concat([Buffer.from([0x04]), publicKey]).toString('base64');
  return `${name}+${oracleKeyId(name, publicKey).toString('hex')}+${material}`;
}
export function oracleMessage(time: bigint, checkpointText: string): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${time}\n${checkpointText}`, 'utf8');
}
export function oracleCosign(name: string, seedByte: number, time: bigint, checkpointText: string): string {
  const { privateKey, publicKey } = oracleKey(seedByte);
  const timestamp = Buffer.alloc(8);
  timestamp.writeBigUInt64BE(time);
  const signature = sign(null, oracleMessage(time, checkpointText), privateKey);
  const framed = Buffer.concat([oracleKeyId(name, publicKey), timestamp, signature]);
  return `\u2014 ${name} ${framed.toString('base64')}\n`;
}
export function oracleVerify(name: string, publicKey: Buffer, checkpointText: string, line: string): boolean {
  const prefix = `\u2014 ${name} `;
  if (!line.startsWith(prefix) || !line.endsWith('\n')) return false;
  const framed = Buffer.from(line.slice(prefix.length, -1), 'base64');
  if (framed.length !== 4 + 8 + 64 || !framed.subarray(0, 4).equals(oracleKeyId(name, publicKey)))
    return false;
  const time = framed.readBigUInt64BE(4);
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return verify(null, oracleMessage(time, checkpointText), key, framed.subarray(12));
}

/** Verifies a cosignature line against a verifier key string, parsed here from the spec too. */
export function oracleVerifyByVkey(vkey: string, checkpointText: string, line: string): boolean {
  const [name, keyIdHex, material] = [
    vkey.split('+')[0],
    vkey.split('+')[1],
    vkey.split('+').slice(2).join('+'),
  ];
  const raw = Buffer.from(material, 'base64');
  if (name === undefined || raw.length !== 33 || raw[0] !== 0x04) return false;
  const publicKey = raw.subarray(1);
  return (
    oracleKeyId(name, publicKey).toString('hex') === keyIdHex &&
    oracleVerify(name, publicKey, checkpointText, line)
  );
}
