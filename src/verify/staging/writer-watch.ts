import { probeRunOf } from './marker';

/**
 * Tells this run's writes from anyone else's. The run knows every name it
 * sent and every name the target answered to those writes (a server that
 * mangles a name answers with its own spelling of it); a read that shows a
 * name outside that set was written by someone else: another run, a person,
 * or the application. Reads only: an answer to a write is that write's own.
 *
 * The original is a name of its own kind. A server that does not keep a
 * rename shows it on every read, which is its own failure to judge; but once
 * reads have shown this run's names (the server keeps them), the original
 * coming back means someone put it back: another run ending, say.
 */
export class WriterWatch {
  private readonly own = new Set<string>();
  private original?: string;
  // Reads judge nothing until the original is known: the first read is how it becomes known.
  private armed = false;
  // A read has shown one of this run's names: the target keeps what it is told.
  private keepsRenames = false;

  /** @param runId this run's: a name that carries another run's marker is that run's, whatever the request */
  constructor(private readonly runId?: string) {}

  /** The original, as read (or given) before the run changed anything: from now on reads are judged. */
  adopt(name: string): void {
    this.original = name;
    this.armed = true;
  }

  /** A name this run sent in a request body (null clears the name: servers show it as ""). */
  sent(name: unknown): void {
    for (const spelling of spellings(name)) this.own.add(spelling);
  }

  /** A name the target answered to one of this run's writes. */
  answered(name: unknown): void {
    this.sent(name);
  }

  /** Whether a name is one this run set, or the original it found. */
  isOwn(name: unknown): boolean {
    return name === this.original || this.setByThisRun(name);
  }

  /**
   * A name read back (a GET, or the answer to `{}`): undefined when it is this run's, else what was
   * seen. Only a GET shows that the target keeps renames: a target whose `{}` answers the last
   * rename while its GET shows something else has a broken read-back, which the checks judge.
   */
  foreignRead(name: unknown, via: 'GET' | '{}' = 'GET'): string | undefined {
    if (!this.armed) return undefined;
    if (this.setByThisRun(name)) {
      if (via === 'GET') this.keepsRenames = true;
      return undefined;
    }
    if (name === this.original && !this.keepsRenames) return undefined;
    return JSON.stringify(name);
  }

  /** Any answer, a write's too: a name with another run's marker means that run is writing now. */
  foreignAnswer(name: unknown): string | undefined {
    const run = typeof name === 'string' ? probeRunOf(name) : undefined;
    return this.armed && run !== undefined && run !== this.runId && !this.setByThisRun(name)
      ? JSON.stringify(name)
      : undefined;
  }

  private setByThisRun(name: unknown): boolean {
    return spellings(name).some((spelling) => this.own.has(spelling));
  }
}

function spellings(name: unknown): string[] {
  if (name === null) return ['', 'null'];
  if (name === undefined) return [];
  return typeof name === 'string' ? [name] : [String(name), JSON.stringify(name)];
}
