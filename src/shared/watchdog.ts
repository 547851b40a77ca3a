/**
 * Ends one process when the process that started this one is gone:
 * `node watchdog.js <pid>`. For a child that cannot watch for itself: the
 * Pact worker, whose every thread stops while Pact's native verifier runs, so
 * it would outlive a parent killed with SIGKILL. When the parent is gone this
 * process is re-parented, sees its parent id change, and ends the child.
 * It ends too once the child has ended. It does nothing else, so its event
 * loop is always free to notice.
 */
const WATCH_MS = 200;

const child = Number(process.argv[2]);
const parent = process.ppid;

setInterval(() => {
  if (process.ppid !== parent) {
    try {
      process.kill(child, 'SIGKILL');
    } catch {
      // Already gone.
    }
    process.exit(0);
  }
  try {
    process.kill(child, 0);
  } catch {
    process.exit(0);
  }
}, WATCH_MS);
