/** The cloud and client fuzz targets of `npm run fuzz` (the lock target is in fuzz.ts). */
export interface TargetReport {
  readonly target: string;
  readonly startedAt: string;
  readonly inputs: number;
  readonly wallMs: number;
  readonly ok: boolean;
  readonly [more: string]: unknown;
}

export interface TargetOptions {
  readonly seed: number;
  readonly inputs?: number;
}

export const targets: Record<'cloud' | 'client', (o: TargetOptions) => Promise<TargetReport>> = {
  cloud: async () => {
    throw new Error('cloud target: not yet');
  },
  client: async () => {
    throw new Error('client target: not yet');
  },
};
