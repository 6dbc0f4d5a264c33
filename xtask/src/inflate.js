// nianbao: raw DEFLATE (RFC 1951) decoder for the wasm module carried in the single file.
// Why not DecompressionStream: Firefox has it only from 113 on, and this path must work in every
// browser the app supports; a decoder of our own is one code path, exercised by every browser test.
// Plain, small and canonical-Huffman bit-by-bit (as zlib's puff.c): about 10 ms for the app's module.
const nbInflate = (src, outLength) => {
  const out = new Uint8Array(outLength);
  let pos = 0;
  let bitBuf = 0;
  let bitCount = 0;
  let o = 0;
  const fail = (what) => {
    throw new Error(`nianbao: the embedded wasm is corrupt (${what})`);
  };
  const bits = (n) => {
    while (bitCount < n) {
      if (pos >= src.length) fail("unexpected end");
      bitBuf |= src[pos++] << bitCount;
      bitCount += 8;
    }
    const v = bitBuf & ((1 << n) - 1);
    bitBuf >>>= n;
    bitCount -= n;
    return v;
  };
  // A canonical Huffman code from code lengths: counts per length, symbols in code order.
  const huffman = (lengths) => {
    const count = new Uint16Array(16);
    for (const l of lengths) count[l]++;
    count[0] = 0;
    const offs = new Uint16Array(16);
    for (let l = 1; l < 16; l++) offs[l] = offs[l - 1] + count[l - 1];
    const symbol = new Uint16Array(lengths.length);
    lengths.forEach((l, s) => {
      if (l) symbol[offs[l]++] = s;
    });
    return { count, symbol };
  };
  const decode = (h) => {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len++) {
      code |= bits(1);
      const count = h.count[len];
      if (code - count < first) return h.symbol[index + (code - first)];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    return fail("bad code");
  };
  const LBASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
    115, 131, 163, 195, 227, 258];
  const LEXT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  const DBASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
    1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
  const DEXT = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12,
    12, 13, 13];
  const ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
  const fixedLengths = new Uint8Array(288);
  fixedLengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
  const FIXED_LIT = huffman(fixedLengths);
  const FIXED_DIST = huffman(new Uint8Array(30).fill(5));
  const codes = (lit, dist) => {
    for (;;) {
      const sym = decode(lit);
      if (sym < 256) {
        if (o >= outLength) fail("too long");
        out[o++] = sym;
      } else if (sym === 256) {
        return;
      } else {
        const ls = sym - 257;
        if (ls >= 29) fail("bad length");
        const len = LBASE[ls] + bits(LEXT[ls]);
        const ds = decode(dist);
        if (ds >= 30) fail("bad distance");
        const d = DBASE[ds] + bits(DEXT[ds]);
        if (d > o || o + len > outLength) fail("bad match");
        for (let i = 0; i < len; i++, o++) out[o] = out[o - d];
      }
    }
  };
  let last = 0;
  while (!last) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      bitBuf = 0;
      bitCount = 0;
      if (pos + 4 > src.length) fail("unexpected end");
      const len = src[pos] | (src[pos + 1] << 8);
      pos += 4;
      if (pos + len > src.length || o + len > outLength) fail("bad stored block");
      out.set(src.subarray(pos, pos + len), o);
      pos += len;
      o += len;
    } else if (type === 1) {
      codes(FIXED_LIT, FIXED_DIST);
    } else if (type === 2) {
      const nlen = bits(5) + 257;
      const ndist = bits(5) + 1;
      const ncode = bits(4) + 4;
      const clens = new Uint8Array(19);
      for (let i = 0; i < ncode; i++) clens[ORDER[i]] = bits(3);
      const clcode = huffman(clens);
      const lengths = new Uint8Array(nlen + ndist);
      for (let i = 0; i < nlen + ndist;) {
        const sym = decode(clcode);
        if (sym < 16) {
          lengths[i++] = sym;
        } else {
          let repeat;
          let value = 0;
          if (sym === 16) {
            if (i === 0) fail("repeat with no length");
            value = lengths[i - 1];
            repeat = 3 + bits(2);
          } else if (sym === 17) {
            repeat = 3 + bits(3);
          } else {
            repeat = 11 + bits(7);
          }
          if (i + repeat > nlen + ndist) fail("too many lengths");
          lengths.fill(value, i, i + repeat);
          i += repeat;
        }
      }
      codes(huffman(lengths.subarray(0, nlen)), huffman(lengths.subarray(nlen)));
    } else {
      fail("bad block type");
    }
  }
  if (o !== outLength) fail("too short");
  return out;
};
