/**
 * A ZIP archive of stored (uncompressed) members — what Framework's archive loaders expect — with a
 * fixed timestamp, so the same members give the same bytes. MP3 does not compress further.
 */
import {crc32} from "node:zlib";

export function zipStored(members: {name: string; data: Uint8Array}[]): Buffer {
  const locals: Buffer[] = [],
    central: Buffer[] = [];
  let offset = 0;
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01, 00:00
  for (const m of members) {
    const name = Buffer.from(m.name, "utf8"),
      crc = crc32(m.data),
      size = m.data.length;
    if (size >= 0xffffffff || offset >= 0xffffffff) throw new Error(`zipStored: ${m.name} needs ZIP64, which this writer does not do`);
    // The fields a member's local header and its central-directory entry share, from "version
    // needed" to the name's length: at offset 4 in the first, 6 in the second.
    const shared = (h: Buffer, at: number) => {
      h.writeUInt16LE(20, at); // version needed
      h.writeUInt16LE(0x0800, at + 2); // UTF-8 names
      h.writeUInt16LE(0, at + 4); // stored
      h.writeUInt16LE(0, at + 6);
      h.writeUInt16LE(DOS_DATE, at + 8);
      h.writeUInt32LE(crc, at + 10);
      h.writeUInt32LE(size, at + 14);
      h.writeUInt32LE(size, at + 18);
      h.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    shared(local, 4);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4); // version made by
    shared(entry, 6);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
    central.push(entry, name);
    offset += 30 + name.length + size;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/**
 * A data loader's archive of several views: one process reads the pipeline's results once and
 * writes every file a page needs (one process per file would pay for start-up and reading each time).
 * Strings are written as UTF-8; the members keep the order given.
 */
export function zipFiles(files: Record<string, Uint8Array | string>): Buffer {
  return zipStored(Object.entries(files).map(([name, data]) => ({name, data: typeof data === "string" ? Buffer.from(data, "utf8") : data})));
}
