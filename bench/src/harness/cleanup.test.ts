import { describe, expect, it, vi } from 'vitest';
import { Cleanup } from './cleanup.ts';

describe('Cleanup', () => {
  it('runs tasks last-in first-out, each once, and goes on past a failing one', async () => {
    const order: string[] = [];
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const cleanup = new Cleanup();
    cleanup.add('drop database', async () => {
      order.push('database');
    });
    cleanup.add('stop server', async () => {
      order.push('server');
      throw new Error('already gone');
    });
    cleanup.add('stop load', async () => {
      order.push('load');
    });
    await Promise.all([cleanup.runAll(), cleanup.runAll()]);
    await cleanup.runAll();
    expect(order).toEqual(['load', 'server', 'database']);
    expect(errors).toHaveBeenCalledWith('cleanup: stop server failed: already gone');
    errors.mockRestore();
  });

  it('forgets a task whose remover was called', async () => {
    const ran: string[] = [];
    const cleanup = new Cleanup();
    const forget = cleanup.add('a', async () => {
      ran.push('a');
    });
    cleanup.add('b', async () => {
      ran.push('b');
    });
    forget();
    await cleanup.runAll();
    expect(ran).toEqual(['b']);
  });
});
