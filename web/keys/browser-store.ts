// One IndexedDB database for what this browser keeps between visits: the operator's key (a
// CryptoKey is stored as itself, still non-extractable) and the last checkpoint it verified.
const DATABASE = 'deconflict';
const STORE = 'kept';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transact<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = act(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result as T);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

export const browserStore = {
  get: <T>(name: string): Promise<T | undefined> => transact<T | undefined>('readonly', (s) => s.get(name)),
  put: (name: string, value: unknown): Promise<void> =>
    transact<void>('readwrite', (s) => s.put(value, name)),
  delete: (name: string): Promise<void> => transact<void>('readwrite', (s) => s.delete(name)),
};
