/**
 * A tar archive (POSIX ustar) of regular files — what Framework's archive loaders extract members
 * from — with fixed metadata (mode 0644, owner 0, time 0), so the same members give the same bytes.
 * Tar rather than ZIP: Framework extracts a member of a .tar by streaming the archive up to it,
 * but parses a whole .zip with JSZip for every member (~0.4 s per member of the 58 MB live bundle,
 * ~11 s of each build in all).
 */
const BLOCK = 512;

/** A number as `width − 1` octal digits and a NUL, as ustar's numeric fields are written. */
function octal(n: number, width: number): string {
  const s = n.toString(8);
  if (s.length > width - 1) throw new Error(`tar: ${n} does not fit a ${width}-byte field`);
  return `${s.padStart(width - 1, "0")}\0`;
}

function header(name: string, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const bytes = Buffer.from(name, "utf8");
  if (bytes.length > 100) throw new Error(`tar: member name "${name}" is longer than 100 bytes`);
  bytes.copy(h, 0);
  h.write(octal(0o644, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii");
  h.write(octal(0, 8), 116, "ascii");
  h.write(octal(size, 12), 124, "ascii");
  h.write(octal(0, 12), 136, "ascii");
  h.write("        ", 148, "ascii"); // the checksum counts its own field as spaces
  h.write("0", 156, "ascii"); // regular file
  h.write("ustar\u000000", 257, "ascii");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return h;
}

export function tarStored(members: {name: string; data: Uint8Array}[]): Buffer {
  const parts: Buffer[] = [];
  for (const m of members) {
    parts.push(header(m.name, m.data.length), Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
    const pad = (BLOCK - (m.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(2 * BLOCK)); // end of archive
  return Buffer.concat(parts);
}

/**
 * A data loader's archive of several views: one process reads the pipeline's results once and
 * writes every file a page needs (one process per file would pay for start-up and reading each time).
 * Strings are written as UTF-8; the members keep the order given.
 */
export function tarFiles(files: Record<string, Uint8Array | string>): Buffer {
  return tarStored(Object.entries(files).map(([name, data]) => ({name, data: typeof data === "string" ? Buffer.from(data, "utf8") : data})));
}
