// Tells the hubs that follow the record when the writer committed: every commit sends a NOTIFY in
// its own transaction (delivered only once it commits, never for one rolled back), and followers
// LISTEN on a connection of their own. A notification can be missed (the connection dropped), so
// followers poll as well; this only makes them quick.
import pg from 'pg';

/** The channel every commit notifies, with the record's new size as payload. */
export const COMMIT_CHANNEL = 'deconflict_record_grew';

export interface CommitFeed {
  /** Stops listening and closes the connection. */
  close(): Promise<void>;
}

/**
 * Listens for commits on a connection of its own; `committed` is called for each notification,
 * `lost` once if the connection fails (the caller listens again later).
 */
export async function listenForCommits(
  url: string,
  committed: () => void,
  lost: (error: Error) => void,
): Promise<CommitFeed> {
  const client = new pg.Client({ connectionString: url });
  let closing = false;
  client.on('notification', (message) => {
    if (message.channel === COMMIT_CHANNEL) committed();
  });
  client.on('error', (error) => {
    if (!closing) lost(error);
  });
  client.on('end', () => {
    if (!closing) lost(new Error('the connection listening for commits ended'));
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${COMMIT_CHANNEL}`);
  } catch (error) {
    closing = true;
    await client.end().catch(() => {});
    throw error;
  }
  return {
    async close() {
      closing = true;
      await client.end().catch(() => {});
    },
  };
}
