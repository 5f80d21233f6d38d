// The EventEmitter-compatible base of EventStream: Node's semantics for listeners changed during an emit.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Emitter } from '../src/emitter.js';

/** Runs the same script on ours and on Node's EventEmitter and returns both call logs. */
function both(script: (e: Emitter | EventEmitter, log: string[]) => void): [string[], string[]] {
  const a: string[] = [];
  const b: string[] = [];
  script(new Emitter(), a);
  script(new EventEmitter(), b);
  return [a, b];
}

describe('Emitter', () => {
  it('calls listeners in order with every argument and reports whether any ran', () => {
    const e = new Emitter();
    const got: unknown[][] = [];
    expect(e.emit('x', 1)).toBe(false);
    e.on('x', (...a) => got.push(['first', ...a]));
    e.addListener('x', (...a) => got.push(['second', ...a]));
    expect(e.emit('x', 1, 'two')).toBe(true);
    expect(got).toEqual([
      ['first', 1, 'two'],
      ['second', 1, 'two'],
    ]);
    expect(e.listenerCount('x')).toBe(2);
  });

  it('a listener added during an emit runs from the next emit on (as Node)', () => {
    const [ours, node] = both((e, log) => {
      e.on('x', () => {
        log.push('a');
        e.on('x', () => log.push('late'));
      });
      e.emit('x');
      log.push('|');
      e.emit('x');
    });
    expect(ours).toEqual(['a', '|', 'a', 'late']);
    expect(ours).toEqual(node);
  });

  it('a listener removed during an emit still runs in that emit, not after (as Node)', () => {
    const [ours, node] = both((e, log) => {
      const b = () => log.push('b');
      e.on('x', () => {
        log.push('a');
        e.off('x', b);
      });
      e.on('x', b);
      e.emit('x');
      log.push('|');
      e.emit('x');
    });
    expect(ours).toEqual(['a', 'b', '|', 'a']);
    expect(ours).toEqual(node);
  });

  it('off(fn) removes a listener added with once(fn), and removes the most recently added copy (as Node)', () => {
    const [ours, node] = both((e, log) => {
      const f = () => log.push('f');
      const g = () => log.push('g');
      e.once('x', f);
      e.off('x', f);
      e.emit('x');
      e.on('x', g);
      e.once('x', () => log.push('h'));
      e.on('x', g);
      e.off('x', g);
      e.emit('x');
      log.push(String(e.listenerCount('x')));
    });
    expect(ours).toEqual(['g', 'h', '1']);
    expect(ours).toEqual(node);
  });

  it('once, removeListener of one of two equal listeners, removeAllListeners', () => {
    const [ours, node] = both((e, log) => {
      const f = () => log.push('f');
      e.once('x', () => log.push('once'));
      e.on('x', f);
      e.on('x', f);
      e.emit('x');
      e.removeListener('x', f);
      e.emit('x');
      e.on('y', () => log.push('y'));
      e.removeAllListeners('x');
      e.emit('x');
      e.emit('y');
      e.removeAllListeners();
      e.emit('y');
      log.push(String(e.listenerCount('y')));
    });
    expect(ours).toEqual(['once', 'f', 'f', 'f', 'y', '0']);
    expect(ours).toEqual(node);
  });
});
