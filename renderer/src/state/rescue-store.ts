// A copy of the unsaved notebook kept in the browser while the page cannot reach `parabook serve`. The page itself
// holds the work while the server is away, and gets it back when it reconnects; but a server restarted with a new
// token refuses this page, and the user opens its new URL: a new page, which offers this copy back. IndexedDB, not
// localStorage: it is scoped to the origin (this server's port) too, and takes notebooks far over localStorage's
// few megabytes. One copy per origin: the last page that lost its server with unsaved work wins.

import type { Notebook } from "../../../contract/notebook.js";

export interface RescuedNotebook {
  readonly notebook: Notebook;
  /** Where the notebook lives, as the server names it, or null for one never saved. */
  readonly path: string | null;
  /** ISO 8601 time the copy was taken. */
  readonly savedAt: string;
}

const DATABASE = "parabook";
const STORE = "unsaved-work";
const KEY = "notebook";

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

function openDatabase(): Promise<IDBDatabase> {
  const req = indexedDB.open(DATABASE, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE);
  return request(req);
}

/** Runs one operation in its own transaction; resolves when the transaction has committed. */
async function withStore<T>(mode: IDBTransactionMode, operation: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDatabase();
  try {
    const tx = db.transaction(STORE, mode);
    const result = request(operation(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    });
    return await result;
  } finally {
    db.close();
  }
}

export class RescueStore {
  async keep(notebook: Notebook, path: string | null): Promise<void> {
    const copy: RescuedNotebook = { notebook, path, savedAt: new Date().toISOString() };
    await withStore("readwrite", (store) => store.put(copy, KEY));
  }

  /** The kept copy, or null; it stays kept until forget(). */
  async take(): Promise<RescuedNotebook | null> {
    const copy = (await withStore("readonly", (store) => store.get(KEY))) as RescuedNotebook | undefined;
    return copy ?? null;
  }

  async forget(): Promise<void> {
    await withStore("readwrite", (store) => store.delete(KEY));
  }
}
