/** The message browser's decodings and the console's number formatting (browser code, run here under Node). */
import { describe, expect, it } from 'vitest';
import { decode } from '../../../console/decode.js';
import { byteSize, count } from '../../../console/format.js';

const b64 = (text: string | Uint8Array): string => Buffer.from(text).toString('base64');

describe('message browser decoding', () => {
  it('shows bytes as UTF-8 text, multi-byte characters included', () => {
    expect(decode(b64('héllo ✓'), 'utf8')).toBe('héllo ✓');
  });

  it('pretty-prints JSON, and says so when the bytes are not JSON', () => {
    expect(decode(b64('{"id":42,"tags":["a"]}'), 'json')).toBe('{\n  "id": 42,\n  "tags": [\n    "a"\n  ]\n}');
    expect(decode(b64('order-42'), 'json')).toBe('(not JSON) order-42');
  });

  it('shows every byte as two hex digits, invalid UTF-8 included', () => {
    expect(decode(b64(new Uint8Array([0x00, 0x0f, 0xff, 0x80])), 'hex')).toBe('00 0f ff 80');
  });

  it('shows a null key or value as null in every decoding', () => {
    for (const as of ['utf8', 'json', 'hex'] as const) expect(decode(null, as)).toBe('null');
  });
});

describe('console number formatting', () => {
  it('groups digits of 64-bit offsets without losing precision, and marks an unknown one', () => {
    expect(count('9223372036854775807')).toBe('9,223,372,036,854,775,807');
    expect(count(999)).toBe('999');
    expect(count(undefined)).toBe('?');
  });

  it('shows sizes whole in bytes below a KiB, and larger ones in binary units with three significant digits at most', () => {
    expect(byteSize(0)).toBe('0 B');
    expect(byteSize(1023)).toBe('1023 B');
    expect(byteSize(1024)).toBe('1 KiB');
    expect(byteSize(1536)).toBe('1.5 KiB');
    expect(byteSize(1234567)).toBe('1.18 MiB');
    expect(byteSize(10.25 * 1024 ** 3)).toBe('10.3 GiB');
    expect(byteSize(512 * 1024 ** 2)).toBe('512 MiB');
    expect(byteSize(2 * 1024 ** 6)).toBe('2048 PiB');
  });
});
