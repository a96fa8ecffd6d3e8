#if canImport(Glibc)
import Glibc
#endif

/// Wakes when a file in the replica's directory is written: a commit by any process (the daemon or a
/// `docket` command) appends to the write-ahead log there. The daemon learns of a CLI commit at once
/// instead of on its next poll, and an idle daemon sleeps instead of polling every few milliseconds.
///
/// Linux inotify on the directory (not the WAL file, which may not exist yet or be replaced). A wake is
/// only a hint: the caller confirms with `PRAGMA data_version`, so a spurious or missed event costs
/// nothing but a check or the fallback poll.
///
/// A writer through `Replica` marks each finished commit by setting the log's times (see
/// `CommitAnnouncer`): that attribute event says the commit is visible now, where a write event only
/// says one is under way. While commits stream in, the caller stops hearing writes (`hearWrites(false)`):
/// each page written raised an event, thousands a second during a catch-up, and the kernel's work for
/// them was 4% of the writer's. Announcements, files closed after writing (a one-shot writer that does not
/// announce, such as the sqlite3 shell) and files created or moved in are always heard.
final class CommitWatch: @unchecked Sendable {
    /// Whether the last `wait` returned because of a file event rather than its timeout.
    private(set) var sawEvent = false
    /// Whether the last `wait` saw a writer announce a finished commit.
    private(set) var sawCommit = false
    /// Whether writes to the directory's files raise events.
    private(set) var hearsWrites = true
    #if canImport(Glibc)
    private let inotify: Int32
    private let directory: String
    /// Announcements, files closed after writing, created or moved in; and writes when they are heard.
    private static func mask(hearingWrites: Bool) -> UInt32 {
        UInt32(IN_ATTRIB) | UInt32(IN_CLOSE_WRITE) | UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)
            | (hearingWrites ? UInt32(IN_MODIFY) : 0)
    }
    /// A pipe `close()` writes to, so a thread blocked in `wait` returns at once.
    private let wake: (read: Int32, write: Int32)
    #endif

    /// Watches `directory`; nil where file notifications are not available.
    init?(directory: String) {
        #if canImport(Glibc)
        let inotify = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard inotify >= 0 else { return nil }
        guard inotify_add_watch(inotify, directory, Self.mask(hearingWrites: true)) >= 0 else {
            Glibc.close(inotify)
            return nil
        }
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else {
            Glibc.close(inotify)
            return nil
        }
        for end in pipe {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        self.inotify = inotify
        self.directory = directory
        self.wake = (pipe[0], pipe[1])
        #else
        return nil
        #endif
    }

    /// Starts or stops hearing writes. Called from the thread that waits.
    func hearWrites(_ hear: Bool) {
        guard hear != self.hearsWrites else { return }
        #if canImport(Glibc)
        // The same directory again replaces the watch's mask.
        guard inotify_add_watch(self.inotify, self.directory, Self.mask(hearingWrites: hear)) >= 0 else { return }
        #endif
        self.hearsWrites = hear
    }

    /// Blocks until a file in the directory changes, `close()` is called, or `timeoutMillis` pass.
    /// - Returns: false once closed.
    func wait(timeoutMillis: Int32) -> Bool {
        #if canImport(Glibc)
        var descriptors = [
            pollfd(fd: self.inotify, events: Int16(POLLIN), revents: 0),
            pollfd(fd: self.wake.read, events: Int16(POLLIN), revents: 0),
        ]
        _ = poll(&descriptors, 2, timeoutMillis)
        if descriptors[1].revents != 0 { return false }
        self.sawEvent = descriptors[0].revents != 0
        self.sawCommit = false
        if self.sawEvent {
            // Only whether an announcement was among them matters: drain them all.
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(self.inotify, &buffer, buffer.count)
                guard count > 0 else { break }
                self.sawCommit = self.sawCommit || Self.holdsAttributeEvent(buffer[..<count])
            }
        }
        return true
        #else
        return false
        #endif
    }

    /// Whether any of the events read into `events` is a change of attributes. Each event is a fixed
    /// header (descriptor, mask, cookie, name length) followed by the name's bytes.
    private static func holdsAttributeEvent(_ events: ArraySlice<UInt8>) -> Bool {
        #if canImport(Glibc)
        let header = MemoryLayout<inotify_event>.size
        var offset = events.startIndex
        while offset + header <= events.endIndex {
            let event = events.withUnsafeBytes {
                $0.loadUnaligned(fromByteOffset: offset - events.startIndex, as: inotify_event.self)
            }
            if event.mask & UInt32(IN_ATTRIB) != 0 { return true }
            offset += header + Int(event.len)
        }
        #endif
        return false
    }

    /// Ends every `wait`, now and later.
    func close() {
        #if canImport(Glibc)
        var one: UInt8 = 1
        _ = write(self.wake.write, &one, 1)
        #endif
    }

    deinit {
        #if canImport(Glibc)
        Glibc.close(self.inotify)
        Glibc.close(self.wake.read)
        Glibc.close(self.wake.write)
        #endif
    }
}
