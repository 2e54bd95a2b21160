/** Shared bits of the pages: links, numbers, status badges, error boxes. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { ApiError } from './api.js';

export const topicHref = (topic: string): string => `#/topics/${encodeURIComponent(topic)}`;
export const partitionHref = (topic: string, partition: number): string => `#/topics/${encodeURIComponent(topic)}/${partition}`;
export const groupHref = (group: string): string => `#/groups/${encodeURIComponent(group)}`;
export const messagesHref = (topic: string, partition: number): string =>
  `#/messages?topic=${encodeURIComponent(topic)}&partition=${partition}`;

/** Offsets and counts arrive as decimal strings (64-bit): group digits without going through a float. */
export function count(value: string | number | undefined): string {
  // Undefined: the partition's leader could not be asked just now.
  return value === undefined ? '?' : String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** A size in bytes for people: 1023 B, 1.5 KiB, 12 MiB (three significant digits at most past bytes). */
export function byteSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || value >= 100 ? Math.round(value).toString() : value.toFixed(value >= 10 ? 1 : 2).replace(/\.?0+$/, '');
  return `${shown} ${BYTE_UNITS[unit]}`;
}

/** Node ids in the order given (a partition's replicas: the preferred leader first). */
export function nodeList(nodes: readonly number[]): string {
  return nodes.length === 0 ? '–' : nodes.join(', ');
}

/** A set of node ids (the in-sync replicas), in id order. */
export function nodeSet(nodes: readonly number[]): string {
  return nodeList([...nodes].sort((a, b) => a - b));
}

export function Badge({ ok, yes, no }: { ok: boolean; yes: string; no: string }): VNode {
  return html`<span class=${ok ? 'badge ok' : 'badge bad'}>${ok ? yes : no}</span>`;
}

/** An error from the node; a refusal by the ACLs (403) says so, naming what was refused. */
export function ErrorBox({ error }: { error: Error | undefined }): VNode | null {
  if (error === undefined) return null;
  if (error instanceof ApiError && error.status === 403) {
    return html`<p class="error" role="alert" data-testid="forbidden">Not allowed: ${error.message}. An administrator can grant it with an ACL (cairn acl create).</p>`;
  }
  return html`<p class="error" role="alert">${error.message}</p>`;
}

export function Loading(): VNode {
  return html`<p class="muted">Loading…</p>`;
}
