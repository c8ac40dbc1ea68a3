import MIME
import Testing

@Suite("Base64LineEncoder")
struct Base64LineEncoderTests {
    /// Encodes `bytes` in one call.
    func encodeAtOnce(_ bytes: [UInt8]) -> [UInt8] {
        var encoder = Base64LineEncoder()
        var output: [UInt8] = []
        encoder.encode(bytes, into: &output)
        encoder.finish(into: &output)
        return output
    }

    /// Deterministic pseudo-random bytes (a linear congruential generator, no system randomness).
    func pseudoRandomBytes(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    @Test("RFC 4648 test vectors", arguments: [
        ("", ""), ("f", "Zg==\r\n"), ("fo", "Zm8=\r\n"), ("foo", "Zm9v\r\n"), ("foob", "Zm9vYg==\r\n"),
        ("fooba", "Zm9vYmE=\r\n"), ("foobar", "Zm9vYmFy\r\n"),
    ])
    func rfc4648(input: String, expected: String) {
        #expect(String(decoding: encodeAtOnce(Array(input.utf8)), as: UTF8.self) == expected)
    }

    @Test("Every byte value and every 6-bit value is encoded as the reference does")
    func allByteValues() {
        let bytes = (0..<768).map { UInt8(truncatingIfNeeded: $0) }
        #expect(encodeAtOnce(bytes) == referenceBase64Lines(bytes))
    }

    @Test("Lines are 76 characters and each ends with CRLF", arguments: [1, 56, 57, 58, 113, 114, 115, 171, 1000])
    func lineLayout(count: Int) {
        let output = encodeAtOnce(pseudoRandomBytes(count: count, seed: UInt64(count)))
        let lines = String(decoding: output, as: UTF8.self).splitAtCRLF()
        #expect(lines.last == "")
        for line in lines.dropLast().dropLast() { #expect(line.utf8.count == 76) }
        #expect((1...76).contains(lines.dropLast().last?.utf8.count ?? 0))
        #expect(output.count == Base64LineEncoder.encodedLength(byteCount: count))
    }

    @Test("Any chunking gives the same output as encoding everything at once", arguments: [
        [1], [2], [3], [4], [5], [56], [57], [58], [1, 2], [2, 1], [7, 50, 1], [100], [1, 56, 57, 58],
        [0, 1, 0, 2, 0], [114, 1, 1, 1], [3000], [29, 31, 37, 41, 43, 47],
    ])
    func chunking(sizes: [Int]) {
        for total in [0, 1, 2, 3, 55, 56, 57, 58, 59, 113, 114, 115, 1_000, 4_099] {
            let input = pseudoRandomBytes(count: total, seed: UInt64(total) + 7)
            var encoder = Base64LineEncoder()
            var output: [UInt8] = []
            var offset = 0
            var step = 0
            while offset < total {
                let size = min(sizes[step % sizes.count], total - offset)
                input[offset..<offset + size].withUnsafeBytes { encoder.encode($0, into: &output) }
                offset += size
                step += 1
            }
            encoder.finish(into: &output)
            #expect(output == referenceBase64Lines(input), "sizes \(sizes), total \(total)")
        }
    }

    @Test("Chunks from unaligned memory are read correctly")
    func unalignedChunks() {
        let storage = pseudoRandomBytes(count: 1_001, seed: 42)
        var encoder = Base64LineEncoder()
        var output: [UInt8] = []
        storage.withUnsafeBytes { raw in
            encoder.encode(UnsafeRawBufferPointer(rebasing: raw[1..<200]), into: &output)
            encoder.encode(UnsafeRawBufferPointer(rebasing: raw[200..<1_001]), into: &output)
        }
        encoder.finish(into: &output)
        #expect(output == referenceBase64Lines(Array(storage[1...])))
    }

    @Test("The encoder can be reused after finishing, and finishing twice adds nothing")
    func reuse() {
        var encoder = Base64LineEncoder()
        var output: [UInt8] = []
        encoder.encode(Array("fo".utf8), into: &output)
        encoder.finish(into: &output)
        encoder.finish(into: &output)
        encoder.encode(Array("foobar".utf8), into: &output)
        encoder.finish(into: &output)
        #expect(String(decoding: output, as: UTF8.self) == "Zm8=\r\nZm9vYmFy\r\n")
    }

    @Test("The encoded length is exact for every size up to three lines", arguments: Array(0...200))
    func encodedLength(count: Int) {
        #expect(Base64LineEncoder.encodedLength(byteCount: count) == referenceBase64Lines(Array(repeating: 0, count: count)).count)
    }

    @Test("The encoded length of 25 MB is computed without encoding")
    func encodedLengthLarge() {
        let count = 25 * 1024 * 1024
        let characters = (count + 2) / 3 * 4
        #expect(Base64LineEncoder.encodedLength(byteCount: count) == characters + 2 * ((characters + 75) / 76))
        #expect(Base64LineEncoder.encodedLength(byteCount: -5) == 0)
    }

    @Test("The output decodes back to the input and never contains a boundary start")
    func roundTrip() {
        let input = pseudoRandomBytes(count: 10_000, seed: 3)
        let output = encodeAtOnce(input)
        #expect(decodeBase64(output) == input)
        let text = String(decoding: output, as: UTF8.self)
        #expect(!text.contains("=_") && !text.contains("\r\n.") && !text.contains("\r\n-"))
    }
}
