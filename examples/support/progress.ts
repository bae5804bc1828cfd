// A one-line progress bar on stderr: redrawn in place on a terminal, printed at 25% steps otherwise.

/** Draws `label [#####-----] 52% 10,400/20,000 (5,300/s)`. */
export function progressBar(label: string, total: number): { update(done: number): void; finish(done?: number): void } {
  const started = performance.now();
  const tty = process.stderr.isTTY === true;
  let lastQuarter = 0;
  const line = (done: number): string => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const width = 24;
    const filled = Math.round(ratio * width);
    const rate = done / Math.max((performance.now() - started) / 1000, 1e-3);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${Math.round(rate).toLocaleString('en-US')}/s)`;
  };
  return {
    update(done) {
      if (tty) process.stderr.write(`\r${line(done)}`);
      else {
        const quarter = Math.floor((done / Math.max(total, 1)) * 4);
        if (quarter > lastQuarter && quarter < 4) {
          lastQuarter = quarter;
          process.stderr.write(`${line(done)}\n`);
        }
      }
    },
    finish(done = total) {
      process.stderr.write(`${tty ? '\r' : ''}${line(done)}\n`);
    },
  };
}
