#!/usr/bin/env bash
# The same two figures as docket-bench, measured with the openssl tool alone on this machine:
#   handshakes/s  openssl s_time -new against s_server -tls1_3 -Verify 1 (full handshakes, client certificate)
#   MB/s          N MB piped through s_client into s_server on one TLS 1.3 connection
# Everything stays on 127.0.0.1. Usage: scripts/bench-openssl.sh [MEGABYTES] [SECONDS]
set -euo pipefail

megabytes=${1:-512}
seconds=${2:-10}
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

# A CA and two ECDSA P-256 certificates, the kind Docket issues.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt \
    -subj "/CN=bench-ca" -days 1 2>/dev/null
for name in server client; do
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$name.key" -out "$name.csr" \
        -subj "/CN=bench-$name" 2>/dev/null
    openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$name.crt" -days 1 2>/dev/null
done

# s_server quits when its stdin ends: give it a FIFO that this script holds open until it exits.
mkfifo server-stdin
exec 3<>server-stdin

# Starts a quiet s_server on a free loopback port and sets $port.
start_server() {
    local log=$1
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # -quiet keeps received data out of the log.
    openssl s_server -accept "127.0.0.1:$port" -tls1_3 -Verify 1 -verify_return_error -no_ticket \
        -CAfile ca.crt -cert server.crt -key server.key -quiet <server-stdin >"$log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do
        if ss -ltn | grep -q "127.0.0.1:$port "; then return; fi
        sleep 0.05
    done
    echo "s_server did not start" >&2; cat "$log" >&2; exit 1
}

start_server handshake.log
# s_time reports connections per *user CPU* second of its own process and, on a second line, the count in
# wall-clock seconds; the wall-clock rate is the one comparable with docket-bench.
s_time_output=$(openssl s_time -connect "127.0.0.1:$port" -new -time "$seconds" \
    -cert client.crt -key client.key -CAfile ca.crt 2>&1)
handshakes=$(echo "$s_time_output" | awk '/connections in [0-9]+ real seconds/ { printf "%.0f per second (%d sequential connections in %d wall-clock s)", $1 / $4, $1, $4 }')
cpu_line=$(echo "$s_time_output" | awk '/connections\/user sec/' | tail -1)

start_server throughput.log
start=$(date +%s.%N)
head -c "$((megabytes * 1000000))" /dev/zero \
    | openssl s_client -connect "127.0.0.1:$port" -tls1_3 -quiet -no_ign_eof \
        -cert client.crt -key client.key -CAfile ca.crt >/dev/null 2>client.log
end=$(date +%s.%N)

echo "openssl $(openssl version | awk '{print $2}'), loopback 127.0.0.1, TLS 1.3, mutual authentication, ECDSA P-256"
awk -v mb="$megabytes" -v s="$start" -v e="$end" \
    'BEGIN { printf "throughput: %.1f MB/s (%d MB in %.2f s, one connection, s_client -> s_server)\n", mb / (e - s), mb, e - s }'
echo "handshakes: $handshakes"
echo "            s_time's own figure: $cpu_line"
# The ceiling for bulk data: AES-256-GCM (TLS 1.3's default suite) on one core, 16 KiB blocks as in records.
openssl speed -seconds 3 -bytes 16384 -evp aes-256-gcm 2>/dev/null \
    | awk 'tolower($1) == "aes-256-gcm" { printf "cipher ceiling: %.0f MB/s (openssl speed -evp aes-256-gcm, 16 KiB blocks)\n", $2 / 1000 }'

