import { describe, expect, it } from 'vitest';
import { isIos } from './platform.js';

// Real user agents: every iOS browser runs WebKit (no Web Bluetooth); iPadOS 13+ says "Macintosh".
const ua = {
  iphoneSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  iphoneChrome: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
  iphoneFirefox: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15',
  ipadDesktopMode: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  androidChrome: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
};

describe('isIos', () => {
  it('is true for any iPhone browser and for an iPad that says it is a Mac but has a touch screen', () => {
    expect(isIos(ua.iphoneSafari, 5)).toBe(true);
    expect(isIos(ua.iphoneChrome, 5)).toBe(true);
    expect(isIos(ua.iphoneFirefox, 5)).toBe(true);
    expect(isIos(ua.ipadDesktopMode, 5)).toBe(true);
  });

  it('is false for a Mac without touch and for Android', () => {
    expect(isIos(ua.ipadDesktopMode, 0)).toBe(false);
    expect(isIos(ua.androidChrome, 5)).toBe(false);
  });
});
