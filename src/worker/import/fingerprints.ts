// A set of strings kept as 64-bit fingerprints in typed arrays, for spotting duplicate resource
// ids among up to millions of clinical resources without holding their ids as strings (a Set of
// a million id strings costs around 80 MB; this costs 16 MB per million).
//
// Two independent 32-bit hashes make a 64-bit fingerprint: among n = 1,000,000 distinct ids the
// chance that any two share one is about n² / 2^65, below 1 in 30 million.

function hashA(s: string): number {
  // FNV-1a, 32-bit.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function hashB(s: string): number {
  // A Murmur-style multiply-xorshift with its own seed, finished with Murmur3's fmix32.
  let h = 0x9747b28c ^ s.length;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class FingerprintSet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialSlots = 1 << 16) {
    this.hi = new Uint32Array(initialSlots);
    this.lo = new Uint32Array(initialSlots);
    this.mask = initialSlots - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds `key`; false when it (by fingerprint) was already there. */
  add(key: string): boolean {
    const hi = hashA(key);
    // (0, 0) marks an empty slot, so a fingerprint of exactly that is moved to (0, 1).
    const lo = hashB(key) || (hi === 0 ? 1 : 0);
    if (!this.insert(hi, lo)) return false;
    if (++this.count * 2 > this.hi.length) this.grow();
    return true;
  }

  private insert(hi: number, lo: number): boolean {
    for (let slot = (hi ^ lo) & this.mask; ; slot = (slot + 1) & this.mask) {
      const h = this.hi[slot] ?? 0;
      const l = this.lo[slot] ?? 0;
      if (h === 0 && l === 0) {
        this.hi[slot] = hi;
        this.lo[slot] = lo;
        return true;
      }
      if (h === hi && l === lo) return false;
    }
  }

  private grow(): void {
    const oldHi = this.hi;
    const oldLo = this.lo;
    this.hi = new Uint32Array(oldHi.length * 2);
    this.lo = new Uint32Array(oldLo.length * 2);
    this.mask = this.hi.length - 1;
    for (let i = 0; i < oldHi.length; i++) {
      const h = oldHi[i] ?? 0;
      const l = oldLo[i] ?? 0;
      if (h !== 0 || l !== 0) this.insert(h, l);
    }
  }
}
