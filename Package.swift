// swift-tools-version:6.1
// Docket: replicated complaint cases for branch offices.
//
// Dependencies point one way, toward the pure core (docs/architecture.md draws the same graph):
//
//   DocketCore  <-  DocketCodec  <-  DocketStore  <------+
//     ^                  ^                             |
//     |                  +----  DocketWire  <----------+-- DocketSync  <-  DocketAdmin  <-  DocketCLI (`docket`)
//     |                                                |
//     +--  DocketTLS (system OpenSSL) <----------------+
//
// DocketCodec holds an operation's canonical bytes, shared by the log, the wire, files and signatures.
// DocketTLS takes from the core only the chain-signature vocabulary, which it signs and verifies with
// certificates; only DocketSync joins transport and storage. DocketAdmin reads the replica and the sync
// service's snapshots; DocketCLI is the composition root and nothing imports it.
import PackageDescription

let package = Package(
    name: "Docket",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "docket", targets: ["DocketCLI"]),
        .executable(name: "docket-bench", targets: ["DocketBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Pure: ids, clocks, operations, CRDT merge, case model, workflow. No I/O.
        .target(name: "DocketCore"),

        // The canonical bytes of an operation, shared by the log, the wire, files and signatures; their
        // hashes by libcrypto's SHA-256.
        .target(name: "DocketCodec", dependencies: ["DocketCore", "CDocketOpenSSLShims"]),

        // The SQLite replica: operation log, materialized tables, version vector.
        .target(
            name: "DocketStore",
            dependencies: [
                "DocketCore",
                "DocketCodec",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The SQLite API itself, for binding rows without GRDB's per-value boxing (`RowBinding`).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),

        // Frames and peer messages: the wire format, with no sockets, TLS or store.
        .target(
            name: "DocketWire",
            dependencies: [
                "DocketCore",
                "DocketCodec",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),

        // libssl/libcrypto from the operating system, plus C wrappers for macros Swift cannot call and for
        // SHA-256 without libcrypto's provider set-up.
        .systemLibrary(
            name: "CDocketOpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "CDocketOpenSSLShims",
            dependencies: ["CDocketOpenSSL"]
        ),

        // TLS 1.3 with mutual authentication on SwiftNIO, driven through OpenSSL memory BIOs.
        .target(
            name: "DocketTLS",
            dependencies: [
                "DocketCore",
                "CDocketOpenSSL",
                "CDocketOpenSSLShims",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),

        // The replication engine: listener, dialers, one session per peer, relay.
        .target(
            name: "DocketSync",
            dependencies: [
                "DocketCore",
                "DocketCodec",
                "DocketStore",
                "DocketWire",
                "DocketTLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // The local admin endpoint: /health, /status, /metrics over NIOHTTP1, and the status contract.
        .target(
            name: "DocketAdmin",
            dependencies: [
                "DocketCore",
                "DocketStore",
                "DocketSync",
                "DocketTLS",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // The `docket` executable: the only place that knows the config file and wires modules together.
        .executableTarget(
            name: "DocketCLI",
            dependencies: [
                "DocketCore",
                "DocketStore",
                "DocketSync",
                "DocketTLS",
                "DocketAdmin",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // Release builds link the Swift runtime and Foundation in: a person's command would otherwise
            // spend more time in the dynamic loader, binding symbols across a dozen shared libraries, than
            // working (docs/benchmarks.md, "Command latency"). The module is compiled with the flag too, so
            // its objects name the static libraries Foundation needs (its ICU among them). lld packs the
            // relative relocations the loader still applies and, unlike gold, does not warn about the mktemp
            // reference inside Foundation. The toolchain's static-library flags export every symbol of the
            // executable (21,000 of them), which nothing loads against: each library's symbol look-ups at
            // start searched that table first, and it kept 1.3 MiB resident in every process. What is lost is
            // the names a fallback crash report would take from `dladdr`. Debug builds stay dynamic, like the
            // test bundle that links this target for DocketConfigTests and loads Swift Testing as a shared
            // library.
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))],
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-static-stdlib", "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                        "-Xlinker", "--no-export-dynamic",
                    ],
                    .when(platforms: [.linux], configuration: .release))
            ]
        ),

        // Prints transport figures (MB/s, handshakes/s) and replication figures between two real daemons
        // (catch-up, reconnect, latency, memory); not a test, never run by CI.
        .executableTarget(
            name: "DocketBench",
            dependencies: [
                "DocketCore",
                "DocketCodec",
                "DocketStore",
                "DocketTLS",
                "DocketTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/DocketBench",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),

        // The fuzz targets (docs/fuzzing.md): under `scripts/fuzz` a libFuzzer binary; in a plain build a
        // program that replays the corpus, which is how CI runs them.
        .executableTarget(
            name: "DocketFuzz",
            dependencies: [
                "DocketCore",
                "DocketCodec",
                "DocketStore",
                "DocketTLS",
                "DocketWire",
                "DocketTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),

        // Fixtures for the test targets only: running `docket`, temporary offices, clusters, a faulty proxy.
        .target(
            name: "DocketTestSupport",
            dependencies: [
                "DocketCore",
                "DocketCodec",
                "DocketStore",
                "DocketTLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),

        .testTarget(name: "DocketCoreTests", dependencies: ["DocketCore", "DocketTestSupport"]),
        .testTarget(
            name: "DocketStoreTests",
            // The wire, to send batches read back from the log as a daemon does.
            dependencies: ["DocketCore", "DocketCodec", "DocketStore", "DocketTLS", "DocketTestSupport", "DocketWire"]
        ),
        .testTarget(
            name: "DocketWireTests",
            dependencies: [
                "DocketCore",
                "DocketCodec",
                "DocketWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "DocketTLSTests",
            dependencies: [
                "DocketCore",
                "DocketTLS",
                // libcrypto's SHA-256 to compare payloads by hash, and constants for policy checks.
                "CDocketOpenSSL",
                "CDocketOpenSSLShims",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .testTarget(
            name: "DocketSyncTests",
            dependencies: [
                "DocketCore", "DocketCodec", "DocketStore", "DocketWire", "DocketSync", "DocketTLS", "DocketTestSupport",
                "DocketAdmin",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "DocketAdminTests",
            dependencies: ["DocketAdmin", "DocketSync", "DocketTestSupport"]
        ),
        .testTarget(
            name: "DocketCLITests",
            dependencies: ["DocketCore", "DocketCodec", "DocketStore", "DocketTLS", "DocketTestSupport"],
            // Help-screen snapshots are read from the source tree, so they can be re-recorded in place.
            exclude: ["Snapshots"]
        ),
        // The config reader and its sections, unit-tested through the executable's internal types.
        .testTarget(
            name: "DocketConfigTests",
            dependencies: [
                "DocketCLI", "DocketCore", "DocketSync", "DocketTLS", "DocketAdmin",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
