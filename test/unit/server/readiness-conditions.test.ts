import { describe, expect, it } from 'vitest';
import { controllerNotReady, transportNotReady } from '../../../src/server/readiness.js';

const NODE_DEAD_AFTER_MS = 10_000;

describe('controllerNotReady', () => {
  it('keeps a node ready while a controller answered it within nodeDeadAfterMs', () => {
    expect(controllerNotReady(NODE_DEAD_AFTER_MS, NODE_DEAD_AFTER_MS)).toBeUndefined();
  });

  it('makes a node not ready once no controller accepted its reports for longer than the controller takes to count it dead', () => {
    expect(controllerNotReady(NODE_DEAD_AFTER_MS + 1, NODE_DEAD_AFTER_MS)).toBe(
      "no controller has accepted this node's reports for 10001 ms (it counts a node dead after 10000 ms)",
    );
  });
});

describe('transportNotReady', () => {
  it('makes a node with peers but no open stream to any of them not ready', () => {
    expect(transportNotReady({ linked: 2, open: 0 })).toBe('no peer stream is open (2 peers, each refusing or unreachable)');
  });

  it('keeps a node ready with one open stream, or without peers at all', () => {
    expect(transportNotReady({ linked: 2, open: 1 })).toBeUndefined();
    expect(transportNotReady({ linked: 0, open: 0 })).toBeUndefined();
  });
});
