import type { StageContext } from './population-stage';
import { PracticeHierarchy } from './practice-hierarchy';
import { CareSystem } from './synthetic-organisations';
import { Workforce } from './synthetic-workforce';

const made = new WeakMap<PracticeHierarchy, { key: string; workforce: Workforce }>();

/**
 * The organisations and workforce of a run, made once and shared by the stages that write them and
 * the stage that builds care teams from them (the same options always give the same ones).
 */
export function workforceOf({ hierarchy, options }: Pick<StageContext, 'hierarchy' | 'options'>): Workforce {
  const key = JSON.stringify([options.people, options.seed, options.asAt]);
  const cached = made.get(hierarchy);
  if (cached?.key === key) return cached.workforce;
  const workforce = new Workforce(new CareSystem(hierarchy, options), options);
  made.set(hierarchy, { key, workforce });
  return workforce;
}
