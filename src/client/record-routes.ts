/**
 * What a monitor reads of a hub: its verifier key and the routes of its record. An operator's
 * HubClient reads them with its session; a RecordReaderClient with none, or a named reader's token.
 */
export interface RecordRoutes {
  verifierKey(): Promise<string>;
  get<T>(path: string): Promise<T>;
  getText(path: string): Promise<string>;
  getBytes(path: string): Promise<Uint8Array>;
}
