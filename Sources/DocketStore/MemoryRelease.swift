#if canImport(Glibc)
import Glibc
#endif

/// Hands the memory a large transaction freed back to the system.
///
/// glibc keeps freed memory in the arena of the thread that allocated it, and a catch-up allocates on
/// several threads (the writer, the one that prepares batches, the network's), each arena keeping its
/// own high-water mark. The peak of a daemon catching up 100,000 operations was about 10 MiB higher in
/// about half the runs; returning every arena's free pages after each transaction of many operations
/// (batches applied together or one large batch alone) removed that half. At a million operations it
/// made no clear difference (`docs/benchmarks.md`, "Throughput, ninth round").
enum MemoryRelease {
    /// Transactions applying fewer operations free too little to be worth a pass over the arenas.
    static let minimumOperations = 1000

    /// glibc's `malloc_trim(size_t)`, which its Swift module does not declare: looked up once; nil
    /// elsewhere.
    private static let trim: (@convention(c) (UInt) -> Int32)? = {
        #if canImport(Glibc)
        guard let program = dlopen(nil, RTLD_NOW), let symbol = dlsym(program, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UInt) -> Int32).self)
        #else
        return nil
        #endif
    }()

    /// Returns free memory after a transaction that applied `operations`, if they were many: on the
    /// disposal thread, once the transaction's batches and records dropped there are freed (`Disposal`).
    /// - Returns: whether it will ask the allocator to.
    @discardableResult
    static func afterTransaction(applying operations: Int) -> Bool {
        guard operations >= Self.minimumOperations, let trim = Self.trim else { return false }
        Disposal.afterDrops { _ = trim(0) }
        return true
    }

    /// Whether this platform's allocator can be asked to return memory.
    static var isAvailable: Bool { Self.trim != nil }
}
