/** Shared checks for right-censored survival data: time >= 0 finite, status 0 (censored) or 1 (event). */
export function checkSurvival(name: string, time: ArrayLike<number>, status: ArrayLike<number>): void {
  if (time.length !== status.length) throw new Error(`${name}: ${time.length} times but ${status.length} status values`);
  if (time.length === 0) throw new Error(`${name}: no observations`);
  for (let i = 0; i < time.length; i++) {
    if (!Number.isFinite(time[i]) || time[i] < 0) throw new Error(`${name}: time ${time[i]} at index ${i} is not a finite value >= 0`);
    if (status[i] !== 0 && status[i] !== 1) throw new Error(`${name}: status ${status[i]} at index ${i} is not 0 (censored) or 1 (event)`);
  }
}
