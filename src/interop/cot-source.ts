// Who is on the other end of a CoT connection. Every feed maps to exactly one party, and the hub
// takes a feed's tracks as that party's own (issue 5, "each source maps to one party and is
// authenticated"). A TAK client proves itself in one of the two ways TAK has:
//
// - a client certificate on TLS (mutual TLS, as TAK servers require on their streaming port): the
//   certificate is verified against the CA the hub was given, and its SHA-256 fingerprint names the
//   source, so that issuing a party's devices certificates from any CA is enough to register them;
// - on plain TCP, TAK's sign-in message (<auth><cot username password/></auth>, sent first when
//   "use authentication" is set in the client): the username names the source and the password is
//   its token.
//
// The hub supplies `AuthorizeTakClient` from its registry of feeds; it should compare tokens in
// constant time (crypto.timingSafeEqual) and may refuse anything by returning null.

export type TakCredential =
  | {
      kind: 'certificate';
      /** SHA-256 of the DER certificate, colon-separated upper-case hex, as node:tls reports it. */
      fingerprint256: string;
      /** The certificate's subject common name. */
      commonName: string;
    }
  | { kind: 'password'; username: string; password: string };

/** A registered feed and the party whose own assets it reports. */
export interface CotSource {
  source: string;
  party: string;
}

export type AuthorizeTakClient = (credential: TakCredential) => CotSource | null;
