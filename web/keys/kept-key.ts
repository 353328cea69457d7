// The one operator key this browser keeps, in IndexedDB.
import { browserStore } from './browser-store.js';
import type { OperatorKey } from './operator-key.js';

const NAME = 'operator-key';

export const keptKey = {
  load: (): Promise<OperatorKey | undefined> => browserStore.get<OperatorKey>(NAME),
  keep: (key: OperatorKey): Promise<void> => browserStore.put(NAME, key),
  forget: (): Promise<void> => browserStore.delete(NAME),
};
