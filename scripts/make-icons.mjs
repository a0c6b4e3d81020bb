// Draws the app icons (an upload arrow on NHS blue) as PNG files, with no image library:
// run `node scripts/make-icons.mjs` after changing the design; the outputs are committed.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const BLUE = [0x00, 0x5e, 0xb8];
const WHITE = [0xff, 0xff, 0xff];

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** inset: fraction of the size kept clear around the arrow (maskable icons need a safe zone). */
function icon(size, inset) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      // Coordinates in the unit square of the drawing area.
      const u = (x / size - inset) / (1 - 2 * inset);
      const v = (y / size - inset) / (1 - 2 * inset);
      const head = v >= 0.18 && v <= 0.5 && Math.abs(u - 0.5) <= (v - 0.18) * 1.0;
      const shaft = v > 0.5 && v <= 0.72 && Math.abs(u - 0.5) <= 0.1;
      const bar = v >= 0.78 && v <= 0.86 && u >= 0.22 && u <= 0.78;
      const colour = head || shaft || bar ? WHITE : BLUE;
      row.set(colour, 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

writeFileSync('public/icons/icon-192.png', icon(192, 0.08));
writeFileSync('public/icons/icon-512.png', icon(512, 0.08));
writeFileSync('public/icons/icon-maskable-512.png', icon(512, 0.2));
writeFileSync(
  'public/favicon.svg',
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="#005eb8"/>' +
    '<path d="M50 18 L82 50 H60 V72 H40 V50 H18 Z M22 78 H78 V86 H22 Z" fill="#fff"/></svg>\n',
);
