/**
 * Durable storage for the dev cluster: SQLite (WAL, synchronous=FULL) is the durable copy,
 * an in-memory table of every object (with its serialized JSON) serves reads, and a bounded
 * event log (memory + db) serves watch resumption and consistent pagination.
 *
 * Every write is one transaction: object row + event row + resourceVersion counter. An
 * acknowledged write therefore survives kill -9, and nothing is ever half-written.
 */
import Database from 'better-sqlite3';
import type { KubeObject, WatchEventType } from './registry';

export interface Entry {
  obj: KubeObject;
  json: string;
}

export interface StoredEvent {
  rv: number;
  resource: string;
  type: WatchEventType;
  key: string;
  entry: Entry;
  /** The previous state (for MODIFIED and DELETED); only kept in memory. */
  old?: Entry;
}

export interface StoreOptions {
  /** How many events to retain for watch resumption (memory and db). */
  eventLimit?: number;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export class SqliteStore {
  private db: Database.Database;
  private tables = new Map<string, Map<string, Entry>>();
  private sorted = new Map<string, string[]>();
  readonly events: StoredEvent[] = [];
  private eventLimit: number;
  /** Every event with rv > compactedRv is retained. */
  compactedRv = 0;
  /** Events at or before this rv carry no `old` state (loaded from disk). */
  snapshotFloorRv = 0;
  rv = 0;
  private writesSincePrune = 0;
  private stmts: {
    upsert: Database.Statement;
    remove: Database.Statement;
    event: Database.Statement;
    setRv: Database.Statement;
    prune: Database.Statement;
  };

  constructor(file: string, options: StoreOptions = {}) {
    this.eventLimit = options.eventLimit ?? 10_000;
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS objects (resource TEXT NOT NULL, key TEXT NOT NULL, rv INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (resource, key));
      CREATE TABLE IF NOT EXISTS events (rv INTEGER PRIMARY KEY, resource TEXT NOT NULL, type TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
    `);
    this.stmts = {
      upsert: this.db.prepare('INSERT INTO objects (resource, key, rv, body) VALUES (?, ?, ?, ?) ON CONFLICT(resource, key) DO UPDATE SET rv = excluded.rv, body = excluded.body'),
      remove: this.db.prepare('DELETE FROM objects WHERE resource = ? AND key = ?'),
      event: this.db.prepare('INSERT INTO events (rv, resource, type, key, body) VALUES (?, ?, ?, ?, ?)'),
      setRv: this.db.prepare("INSERT INTO meta (k, v) VALUES ('rv', ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v"),
      prune: this.db.prepare('DELETE FROM events WHERE rv <= ?'),
    };
    this.load();
  }

  private load(): void {
    const rvRow = this.db.prepare("SELECT v FROM meta WHERE k = 'rv'").get() as { v: string } | undefined;
    this.rv = rvRow ? Number(rvRow.v) : 0;
    for (const row of this.db.prepare('SELECT resource, key, body FROM objects').iterate() as Iterable<{ resource: string; key: string; body: string }>) {
      this.table(row.resource).set(row.key, { obj: JSON.parse(row.body) as KubeObject, json: row.body });
    }
    const rows = this.db
      .prepare('SELECT rv, resource, type, key, body FROM events WHERE rv > ? ORDER BY rv')
      .all(this.rv - this.eventLimit) as Array<{ rv: number; resource: string; type: WatchEventType; key: string; body: string }>;
    for (const row of rows) {
      this.events.push({ rv: row.rv, resource: row.resource, type: row.type, key: row.key, entry: { obj: JSON.parse(row.body) as KubeObject, json: row.body } });
    }
    this.compactedRv = this.events.length ? this.events[0].rv - 1 : this.rv;
    this.snapshotFloorRv = this.rv;
  }

  table(resource: string): Map<string, Entry> {
    let t = this.tables.get(resource);
    if (!t) {
      t = new Map();
      this.tables.set(resource, t);
    }
    return t;
  }

  get(resource: string, key: string): Entry | undefined {
    return this.tables.get(resource)?.get(key);
  }

  /** Keys of a resource in sorted order (cached until the next add/remove). */
  sortedKeys(resource: string): string[] {
    let keys = this.sorted.get(resource);
    if (!keys) {
      keys = [...this.table(resource).keys()].sort();
      this.sorted.set(resource, keys);
    }
    return keys;
  }

  /**
   * Writes one change durably and returns the stored event. The object's
   * metadata.resourceVersion is set to the new revision before it is serialized.
   */
  commit(resource: string, type: WatchEventType, key: string, obj: KubeObject): StoredEvent {
    const rv = this.rv + 1;
    obj.metadata.resourceVersion = String(rv);
    const json = JSON.stringify(obj);
    const write = () => {
      if (type === 'DELETED') this.stmts.remove.run(resource, key);
      else this.stmts.upsert.run(resource, key, rv, json);
      this.stmts.event.run(rv, resource, type, key, json);
      this.stmts.setRv.run(String(rv));
    };
    // Inside a batch (group commit) the statements join the open transaction.
    if (this.db.inTransaction) write();
    else this.db.transaction(write)();
    this.rv = rv;
    const table = this.table(resource);
    const old = table.get(key);
    const entry = { obj, json };
    if (type === 'DELETED') {
      table.delete(key);
      this.sorted.delete(resource);
    } else {
      if (!old) this.sorted.delete(resource);
      table.set(key, entry);
    }
    const event: StoredEvent = { rv, resource, type, key, entry, old };
    this.events.push(event);
    this.compactIfNeeded();
    return event;
  }

  private compactIfNeeded(): void {
    const excess = this.events.length - this.eventLimit;
    // Drop in chunks so the array shift cost is amortized.
    if (excess >= Math.max(1, Math.floor(this.eventLimit / 10))) {
      const dropped = this.events.splice(0, excess);
      this.compactedRv = dropped[dropped.length - 1].rv;
    }
    if (++this.writesSincePrune >= 500) {
      this.writesSincePrune = 0;
      this.stmts.prune.run(this.rv - this.eventLimit);
    }
  }

  /** Runs `fn` in one database transaction: every commit inside shares one fsync. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Index of the first retained event with rv > after. */
  eventIndexAfter(after: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.events[mid].rv <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  close(): void {
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }
}
