// swift-tools-version:6.1
// Docket: replicated complaint cases for branch offices.
//
// Dependencies point one way, toward the pure core:
//   DocketCore  <-  DocketStore  <-  DocketCLI
//   DocketTLS (system OpenSSL, knows nothing of the domain)  <-  DocketCLI
import PackageDescription

let package = Package(
    name: "Docket",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "docket", targets: ["DocketCLI"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // Pure: ids, clocks, operations, CRDT merge, case model, workflow. No I/O.
        .target(name: "DocketCore"),

        // The SQLite replica: operation log, materialized tables, version vector.
        .target(
            name: "DocketStore",
            dependencies: [
                "DocketCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),

        // Frames and peer messages: the wire format, with no sockets, TLS or store.
        .target(
            name: "DocketWire",
            dependencies: [
                "DocketCore",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),

        // The `docket` executable: the only place that knows the config file and wires modules together.
        .executableTarget(
            name: "DocketCLI",
            dependencies: [
                "DocketCore",
                "DocketStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "DocketCoreTests", dependencies: ["DocketCore"]),
        .testTarget(name: "DocketStoreTests", dependencies: ["DocketCore", "DocketStore"]),
        .testTarget(
            name: "DocketWireTests",
            dependencies: [
                "DocketCore",
                "DocketWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "DocketCLITests", dependencies: ["DocketCore", "DocketStore"]),
    ]
)
