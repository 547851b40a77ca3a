/** Whether a process is still there (signal 0 tests for it without sending anything). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves true once none of these processes is left, false if some still are after `withinMs`. */
export async function gone(pids: number[], withinMs = 5_000): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (pids.some(alive) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  return !pids.some(alive);
}
