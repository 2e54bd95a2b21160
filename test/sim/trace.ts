/**
 * The last few things that happened, kept cheaply (events are formatted only
 * when a violation prints them).
 */
import type { Ready } from '../../src/raft/types.js';
import type { SimEvent } from './events.js';
import { formatEvent } from './events.js';
import { TRACE_EVENTS_MAX } from './limits.js';

/** What an event did: the Ready a write carried out, or why a message was not delivered. */
export type Outcome = Ready | string | null;

type Line = { readonly timeUs: number; readonly event: SimEvent; readonly outcome: Outcome } | { readonly timeUs: number; readonly note: string };

export class Trace {
  private readonly lines: Line[] = [];
  private next = 0;

  event(timeUs: number, event: SimEvent, outcome: Outcome): void {
    this.push({ timeUs, event, outcome });
  }

  note(timeUs: number, note: string): void {
    this.push({ timeUs, note });
  }

  format(): string[] {
    const ordered = [...this.lines.slice(this.next), ...this.lines.slice(0, this.next)];
    return ordered.map((line) => {
      const text = 'note' in line ? `  · ${line.note}` : formatEvent(line.event, line.outcome);
      return `${(line.timeUs / 1000).toFixed(3).padStart(10)}ms  ${text}`;
    });
  }

  private push(line: Line): void {
    if (this.lines.length < TRACE_EVENTS_MAX) this.lines.push(line);
    else this.lines[this.next] = line;
    this.next = (this.next + 1) % TRACE_EVENTS_MAX;
  }
}
