/**
 * The runner itself: a failing story is reported failed with its captures attached, a story that
 * fails once and then passes is flaky, a broken one is an error; sharding is deterministic and
 * its shards partition the run; selection by tag and pattern.
 */
import { describe, expect, it } from 'vitest';
import { defineSuite, ENTRANCES, htmlReport, junitReport, parseShard, pickShard, runSuites, selectScenarios, SHIPPED_SUITES } from '../src/index.js';
import { testLogger } from './support.js';

describe('runner outcomes', () => {
  let calls = 0;
  const suite = defineSuite('runner-check', 'Runner check', [
    {
      title: 'expects a grant after checkout',
      run: async (w) => {
        const ada = await w.guest('Ada Guest');
        await ada.stay({ entrances: [ENTRANCES.room101] });
        const phone = await w.phone('ada', ENTRANCES.room101);
        await phone.openKey(await ada.instantKey());
        w.travel(3 * 86_400_000, 'after checkout');
        w.expectEqual((await phone.unlock(ENTRANCES.room101)).codeName, 'GRANTED', 'room after checkout');
      },
    },
    {
      title: 'fails once then passes',
      run: async (w) => {
        calls++;
        w.check(calls > 1, 'second time lucky');
      },
    },
    { title: 'throws', run: async () => Promise.reject(new Error('the rig broke')) },
  ]);

  it('reports failed (with btsnoop captures), flaky and error', async () => {
    const report = await runSuites(suite.scenarios, { logger: testLogger, retries: 1 });
    const by = Object.fromEntries(report.results.map((r) => [r.title, r]));
    const failed = by['expects a grant after checkout']!;
    expect(failed.status).toBe('failed');
    expect(failed.attempts).toHaveLength(2);
    expect(failed.attempts[0]!.message).toBe('room after checkout is "GRANTED": got "EXPIRED"');
    const captures = failed.attempts[0]!.captures;
    expect(captures.map((c) => c.name)).toContain('phone-ada.btsnoop');
    // A lock's capture is named by its entrance (docs/SCENARIOS.md "Reports"), not by its lock id.
    expect(captures.find((c) => c.entrance === 'Room 101')).toMatchObject({ name: 'room-101.btsnoop', controller: expect.stringMatching(/^lock-[0-9a-f-]{36}$/) });
    expect(captures.map((c) => c.name).filter((n) => n.startsWith('lock-'))).toEqual([]);
    for (const c of captures) expect(new TextDecoder().decode(c.bytes.subarray(0, 8))).toBe('btsnoop\0');
    expect(by['fails once then passes']!.status).toBe('flaky');
    expect(by['throws']!.status).toBe('error');
    expect(report.totals).toEqual({ total: 3, passed: 0, flaky: 1, failed: 2, skipped: 0 });

    const xml = junitReport(report);
    expect(xml).toContain('<failure message="room after checkout is &quot;GRANTED&quot;: got &quot;EXPIRED&quot;"');
    expect(xml).toContain('<error message="the rig broke"');
    expect(xml).toContain('<property name="flaky" value="true"/>');
    const html = htmlReport(report);
    expect(html).toContain('download="attempt1-phone-ada.btsnoop" href="data:application/vnd.tcpdump.pcap;base64,YnRzbm9vcA');
    expect(html).toContain('download="attempt1-room-101.btsnoop"');
    expect(html).toContain('attempt 1: Room 101 (room-101.btsnoop)');
  }, 60_000);
});

describe('selection and sharding', () => {
  const all = selectScenarios(SHIPPED_SUITES);

  it('the union of all shards is the full run, shards are disjoint and balanced', () => {
    for (const n of [1, 2, 3, 4, 7]) {
      const shards = Array.from({ length: n }, (_, i) => selectScenarios(SHIPPED_SUITES, { shard: { index: i + 1, total: n } }).map((s) => s.id));
      const union = shards.flat();
      expect(new Set(union).size).toBe(union.length);
      expect([...union].sort()).toEqual(all.map((s) => s.id).sort());
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('a shard does not depend on the order suites are given in', () => {
    const reversed = [...SHIPPED_SUITES].reverse();
    expect(pickShard(selectScenarios(reversed), { index: 2, total: 3 })).toEqual(pickShard(all, { index: 2, total: 3 }));
  });

  it('parses i/n and refuses nonsense', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, total: 4 });
    for (const bad of ['0/3', '4/3', 'a/b', '1', '1/0']) expect(() => parseShard(bad)).toThrow(/shard/);
  });

  it('selects by tag and by pattern', () => {
    expect(selectScenarios(SHIPPED_SUITES, { tags: ['security'] }).map((s) => s.suite)).toEqual(Array(8).fill('attacks'));
    expect(selectScenarios(SHIPPED_SUITES, { grep: 'replayed unlock' }).map((s) => s.id)).toEqual(['attacks/a-replayed-unlock-command-is-refused']);
    expect(() => selectScenarios(SHIPPED_SUITES, { grep: '(' })).toThrow(/not a valid regular expression/);
  });
});
