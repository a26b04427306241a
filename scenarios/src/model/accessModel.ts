/**
 * The executable access model of issue #16: for a whole-system history, what every step must
 * return. Written from the documents only (PROTOCOL.md, CLOUD.md, CLIENT.md, LOCK.md and the
 * issue #16 decisions), never from the cloud's, lock's or client's code: it is the independent
 * oracle the rig's outcomes are compared with. Pure and deterministic (no I/O, no Node APIs).
 * What it covers and every assumption it makes: docs/MODEL.md.
 */
import type { EntranceKey, History, HistoryStep, StepOutcome } from './history.js';
import { ENTRANCE_KEYS } from './history.js';
import { ModelCloud } from './modelCloud.js';
import { ModelLock } from './modelLock.js';
import { ModelPhone, openKey, present, reload, unlock, type StepResult } from './modelPhone.js';
import { USER_ACTION_MS } from './modelProperty.js';

export interface Prediction {
  readonly outcome: StepOutcome;
  readonly why: string;
}

/** The model's whole state at one point of a history. */
export class AccessModel {
  now: number;
  readonly cloud = new ModelCloud();
  readonly locks: Record<EntranceKey, ModelLock>;
  readonly phones = new Map<string, ModelPhone>();

  constructor(history: History) {
    this.now = history.setup.start;
    const locks = {} as Record<EntranceKey, ModelLock>;
    for (const e of ENTRANCE_KEYS) locks[e] = new ModelLock(e, history.setup.locks[e], this.now, this.cloud.blocklist(this.now));
    this.locks = locks;
  }

  private phone(handle: string): ModelPhone {
    const p = this.phones.get(handle);
    if (p === undefined) throw new Error(`history refers to unknown phone "${handle}"`);
    return p;
  }

  /** Applies one step and says what it returns. */
  step(s: HistoryStep): Prediction {
    const none = (why: string): Prediction => ({ outcome: null, why });
    const acted = (r: StepResult): Prediction => ({ outcome: r.outcome, why: r.why });
    switch (s.do) {
      case 'guest':
        this.cloud.addGuest(s.guest);
        return none(`guest ${s.guest}`);
      case 'grant':
        this.cloud.createGrant(s, this.now);
        return none(`grant ${s.grant} for ${s.guest}`);
      case 'updateGrant':
        this.cloud.updateGrant(s, this.now);
        return none(`update ${s.grant}`);
      case 'deleteGrant':
        this.cloud.deleteGrant(s.grant, this.now);
        return none(`delete ${s.grant}`);
      case 'deleteGuest':
        this.cloud.deleteGuest(s.guest, this.now);
        return none(`delete guest ${s.guest}`);
      case 'instantKey':
        this.cloud.createKey(s, this.now);
        return none(`instant key ${s.key}`);
      case 'deleteKey':
        this.cloud.deleteKey(s.key, this.now);
        return none(`delete key ${s.key}`);
      case 'phone':
        if (this.phones.has(s.phone)) throw new Error(`history introduces phone "${s.phone}" twice`);
        this.phones.set(s.phone, new ModelPhone(s.phone));
        return none(`phone ${s.phone}`);
      case 'revokeSession': {
        const p = this.phone(s.phone);
        if (p.session !== undefined) this.cloud.revokeSession(p.session, this.now);
        return none(`revoke session of ${s.phone}`);
      }
      case 'offline':
        this.phone(s.phone).online = false;
        return none(`${s.phone} offline`);
      case 'online':
        this.phone(s.phone).online = true;
        return none(`${s.phone} online`);
      case 'provision':
        this.locks[s.entrance].provision(this.now, this.cloud.blocklist(this.now));
        return none(`provision ${s.entrance}`);
      case 'travel':
        this.now += s.ms;
        return none(`travel ${s.ms} ms`);
      case 'open':
        this.now += USER_ACTION_MS;
        return acted(openKey(this.phone(s.phone), s.key, this.cloud, this.now));
      case 'reload':
        this.now += USER_ACTION_MS;
        return acted(reload(this.phone(s.phone), this.cloud, this.now));
      case 'unlock':
        this.now += USER_ACTION_MS;
        return acted(unlock(this.phone(s.phone), s.entrance, s.floors, this.cloud, this.locks[s.entrance], this.now));
      case 'present':
        this.now += USER_ACTION_MS;
        return acted(present(this.phone(s.phone), s.entrance, s.document, this.locks[s.entrance], this.now));
    }
  }
}

/** What every step of `history` must return, one prediction per step. */
export function predictHistory(history: History): Prediction[] {
  const model = new AccessModel(history);
  return history.steps.map((s) => model.step(s));
}
