/**
 * Runs one command so that it ends with the process that started this one,
 * however that process ends: `node guardian.js <command> [args...]`.
 *
 * The command runs in a process group of its own. A signal this process gets
 * is passed on to that group (and this process waits for the command, so its
 * parent can wait for both). When the parent is gone (killed with SIGKILL, so
 * it could pass nothing on) this process is re-parented: it sees its parent
 * id change, and ends the group. This process does nothing else, so its event
 * loop is always free to notice.
 */
import { spawn } from 'node:child_process';

// How often the parent's liveness is looked at; how long the command has to stop before SIGKILL.
const WATCH_MS = 200;
const GRACE_MS = 2_000;

const [command, ...args] = process.argv.slice(2);
const parent = process.ppid;
const child = spawn(command, args, { stdio: 'inherit', detached: true });

const signalGroup = (signal: NodeJS.Signals) => {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => signalGroup(signal));

const watch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(watch);
  signalGroup('SIGTERM');
  setTimeout(() => signalGroup('SIGKILL'), GRACE_MS).unref();
}, WATCH_MS);

child.on('error', (error) => {
  process.stderr.write(`could not run ${command}: ${error.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  clearInterval(watch);
  // Whatever the command left in its group goes with it.
  signalGroup('SIGKILL');
  process.exit(code ?? 128 + (signal ? signalNumber(signal) : 1));
});

function signalNumber(signal: NodeJS.Signals): number {
  return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[signal as string] ?? 1;
}
