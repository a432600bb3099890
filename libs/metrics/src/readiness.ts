import { Injectable } from '@nestjs/common';

/** One part of readiness: `up` when it can do its work, else what it is instead ("down", "stopping"). */
export type ReadinessCheck = () => Promise<string> | string;

/**
 * What must hold for a process to be given work (`GET /health`): its database answers, and any
 * part that registers a check here (the worker's sync loop, which says "stopping" on SIGTERM).
 */
@Injectable()
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();

  add(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Each check's answer by name; ready when all are "up". */
  async report(): Promise<{ ready: boolean; parts: Record<string, string> }> {
    const names = [...this.checks.keys()];
    const answers = await Promise.all(names.map(async (name) => {
      try {
        return await this.checks.get(name)!();
      } catch {
        return 'down';
      }
    }));
    return { ready: answers.every((a) => a === 'up'), parts: Object.fromEntries(names.map((n, i) => [n, answers[i]])) };
  }
}
