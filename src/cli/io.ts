import type { PactReplay } from '../verify/pact/replay';

/** Where a command writes: the real streams, or a buffer in tests. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /**
   * A GitHub annotation the suite builds itself (`::error file=…,line=…::…`), written to stdout as
   * one line that the runner reads as a command. Its data must be escaped by the caller; anything
   * not shaped like an annotation goes out as plain, guarded text.
   */
  annotation?(line: string): void;
  env: NodeJS.ProcessEnv;
  /** Standard input, for `validate -`. */
  readStdin(): Promise<string>;
  /**
   * A Pact process that outlives one `verify` (tests share one across many
   * runs); without it each run starts and ends its own.
   */
  pactWorker?: PactReplay;
}

/**
 * A reader that stops early (`verify | head`) closes the pipe: stop writing,
 * do not crash. Called by the program's entry point, not when this module loads.
 */
export function tolerateClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}

export const processIo: CliIo = {
  out: (line) => void (process.stdout.writable && process.stdout.write(`${line}\n`)),
  err: (line) => void (process.stderr.writable && process.stderr.write(`${line}\n`)),
  env: process.env,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};
