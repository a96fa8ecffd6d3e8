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
        .executable(name: "docket-bench", targets: ["DocketBench"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // libssl/libcrypto from the operating system, plus C wrappers for macros Swift cannot call.
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
                "CDocketOpenSSL",
                "CDocketOpenSSLShims",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),

        // Prints transport figures (MB/s, handshakes/s); not a test, never run by CI.
        .executableTarget(
            name: "DocketBench",
            dependencies: [
                "DocketTLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/DocketBench",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),

        .testTarget(
            name: "DocketTLSTests",
            dependencies: [
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
    ]
)
