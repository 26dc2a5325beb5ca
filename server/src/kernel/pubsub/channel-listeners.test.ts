import { describe, expect, it } from 'vitest';
import { ChannelListeners } from './channel-listeners.ts';

describe('ChannelListeners', () => {
  it('says which subscription opened a channel and which removal emptied it', () => {
    const listeners = new ChannelListeners();
    const first = listeners.add('c', () => {});
    const second = listeners.add('c', () => {});
    expect([first.first, second.first]).toEqual([true, false]);
    expect(first.remove()).toBe(false);
    expect(first.remove()).toBe(false);
    expect(second.remove()).toBe(true);
    expect(listeners.has('c')).toBe(false);
    expect(listeners.add('c', () => {}).first).toBe(true);
  });

  it('lets a listener unsubscribe during dispatch without skipping the others', () => {
    const listeners = new ChannelListeners();
    const calls: string[] = [];
    const self = listeners.add('c', () => {
      calls.push('self');
      self.remove();
    });
    listeners.add('c', () => calls.push('other'));
    listeners.dispatch('c', 'x');
    listeners.dispatch('c', 'y');
    expect(calls).toEqual(['self', 'other', 'other']);
  });

  it('reports a throwing listener to the error handler', () => {
    const errors: unknown[] = [];
    const listeners = new ChannelListeners((error, channel) => errors.push([channel, error]));
    listeners.add('c', () => {
      throw new Error('boom');
    });
    expect(() => listeners.dispatch('c', 'x')).not.toThrow();
    expect(errors).toEqual([['c', new Error('boom')]]);
  });
});
