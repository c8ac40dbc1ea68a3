/// Small, valid PNG and JPEG files for photographed receipts.
///
/// Receipts arrive in Qonto as phone photos, so a few attachments are images. The sandbox writes
/// them itself: a PNG with correct chunk CRCs whose zlib stream uses stored (uncompressed) deflate
/// blocks, so no compressor is needed; and a fixed 8×8 grey baseline JPEG whose one-symbol Huffman
/// tables encode a single flat block.
enum ImageFiles {
    /// A 32×20 RGB PNG filled with a colour derived from `variant`.
    static func png(variant: Int) -> [UInt8] {
        let width = 32, height = 20
        let colour: [UInt8] = [UInt8(truncatingIfNeeded: 90 + variant * 37), UInt8(truncatingIfNeeded: 140 + variant * 11), 200]
        var raw: [UInt8] = []
        for row in 0..<height {
            raw.append(0)  // filter type None
            // A darker band across the middle, so the image is not a single flat colour.
            let shade: UInt8 = (row / 4 == 2) ? 60 : 0
            for _ in 0..<width {
                raw.append(contentsOf: colour.map { $0 &- shade })
            }
        }
        var header: [UInt8] = []
        header += bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]  // bit depth 8, colour type RGB, deflate, adaptive filter, no interlace
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", header) + chunk("IDAT", zlibStored(raw)) + chunk("IEND", [])
    }

    /// A baseline (SOF0) 8×8 greyscale JPEG, mid-grey.
    static let jpeg: [UInt8] = {
        var out: [UInt8] = [0xFF, 0xD8]  // SOI
        // APP0 JFIF 1.01, no density, no thumbnail.
        out += [0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]
        // DQT: table 0, all ones.
        out += [0xFF, 0xDB, 0x00, 0x43, 0x00] + [UInt8](repeating: 1, count: 64)
        // SOF0: 8-bit, 8×8, one component (id 1, sampling 1×1, quantisation table 0).
        out += [0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00]
        // DHT: DC table 0 and AC table 0, each with one 1-bit code for symbol 0
        // (DC difference category 0, and AC end-of-block).
        let oneCode: [UInt8] = [0x01] + [UInt8](repeating: 0, count: 15) + [0x00]
        out += [0xFF, 0xC4, 0x00, 0x14, 0x00] + oneCode
        out += [0xFF, 0xC4, 0x00, 0x14, 0x10] + oneCode
        // SOS: one component, tables 0/0, spectral 0–63, no approximation.
        out += [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]
        // Entropy-coded data: DC code `0`, EOB code `0`, padded with 1-bits → 0b0011_1111.
        out += [0x3F]
        out += [0xFF, 0xD9]  // EOI
        return out
    }()

    /// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4).
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let isLast = offset + length == data.count
            out.append(isLast ? 1 : 0)
            out += [UInt8(length & 0xff), UInt8(length >> 8), UInt8(~length & 0xff), UInt8((~length >> 8) & 0xff)]
            out += data[offset..<offset + length]
            offset += length
        } while offset < data.count
        return out + bigEndian(adler32(data))
    }

    /// CRC-32 (ISO 3309, as used by PNG chunks).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc32(typeBytes + data))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)]
    }
}
