/**
 * Per-container log buffers (what `kubectl logs` shows): the echo servers' startup lines
 * and access log, bounded in lines, with live followers for `-f`.
 */
export interface LogQuery {
  tailLines?: number;
  timestamps?: boolean;
  sinceSeconds?: number;
}

interface LogLine {
  at: Date;
  text: string;
}

export type LogListener = (line: string) => void;

const MAX_LINES = 1000;

export class ContainerLogs {
  private readonly buffers = new Map<string, LogLine[]>();
  private readonly listeners = new Map<string, Set<(l: LogLine) => void>>();

  static key(namespace: string, pod: string, container: string): string {
    return `${namespace}/${pod}/${container}`;
  }

  append(key: string, text: string): void {
    const line = { at: new Date(), text };
    let buf = this.buffers.get(key);
    if (!buf) this.buffers.set(key, (buf = []));
    buf.push(line);
    if (buf.length > MAX_LINES) buf.splice(0, buf.length - MAX_LINES);
    for (const l of this.listeners.get(key) ?? []) l(line);
  }

  has(key: string): boolean {
    return this.buffers.has(key);
  }

  read(key: string, query: LogQuery = {}): string {
    let lines = this.buffers.get(key) ?? [];
    if (query.sinceSeconds !== undefined) {
      const from = Date.now() - query.sinceSeconds * 1000;
      lines = lines.filter((l) => l.at.getTime() >= from);
    }
    if (query.tailLines !== undefined && query.tailLines >= 0)
      lines = lines.slice(Math.max(0, lines.length - query.tailLines));
    return lines.map((l) => format(l, query.timestamps)).join('');
  }

  follow(key: string, listener: LogListener, timestamps = false): () => void {
    const wrapped = (l: LogLine) => listener(format(l, timestamps));
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(wrapped);
    return () => set!.delete(wrapped);
  }

  /** Forgets a pod's containers (the pod was deleted). */
  dropPod(namespace: string, pod: string): void {
    const prefix = `${namespace}/${pod}/`;
    for (const k of [...this.buffers.keys()]) if (k.startsWith(prefix)) this.buffers.delete(k);
  }
}

const format = (l: LogLine, timestamps?: boolean) =>
  `${timestamps ? `${l.at.toISOString()} ` : ''}${l.text}\n`;
