// nianbao: LZMA decoder (the ".lzma" format: 13-byte header, then one LZMA stream of known size) for
// the wasm module carried in the single file. Why LZMA and not DEFLATE: it packs the app's module
// about 17 % smaller (about 35 KB), and base64 of packed bytes does not shrink again when the page is
// gzipped or zipped, so the file anyone downloads or mails is that much smaller. Why our own decoder:
// browsers have none for LZMA, and one plain code path is exercised by every browser test.
// It follows Igor Pavlov's reference decoder (LzmaSpec.cpp, public domain). Measured on the 2-core
// test machine for the app's module (500 KB): 40 ms the first time in node, about 50 ms more start-up
// than DEFLATE's decoder in Chromium. Numbers stay below 2^32 and exact: no bit tricks on values that
// may reach 2^31.
const nbUnlzma = (src) => {
  const fail = (what) => {
    throw new Error(`nianbao: the embedded wasm is corrupt (${what})`);
  };
  if (src.length < 18) fail("too short");
  // The unpacked size: 8 bytes little-endian after the properties and the dictionary size. The app's
  // module is well under 2^31 bytes; "unknown" (all ones) is not written by our packer.
  let outLength = 0;
  for (let i = 12; i >= 5; i--) outLength = outLength * 256 + src[i];
  if (outLength >= 2 ** 31) fail("size");
  let props = src[0];
  if (props >= 225) fail("properties");
  const lc = props % 9;
  props = (props / 9) | 0;
  const lp = props % 5;
  const pb = (props / 5) | 0;
  const out = new Uint8Array(outLength);
  let outPos = 0;

  // The range decoder. Its two 32-bit registers live in a typed array: as plain variables shared by
  // these closures, each new value above 2^30 would be a heap allocation.
  let inPos = 13;
  const rc = new Uint32Array(2); // range, code
  rc[0] = 0xffffffff;
  const nextByte = () => {
    if (inPos >= src.length) fail("unexpected end");
    return src[inPos++];
  };
  if (nextByte() !== 0) fail("stream start");
  for (let i = 0; i < 4; i++) rc[1] = rc[1] * 256 + nextByte();
  if (rc[1] === rc[0]) fail("stream start");
  const bit = (probs, i) => {
    const p = probs[i];
    let range = rc[0];
    let code = rc[1];
    const bound = (range >>> 11) * p;
    let b;
    if (code < bound) {
      range = bound;
      probs[i] = p + ((2048 - p) >>> 5);
      b = 0;
    } else {
      range -= bound;
      code -= bound;
      probs[i] = p - (p >>> 5);
      b = 1;
    }
    if (range < 0x1000000) {
      range = range * 256;
      code = code * 256 + nextByte();
    }
    rc[0] = range;
    rc[1] = code;
    return b;
  };
  // Bits with no model: the registers stay local for the whole run, hence the renormalisation written
  // out here as in bit() rather than shared (a shared helper would store them back at every bit).
  const directBits = (n) => {
    let result = 0;
    let range = rc[0];
    let code = rc[1];
    for (; n > 0; n--) {
      range >>>= 1;
      let b = 0;
      if (code >= range) {
        code -= range;
        b = 1;
      }
      result = result * 2 + b;
      if (range < 0x1000000) {
        range = range * 256;
        code = code * 256 + nextByte();
      }
    }
    rc[0] = range;
    rc[1] = code;
    return result;
  };
  const tree = (probs, offset, n) => {
    let m = 1;
    for (let i = 0; i < n; i++) m = m * 2 + bit(probs, offset + m);
    return m - (1 << n);
  };
  const reverseTree = (probs, offset, n) => {
    let m = 1;
    let symbol = 0;
    for (let i = 0; i < n; i++) {
      const b = bit(probs, offset + m);
      m = m * 2 + b;
      symbol |= b << i;
    }
    return symbol;
  };

  // The probability models, all starting at one half (1024 of 2048).
  const model = (n) => new Uint16Array(n).fill(1024);
  const literal = model(0x300 << (lc + lp));
  const isMatch = model(12 << 4);
  const isRep = model(12);
  const isRepG0 = model(12);
  const isRepG1 = model(12);
  const isRepG2 = model(12);
  const isRep0Long = model(12 << 4);
  const posSlot = model(4 << 6);
  const posSpecial = model(115);
  const align = model(16);
  const lengthModel = () => ({ choice: model(2), low: model(16 << 3), mid: model(16 << 3), high: model(256) });
  const matchLength = lengthModel();
  const repLength = lengthModel();
  const length = (m, posState) => {
    if (bit(m.choice, 0) === 0) return tree(m.low, posState << 3, 3);
    if (bit(m.choice, 1) === 0) return 8 + tree(m.mid, posState << 3, 3);
    return 16 + tree(m.high, 0, 8);
  };
  const distance = (len) => {
    const slot = tree(posSlot, (len < 3 ? len : 3) << 6, 6);
    if (slot < 4) return slot;
    const n = (slot >>> 1) - 1;
    let dist = (2 + (slot & 1)) * 2 ** n;
    if (slot < 14) return dist + reverseTree(posSpecial, dist - slot, n);
    dist += directBits(n - 4) * 16;
    return dist + reverseTree(align, 0, 4);
  };

  const posMask = (1 << pb) - 1;
  const litPosMask = (1 << lp) - 1;
  let state = 0;
  let rep0 = 0;
  let rep1 = 0;
  let rep2 = 0;
  let rep3 = 0;
  while (outPos < outLength) {
    const posState = outPos & posMask;
    if (bit(isMatch, (state << 4) + posState) === 0) {
      const prev = outPos > 0 ? out[outPos - 1] : 0;
      const base = 0x300 * (((outPos & litPosMask) << lc) + (prev >>> (8 - lc)));
      let symbol = 1;
      if (state >= 7) {
        let matchByte = out[outPos - rep0 - 1];
        do {
          const matchBit = (matchByte >>> 7) & 1;
          matchByte <<= 1;
          const b = bit(literal, base + ((1 + matchBit) << 8) + symbol);
          symbol = (symbol << 1) | b;
          if (matchBit !== b) break;
        } while (symbol < 0x100);
      }
      while (symbol < 0x100) symbol = (symbol << 1) | bit(literal, base + symbol);
      out[outPos++] = symbol - 0x100;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    let len;
    if (bit(isRep, state) !== 0) {
      if (outPos === 0) fail("repeat at start");
      if (bit(isRepG0, state) === 0) {
        if (bit(isRep0Long, (state << 4) + posState) === 0) {
          // A "short rep": one byte from the last distance.
          state = state < 7 ? 9 : 11;
          out[outPos] = out[outPos - rep0 - 1];
          outPos++;
          continue;
        }
      } else {
        let dist;
        if (bit(isRepG1, state) === 0) {
          dist = rep1;
        } else {
          if (bit(isRepG2, state) === 0) {
            dist = rep2;
          } else {
            dist = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = dist;
      }
      len = length(repLength, posState);
      state = state < 7 ? 8 : 11;
    } else {
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      len = length(matchLength, posState);
      state = state < 7 ? 7 : 10;
      rep0 = distance(len);
      // The end marker (distance 2^32 - 1) is not expected: the size is known. Any distance reaching
      // before the start is corruption.
      if (rep0 >= outPos) fail("distance");
    }
    len += 2;
    if (outPos + len > outLength) fail("too long");
    for (; len > 0; len--) {
      out[outPos] = out[outPos - rep0 - 1];
      outPos++;
    }
  }
  return out;
};
