import { UsageError } from '../../bench/src/bench-options';
import { progressBar } from './progress-bar';
import { seedOptions } from './seed-options';

describe('The seed command line', () => {
  it('takes the number of people as written, with a default seed', () => {
    expect(seedOptions(['--people', '1_000_000'])).toMatchObject({ people: 1_000_000, seed: 1, reset: false, record: true });
    expect(seedOptions(['--people', '200', '--seed', '7', '--reset', '--no-record'])).toMatchObject({ people: 200, seed: 7, reset: true, record: false });
  });

  it('makes the population as of today unless given a day, which must be a real one', () => {
    expect(seedOptions(['--people', '5']).asAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(seedOptions(['--people', '5', '--as-at', '2025-06-30']).asAt).toBe('2025-06-30');
    expect(() => seedOptions(['--people', '5', '--as-at', '2025-02-30'])).toThrow(/--as-at must be a date written YYYY-MM-DD/);
  });

  it('refuses to guess how many people', () => {
    expect(() => seedOptions([])).toThrow(UsageError);
    expect(() => seedOptions(['--people=-5'])).toThrow(/--people must be a whole number/);
    expect(() => seedOptions(['--people', '5', '--persons', '6'])).toThrow(UsageError);
  });
});

describe('The progress bar', () => {
  it('on a terminal, redraws one line in place and ends it when the stage is done', () => {
    const written: string[] = [];
    let clock = 0;
    const show = progressBar({ isTTY: true, write: (t) => written.push(t) }, () => clock);
    show({ stage: 'people', done: 0, total: 100 });
    clock = 1_000;
    show({ stage: 'people', done: 50, total: 100 });
    clock = 2_000;
    show({ stage: 'people', done: 100, total: 100 });
    expect(written.every((t) => t.startsWith('\r'))).toBe(true);
    expect(written[1]).toContain('[###############---------------] 50/100 50% 50 rows/s');
    expect(written[2].endsWith('\n')).toBe(true);
  });

  it('elsewhere, writes a plain line at every tenth', () => {
    const written: string[] = [];
    const show = progressBar({ isTTY: false, write: (t) => written.push(t) }, () => 0);
    for (let done = 0; done <= 1_000; done += 50) show({ stage: 'people', done, total: 1_000 });
    expect(written).toHaveLength(11);
    expect(written[10]).toBe('people: 1,000/1,000 100% 0 rows/s\n');
  });
});
