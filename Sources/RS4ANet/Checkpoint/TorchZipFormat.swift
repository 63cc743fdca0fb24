import Foundation
import ZIPFoundation

/// Reader for the zip format `torch.save` writes since torch 1.6:
/// `<name>/data.pkl` (the pickled object; storages as persistent ids),
/// `<name>/data/<key>` (raw little-endian storage bytes), `<name>/byteorder`, `<name>/version`.
enum TorchZipFormat {
    private static let context = "torch zip file"
    /// Bytes read per chunk when extracting an entry.
    private static let chunkSize = 4 << 20
    /// Deflate's largest possible expansion: a 258-byte match in 2 bits (RFC 1951).
    static let maxDeflateRatio: UInt64 = 1032

    static func looksZip(_ data: Data) -> Bool {
        data.count >= 4 && data.prefix(4).elementsEqual([0x50, 0x4b, 0x03, 0x04])
    }

    /// Reads a torch zip held in memory. ZIPFoundation's in-memory backend traps on
    /// offsets past the end of corrupt archives, while its file backend reads short and
    /// fails cleanly, so the bytes go through a private temporary file.
    static func load(_ data: Data) throws -> StateDict {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("rs4a-checkpoint-\(UUID().uuidString).zip")
        do {
            try data.write(to: url)
        } catch {
            throw CheckpointError.io("cannot stage the zip archive in \(url.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: url) }
        return try load(contentsOf: url, fileSize: data.count)
    }

    /// Reads a torch zip file of `fileSize` bytes.
    static func load(contentsOf url: URL, fileSize: Int) throws -> StateDict {
        try ZipStructureCheck.check(fileAt: url, fileSize: fileSize)
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch Archive.ArchiveError.missingEndOfCentralDirectoryRecord {
            throw CheckpointError.truncated("\(context): no end-of-central-directory record (the file is cut short or not a zip)")
        } catch {
            throw CheckpointError.malformedContainer("\(context): cannot open the archive (\(error))")
        }
        var entries: [String: Entry] = [:]
        for entry in archive where entries.count < 1_000_000 { entries[entry.path] = entry }

        // The pickle sits in one top-level folder whose name torch derives from the file name.
        let pickleCandidates = entries.keys.filter { path in
            path == "data.pkl" || (path.hasSuffix("/data.pkl") && path.dropLast(9).firstIndex(of: "/") == nil)
        }.sorted()
        guard let picklePath = pickleCandidates.first, let pickleEntry = entries[picklePath] else {
            throw CheckpointError.malformedContainer("\(context): no <name>/data.pkl record (\(entries.count) entries found)")
        }
        let prefix = String(picklePath.dropLast("data.pkl".count))

        if let byteorderEntry = entries[prefix + "byteorder"] {
            let order = String(decoding: try read(byteorderEntry, from: archive, fileSize: fileSize), as: UTF8.self)
            guard order.trimmingCharacters(in: .whitespacesAndNewlines) == "little" else {
                throw CheckpointError.unsupported("\(context): byteorder \"\(order.prefix(20))\" (only little-endian files are supported)")
            }
        }

        let pickle = try read(pickleEntry, from: archive, fileSize: fileSize)
        let arena = PickleArena()
        defer { arena.tearDown() }
        let catalog = TorchStorageCatalog(layout: .zip, context: context)
        let references = try pickle.withUnsafeBytes { raw -> [(String, TensorReference)] in
            let (root, _) = try PickleMachine.unpickle(raw, context: "\(context) (\(picklePath))",
                                                       arena: arena, persistentLoad: catalog.persistentLoad)
            return try StateDictLocator.locate(root, context: context)
        }

        var records: [String: Data] = [:]
        var tensors: [(String, CheckpointTensor)] = []
        tensors.reserveCapacity(references.count)
        for (name, ref) in references {
            let key = ref.storage.key
            if records[key] == nil {
                let recordPath = prefix + "data/" + key
                guard let entry = entries[recordPath] else {
                    throw CheckpointError.missingStorage("\(context): record \(recordPath) of tensor \"\(name)\" is not in the archive")
                }
                records[key] = try read(entry, from: archive, fileSize: fileSize)
            }
            // Force-unwrap-free: the record was stored just above.
            guard let record = records[key] else { continue }
            tensors.append((name, try catalog.tensor(ref, record: record, name: name)))
        }
        return try StateDict(tensors)
    }

    /// Extracts one entry, checking its declared sizes against the file and its CRC-32.
    private static func read(_ entry: Entry, from archive: Archive, fileSize: Int) throws -> Data {
        guard entry.type == .file else {
            throw CheckpointError.malformedContainer("\(context): entry \(entry.path) is not a regular file")
        }
        let declared = entry.uncompressedSize
        let stored = entry.compressedSize
        // ZIPFoundation trusts the declared sizes; a corrupt size must not become a huge loop.
        let isStored = !entry.isCompressed
        guard stored <= UInt64(fileSize), !isStored || declared <= UInt64(fileSize),
              declared <= UInt64(Int.max / 2) else {
            throw CheckpointError.malformedContainer(
                "\(context): entry \(entry.path) declares \(declared) bytes but the file has \(fileSize)")
        }
        // The inflated bytes are bounded by the declared size (checked while extracting), so an
        // impossible declaration is refused before any work: deflate codes at most 258 bytes per
        // 2 bits, so no stream inflates to more than 1032 times its compressed size.
        let (possible, overflow) = stored.multipliedReportingOverflow(by: maxDeflateRatio)
        guard isStored || (!overflow && declared <= possible) else {
            throw CheckpointError.malformedContainer(
                "\(context): compressed entry \(entry.path) declares \(declared) bytes from \(stored) compressed bytes, "
                + "more than deflate's maximum ratio of \(maxDeflateRatio):1 allows")
        }
        guard declared <= ProcessInfo.processInfo.physicalMemory else {
            throw CheckpointError.unsupported(
                "\(context): entry \(entry.path) inflates to \(declared) bytes, more than this machine's memory "
                + "(\(ProcessInfo.processInfo.physicalMemory) bytes)")
        }
        var out = Data()
        out.reserveCapacity(isStored ? Int(declared) : 0)
        do {
            // CRC-32 checked below with the faster slicing-by-8 implementation.
            _ = try archive.extract(entry, bufferSize: chunkSize, skipCRC32: true) { chunk in
                guard UInt64(out.count + chunk.count) <= declared else {
                    throw CheckpointError.malformedContainer("\(context): entry \(entry.path) inflates past its declared size")
                }
                out.append(chunk)
            }
        } catch let e as CheckpointError {
            throw e
        } catch {
            throw CheckpointError.malformedContainer("\(context): cannot extract \(entry.path) (\(error))")
        }
        guard UInt64(out.count) == declared else {
            throw CheckpointError.truncated("\(context): entry \(entry.path) holds \(out.count) of its \(declared) bytes")
        }
        guard CRC32Checksum.checksum(out) == entry.checksum else {
            throw CheckpointError.malformedContainer("\(context): entry \(entry.path) fails its CRC-32 check")
        }
        return out
    }
}
