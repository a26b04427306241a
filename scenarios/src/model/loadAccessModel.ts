/**
 * The access model (model/accessModel.ts, `predictHistory`), loaded when first needed. Written
 * and built separately from the rig runner; a build without it gets a clear error here instead
 * of a failed import at start-up.
 */
import type { AccessModel } from './checkModel.js';

export async function loadAccessModel(): Promise<AccessModel> {
  // A computed specifier: the model module is its own file, owned and built beside this one.
  const specifier = ['.', 'accessModel.js'].join('/');
  let mod: { predictHistory?: unknown };
  try {
    mod = (await import(specifier)) as { predictHistory?: unknown };
  } catch (err) {
    throw new Error(`the access model (scenarios/src/model/accessModel.ts) is not in this build: ${(err as Error).message}`, { cause: err });
  }
  if (typeof mod.predictHistory !== 'function') throw new Error('scenarios/src/model/accessModel.ts does not export predictHistory(history)');
  return mod.predictHistory as AccessModel;
}
