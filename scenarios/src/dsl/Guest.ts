/**
 * A guest as the property sees them: a user identity with access grants (stays) and instant keys,
 * all made through the cloud's HTTP API exactly as a property-management system would.
 */
import type { World } from './World.js';
import { DAY, HOUR } from './worldTime.js';
import { ENTRANCES, type EntranceName } from './scenarioProperty.js';

export interface StayOptions {
  /** Default 2. Check-out is at 11:00 local time-ish: `nights` days minus 4 hours from now. */
  readonly nights?: number;
  /** Default: Room 101, Elevator, Gym. */
  readonly entrances?: readonly EntranceName[];
  /** Elevator floors (default: all the elevator serves). */
  readonly floors?: readonly number[];
  /** Devices one instant key may set up (Seam `instant_key_max_use_count`). */
  readonly maxUseCount?: number;
  /** Start of the stay (default: now). */
  readonly startsAt?: number;
  /**
   * How the stay takes its guest-room doors' key sequences (PROTOCOL.md §6): `override` (the
   * cloud's default: a new guest, whose first use supersedes earlier keys at the door) or
   * `joiner` (shares the door's current sequence). Sent only when given.
   */
  readonly keyMode?: 'override' | 'joiner';
}

export class Guest {
  accessGrantId: string | undefined;
  endsAt = 0;

  constructor(
    readonly world: World,
    readonly name: string,
    readonly userIdentityId: string,
  ) {}

  /** Books a stay: an access grant with a mobile key on the entrances. */
  async stay(o: StayOptions = {}): Promise<string> {
    const w = this.world;
    const startsAt = o.startsAt ?? w.clock.now();
    this.endsAt = startsAt + (o.nights ?? 2) * DAY - 4 * HOUR;
    const entrances = o.entrances ?? [ENTRANCES.room101, ENTRANCES.elevator, ENTRANCES.gym];
    const r = await w.admin.call<{ access_grant: { access_grant_id: string } }>('/access_grants/create', {
      user_identity_id: this.userIdentityId,
      acs_entrance_ids: entrances.map((e) => w.entrance(e).acs_entrance_id),
      starts_at: new Date(startsAt).toISOString(),
      ends_at: new Date(this.endsAt).toISOString(),
      requested_access_methods: [{ mode: 'mobile_key', ...(o.maxUseCount !== undefined ? { instant_key_max_use_count: o.maxUseCount } : {}) }],
      ...(o.floors ? { floors: o.floors } : {}),
      ...(o.keyMode ? { keyrig_key_mode: o.keyMode } : {}),
    });
    this.accessGrantId = r.access_grant.access_grant_id;
    w.timeline.message('Property', 'Cloud', `access_grants/create${o.keyMode ? ` (${o.keyMode})` : ''}: ${this.name} → ${entrances.join(', ')} until ${new Date(this.endsAt).toISOString()}`);
    return this.accessGrantId;
  }

  /** Issues an instant key; returns its URL (a secret: it never goes to the timeline or logs). */
  async instantKey(o: { maxUseCount?: number } = {}): Promise<string> {
    const r = await this.world.admin.call<{ instant_key: { instant_key_url: string; instant_key_id: string } }>('/user_identities/generate_instant_key', {
      user_identity_id: this.userIdentityId,
      ...(o.maxUseCount !== undefined ? { max_use_count: o.maxUseCount } : {}),
    });
    this.world.timeline.message('Cloud', 'Property', `instant key ${r.instant_key.instant_key_id.slice(0, 8)}… for ${this.name}${o.maxUseCount ? ` (max_use_count ${o.maxUseCount})` : ''}`);
    return r.instant_key.instant_key_url;
  }

  /** Moves check-out (extension or early check-out) through access_grants/update. */
  async changeCheckout(endsAt: number): Promise<void> {
    await this.world.admin.call('/access_grants/update', { access_grant_id: this.#grant(), ends_at: new Date(endsAt).toISOString() });
    this.world.timeline.message('Property', 'Cloud', `access_grants/update: ${this.name} checks out ${new Date(endsAt).toISOString()}`);
    this.endsAt = endsAt;
  }

  /** Revokes the stay (access_grants/delete): its documents go on the blocklist. */
  async revoke(): Promise<void> {
    await this.world.admin.call('/access_grants/delete', { access_grant_id: this.#grant() });
    this.world.timeline.message('Property', 'Cloud', `access_grants/delete: ${this.name}'s stay revoked`);
  }

  /** The guest's registered phones (endpoints), as the property sees them. */
  async endpoints(): Promise<{ device_id: string; user_agent: string | null; last_loaded_at: string | null; is_removed: boolean }[]> {
    const r = await this.world.admin.call<{ phones: { device_id: string; user_agent: string | null; last_loaded_at: string | null; is_removed: boolean }[] }>('/phones/list', {
      owner_user_identity_id: this.userIdentityId,
    });
    this.world.timeline.message('Cloud', 'Property', `${this.name} has ${r.phones.length} phone(s)`);
    return r.phones;
  }

  /** Deactivates one phone (its documents go on the blocklist). */
  async deactivatePhone(deviceId: string): Promise<void> {
    await this.world.admin.call('/phones/deactivate', { device_id: deviceId });
    this.world.timeline.message('Property', 'Cloud', `phones/deactivate ${deviceId.slice(0, 8)}…`);
  }

  #grant(): string {
    if (!this.accessGrantId) throw new Error(`${this.name} has no stay yet`);
    return this.accessGrantId;
  }
}
