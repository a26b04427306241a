import { describe, expect, it } from 'vitest';
import { contrastRatio, parseHexColor, textColorOn, themeVariables } from './theme.js';

describe('theme: customization colours with readable text', () => {
  it('parses #rgb and #rrggbb and rejects anything else (no CSS injection through colours)', () => {
    expect(parseHexColor('#1f4fbf')).toEqual([0x1f, 0x4f, 0xbf]);
    expect(parseHexColor('#fff')).toEqual([255, 255, 255]);
    expect(parseHexColor('red; background: url(x)')).toBeUndefined();
    expect(parseHexColor(undefined)).toBeUndefined();
  });

  it('WCAG contrast ratio: black on white is 21:1', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
  });

  it('picks the text colour that reaches AA (4.5:1) on any brand colour', () => {
    for (const hex of ['#000000', '#ffffff', '#ffcc00', '#1f4fbf', '#777777', '#00a86b', '#e4002b']) {
      const bg = parseHexColor(hex)!;
      const fg = parseHexColor(textColorOn(bg))!;
      expect(contrastRatio(bg, fg), hex).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('sets brand variables only for valid colours', () => {
    expect(themeVariables({ primary_color: '#ffcc00', secondary_color: 'nope' })).toEqual({ '--brand': '#ffcc00', '--on-brand': '#000000' });
  });
});
