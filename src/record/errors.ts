// Typed errors for input the record refuses. Callers (the API) map `code` to
// an RFC 9457 problem; the message is for people.

export class RecordError<Code extends string = string> extends Error {
  readonly code: Code;
  constructor(code: Code, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

export type NoteErrorCode =
  | 'malformed-key'
  | 'malformed-note'
  | 'invalid-name'
  | 'invalid-text'
  | 'too-many-signatures'
  | 'ambiguous-key'
  | 'invalid-signature'
  | 'unverified';

/** A signed note or note key that cannot be used. */
export class NoteError extends RecordError<NoteErrorCode> {}

export type CheckpointErrorCode = 'malformed-checkpoint';

/** A checkpoint body that is not a C2SP tlog-checkpoint. */
export class CheckpointError extends RecordError<CheckpointErrorCode> {}

export type TilePathErrorCode = 'malformed-tile-path';

/** A string that is not a C2SP tlog-tiles tile path. */
export class TilePathError extends RecordError<TilePathErrorCode> {}

export type EntryErrorCode = 'not-json' | 'not-canonical' | 'invalid-entry';

/** Bytes that are not a valid record entry. */
export class EntryError extends RecordError<EntryErrorCode> {}

export type CosignatureErrorCode = 'malformed-cosignature' | 'invalid-policy';

/** A cosignature that is not a C2SP cosignature/v1, or a witness policy that cannot be met. */
export class CosignatureError extends RecordError<CosignatureErrorCode> {}
