/**
 * Rendering: the entrance list and the feedback live region. Plain DOM (the page is one list and
 * one message; a framework would not earn its weight). Every control is a native button or
 * radio, so keyboard and screen readers work without extra code.
 */
import { describeFeedback, type Feedback } from './feedback.js';

export type EntranceType = 'door' | 'elevator' | 'amenity';

/** An entrance as the page shows it. */
export interface EntranceView {
  /** acs_entrance_id. */
  id: string;
  name: string;
  type: EntranceType;
  /** Lock ids at this entrance (PROTOCOL.md §1 lock id): the chooser lists only these. */
  lockIds: string[];
  /** Elevator floors this key may select. */
  floors?: number[];
  /** Opening hours in words, e.g. "daily 06:00-22:00". */
  hours?: string;
  /** Whether the hours include now (amenities); undefined when there are no hours. */
  openNow?: boolean;
}

const kindText: Record<EntranceType, string> = { door: 'Door', elevator: 'Elevator', amenity: 'Amenity' };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

export interface UnlockRequest {
  entrance: EntranceView;
  floors?: number[];
}

/** Renders one card per entrance; `onUnlock` runs on the Unlock button (click, Enter or Space). */
export function renderEntrances(list: HTMLElement, entrances: readonly EntranceView[], onUnlock: (r: UnlockRequest) => void): void {
  list.replaceChildren(
    ...entrances.map((e) => {
      const headingId = `entrance-${e.id}`;
      const item = el('li', { className: 'entrance' });
      item.dataset['entranceId'] = e.id;
      item.dataset['type'] = e.type;
      item.setAttribute('aria-labelledby', headingId);

      const head = el('div', { className: 'entrance__head' }, el('div', {}, el('h3', { className: 'entrance__name', id: headingId }, e.name), el('p', { className: 'entrance__kind' }, kindText[e.type])));
      if (e.openNow !== undefined) {
        head.append(el('span', { className: `badge ${e.openNow ? 'badge--open' : 'badge--closed'}` }, e.openNow ? 'Open now' : 'Closed now'));
      }
      item.append(head);
      if (e.hours) item.append(el('p', { className: 'entrance__hours' }, `Hours: ${e.hours}`));

      let selectedFloors: () => number[] | undefined = () => undefined;
      if (e.type === 'elevator' && e.floors && e.floors.length > 0) {
        const name = `floor-${e.id}`;
        const fieldset = el('fieldset', { className: 'floors' }, el('legend', {}, 'Choose your floor'));
        const options = el('div', { className: 'floors__list' });
        e.floors.forEach((floor, i) => {
          const input = el('input', { type: 'radio', name, value: String(floor), checked: i === 0 });
          input.setAttribute('aria-label', `Floor ${floor}`);
          options.append(el('label', { className: 'floor' }, input, el('span', { ariaHidden: 'true' }, String(floor))));
        });
        fieldset.append(options);
        item.append(fieldset);
        selectedFloors = () => {
          const checked = fieldset.querySelector<HTMLInputElement>('input:checked');
          return checked ? [Number(checked.value)] : undefined;
        };
      }

      const button = el('button', { type: 'button', className: 'unlock', textContent: 'Unlock' });
      button.setAttribute('aria-label', e.type === 'elevator' ? `Unlock ${e.name} to the chosen floor` : `Unlock ${e.name}`);
      button.addEventListener('click', () => {
        const floors = selectedFloors();
        onUnlock({ entrance: e, ...(floors ? { floors } : {}) });
      });
      item.append(button);
      return item;
    }),
  );
}

/**
 * Marks the entrance being unlocked busy. No button is disabled: a disabled button loses focus
 * (it drops to <body>), so the others are only marked aria-disabled and the page ignores taps
 * while one unlock runs; focus stays on the tapped control.
 */
export function setBusy(list: HTMLElement, entranceId: string | undefined): void {
  for (const b of Array.from(list.querySelectorAll<HTMLButtonElement>('button.unlock'))) {
    const card = b.closest<HTMLElement>('.entrance');
    const mine = entranceId !== undefined && card?.dataset['entranceId'] === entranceId;
    if (entranceId !== undefined) b.setAttribute('aria-disabled', 'true');
    else b.removeAttribute('aria-disabled');
    if (mine) b.setAttribute('aria-busy', 'true');
    else b.removeAttribute('aria-busy');
    if (card && entranceId !== undefined) card.classList.toggle('entrance--active', mine);
  }
}

/** Disables all Unlock buttons for good (key unusable, browser unsupported). */
export function disableAll(list: HTMLElement): void {
  for (const b of Array.from(list.querySelectorAll<HTMLButtonElement>('button.unlock'))) b.disabled = true;
}

/** Sets the "Open now / Closed now" badges again (hours pass while the tab stays open). */
export function updateOpenNow(list: HTMLElement, openNow: (entranceId: string) => boolean | undefined): void {
  for (const badge of Array.from(list.querySelectorAll<HTMLElement>('.entrance .badge'))) {
    const id = badge.closest<HTMLElement>('.entrance')?.dataset['entranceId'];
    const open = id === undefined ? undefined : openNow(id);
    if (open === undefined) continue;
    badge.className = `badge ${open ? 'badge--open' : 'badge--closed'}`;
    badge.textContent = open ? 'Open now' : 'Closed now';
  }
}

/**
 * Shows feedback in the status sheet, fixed at the bottom of the viewport so the guest sees it
 * whichever entrance they tapped (no layout shift: it is out of the flow). The live region keeps
 * role="status" and aria-live="polite" for good: screen readers track a region whose role changes
 * badly, and every message is short. `entrance` names the card the message is about.
 */
export function showFeedback(region: HTMLElement, feedback: Feedback, entranceId?: string): void {
  const view = describeFeedback(feedback);
  region.dataset['state'] = feedback.state;
  region.dataset['tone'] = view.tone;
  if (entranceId !== undefined) region.dataset['entranceId'] = entranceId;
  else delete region.dataset['entranceId'];
  region.querySelector('.feedback__title')!.textContent = view.title;
  region.querySelector('.feedback__detail')!.textContent = view.detail ?? '';
}
