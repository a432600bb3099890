import type { ProgressEvent } from '@app/population';

const WIDTH = 30;
const REDRAW_MS = 100;

interface Output {
  isTTY?: boolean;
  write(text: string): unknown;
}

const whole = (n: number) => Math.round(n).toLocaleString('en-GB');

/**
 * Shows the generator's progress: on a terminal a bar redrawn in place (at most ten times a
 * second), elsewhere (a log, CI) a plain line at every tenth of each stage.
 */
export function progressBar(out: Output = process.stderr, now: () => number = () => performance.now()) {
  let stage = '';
  let started = 0;
  let lastDrawn = -Infinity;
  let lastTenth = -1;
  return (event: ProgressEvent) => {
    if (event.stage !== stage) {
      stage = event.stage;
      started = now();
      lastDrawn = -Infinity;
      lastTenth = -1;
    }
    const fraction = event.total > 0 ? Math.min(1, event.done / event.total) : 1;
    const finished = event.done >= event.total;
    const seconds = (now() - started) / 1000;
    const rate = seconds > 0 ? event.done / seconds : 0;
    const figures = `${whole(event.done)}/${whole(event.total)} ${Math.floor(fraction * 100)}% ${whole(rate)} rows/s`;
    if (out.isTTY) {
      if (!finished && now() - lastDrawn < REDRAW_MS) return;
      lastDrawn = now();
      const filled = Math.round(fraction * WIDTH);
      const eta = rate > 0 && !finished ? ` ${Math.ceil((event.total - event.done) / rate)} s left` : '';
      out.write(`\r${stage} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${figures}${eta}\x1b[K${finished ? '\n' : ''}`);
    } else {
      const tenth = Math.floor(fraction * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      out.write(`${stage}: ${figures}\n`);
    }
  };
}
