#!/usr/bin/env bash
# netns.sh BINARY
#
# Laptops in a chalet, for real: each "laptop" is a network namespace with
# its own data directory, joined to a switch namespace (a Linux bridge) by a
# veth pair, so the real binary talks over a real (virtual) Ethernet where
# mDNS multicast and the UDP broadcast beacon work as on a Wi-Fi router.
#
#   1. five laptops; laptop 1 founds the group and pairs with the other four
#      (`pair --listen` shows the code for the new laptop's connection, the
#      new laptop reads it: `pair --peer ... --code -`); laptop 3 brings five
#      years of meetings (`demo`), which its first sync hands to laptop 1;
#   2. a link is cut (`ip link set down`) in the middle of that transfer to
#      laptop 2, and laptop 4's sync process is killed with SIGKILL in the
#      middle of it (the switch port is slowed with tbf so it lasts): nothing
#      is lost, the retries converge;
#   3. every laptop makes random edits, runs `serve`, and `sync` without any
#      address (mDNS and the broadcast beacon): all dumps must be equal;
#   4. a sixth, never-paired laptop is refused both ways (its sync and a sync
#      towards it exit 1 naming the reason), and learns nothing;
#   5. laptop 5 is removed (`device remove`): once the removal has spread it
#      is refused both ways, and its later edits reach nobody.
#
# Needs root (ip netns); skips with exit 0 and a message otherwise, or when
# NETNS_SKIP=1. Ends with "netns: N passed, 0 failed" (exit 0) or exit 1.
set -uo pipefail

if [ $# -ne 1 ]; then sed -n '2,24s/^# \{0,1\}//p' "$0" >&2; exit 2; fi
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"

if [ "${NETNS_SKIP:-0}" = 1 ]; then echo "netns: skipped (NETNS_SKIP=1)"; exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null; then
  echo "netns: skipped (needs root and iproute2 to make network namespaces)"; exit 0
fi
if ! ip netns add kb-probe-$$ 2>/dev/null; then
  echo "netns: skipped (this kernel or container refuses network namespaces)"; exit 0
fi
ip netns del kb-probe-$$

N=5
PORT=21046
NET=10.77.$(( $$ % 200 + 20 ))
pfx="kb$$"
tmp="$(mktemp -d /tmp/konbit-netns.XXXXXX)"
passed=0; failed=0
pids=()

say() { echo "netns: $*"; }
ok() { passed=$((passed + 1)); say "ok: $*"; }
bad() { failed=$((failed + 1)); say "FAIL: $*"; }

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  for i in $(seq 1 $((N + 1))); do ip netns del "$pfx-l$i" 2>/dev/null; done
  ip netns del "$pfx-sw" 2>/dev/null
  if [ "$failed" -gt 0 ]; then
    for f in "$tmp"/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }; done
  fi
  [ -n "${NETNS_KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

# on I CMD...: run the binary in laptop I's namespace on its data dir.
on() { local i=$1; shift; ip netns exec "$pfx-l$i" "$bin" --data "$tmp/d$i" "$@"; }
addr() { echo "$NET.$1"; }

ip netns add "$pfx-sw"
ip -n "$pfx-sw" link add br0 type bridge
ip -n "$pfx-sw" link set br0 up
for i in $(seq 1 $((N + 1))); do
  ip netns add "$pfx-l$i"
  ip link add "$pfx-v$i" type veth peer name "$pfx-s$i"
  ip link set "$pfx-v$i" netns "$pfx-l$i"
  ip link set "$pfx-s$i" netns "$pfx-sw"
  ip -n "$pfx-sw" link set "$pfx-s$i" master br0 up
  ip -n "$pfx-l$i" link set lo up
  ip -n "$pfx-l$i" link set "$pfx-v$i" name eth0
  ip -n "$pfx-l$i" addr add "$(addr "$i")/24" brd "$NET.255" dev eth0
  ip -n "$pfx-l$i" link set eth0 up multicast on
  ip -n "$pfx-l$i" route add 224.0.0.0/4 dev eth0 2>/dev/null
  mkdir -m 700 "$tmp/d$i"
  on "$i" device name "Laptop $i" >/dev/null
done
say "$((N + 1)) laptops on $NET.0/24 (bridge in $pfx-sw)"

dump_sum() { on "$1" dump | sha256sum | cut -c1-16; }
all_equal() { # all_equal I... : dumps of the given laptops are equal
  local first="" s
  for i in "$@"; do
    s="$(dump_sum "$i")"
    if [ -z "$first" ]; then first="$s"; elif [ "$s" != "$first" ]; then return 1; fi
  done
}

# 1. pairing: laptop 1 listens, each other laptop types the code it shows.
pair() { # pair I: laptop I joins through laptop 1
  local out="$tmp/pair$1.out" fifo="$tmp/code$1"
  mkfifo "$fifo"
  ip netns exec "$pfx-l1" "$bin" --data "$tmp/d1" pair --listen "$(addr 1):$PORT" >"$out" 2>"$tmp/pair$1.log" &
  local lp=$!
  sleep 0.3
  # The code belongs to the new laptop's connection: it is shown once the
  # new laptop has connected, which then reads it from stdin.
  on "$1" pair --peer "$(addr 1):$PORT" --code - <"$fifo" >>"$tmp/join$1.log" 2>&1 &
  local jp=$! code=""
  exec 9>"$fifo"
  for _ in $(seq 1 100); do
    code="$(sed -n 's/^code: \([0-9]\{6\}\)$/\1/p' "$out")"
    [ -n "$code" ] && break
    sleep 0.1
  done
  [ -n "$code" ] && echo "$code" >&9
  exec 9>&-
  local rc=0
  wait "$jp" || rc=1
  wait "$lp" || rc=1
  [ -n "$code" ] && [ "$rc" = 0 ]
}
# Laptop 3 holds five years of meetings (several MB) and pairs last: its
# first sync hands them to laptop 1, which laptops 2 and 4 then lack.
on 3 demo --weeks 260 >/dev/null
for i in 2 4 5 3; do
  if pair "$i"; then ok "laptop $i paired with laptop 1"; else bad "laptop $i could not pair"; fi
done

ip netns exec "$pfx-l1" "$bin" --data "$tmp/d1" serve --listen "0.0.0.0:$PORT" >"$tmp/serve1-early.log" 2>&1 &
early=$!
sleep 0.5
# 2. the five years go from laptop 1 to laptops 2 and 4; the switch's port
# towards the receiver is slowed to 8 Mbit/s (tbf) so the transfer lasts
# seconds and the cut or the kill lands in its middle.
slow() { ip netns exec "$pfx-sw" tc qdisc replace dev "$pfx-s$1" root tbf rate 8mbit burst 32kbit latency 400ms 2>/dev/null; }
fast() { ip netns exec "$pfx-sw" tc qdisc del dev "$pfx-s$1" root 2>/dev/null; }

# 2a. a link cut in the middle of the transfer.
slow 2
on 2 sync --peer "$(addr 1):$PORT" --timeout 20s >"$tmp/cut.log" 2>&1 &
sp=$!
sleep 1
ip -n "$pfx-sw" link set "$pfx-s2" down
wait "$sp"; cut_rc=$?
ip -n "$pfx-sw" link set "$pfx-s2" up
fast 2
sleep 1
if [ "$cut_rc" = 0 ]; then
  bad "the link cut did not interrupt the transfer (it ended before the cut)"
fi
on 2 sync --peer "$(addr 1):$PORT" --timeout 60s >>"$tmp/cut.log" 2>&1
# (laptop 1 hands over the group key after the news: one more round)
on 2 sync --peer "$(addr 1):$PORT" --timeout 60s >>"$tmp/cut.log" 2>&1
if all_equal 1 2; then ok "link cut mid-transfer (the sync said: $(grep -m1 konbit: "$tmp/cut.log")): retry converged"; else bad "link cut: laptops 1 and 2 differ after retry"; fi

# 2b. a sync process killed in the middle of the transfer.
slow 4
on 4 sync --peer "$(addr 1):$PORT" --timeout 60s >"$tmp/kill.log" 2>&1 &
sp=$!
sleep 1
if kill -9 "$sp" 2>/dev/null; then killed=1; else killed=0; fi
wait "$sp" 2>/dev/null
fast 4
[ "$killed" = 1 ] || bad "the sync ended before it could be killed"
on 4 sync --peer "$(addr 1):$PORT" --timeout 60s >>"$tmp/kill.log" 2>&1
on 4 sync --peer "$(addr 1):$PORT" --timeout 60s >>"$tmp/kill.log" 2>&1
if all_equal 1 4; then ok "sync killed mid-transfer: retry converged"; else bad "killed sync: laptops 1 and 4 differ after retry"; fi
kill "$early"; wait "$early" 2>/dev/null
# 3. random edits everywhere, then discovery-driven sync.
for i in $(seq 1 $N); do
  for j in $(seq 1 $((RANDOM % 5 + 3))); do on "$i" member add "Person $i-$j-$RANDOM" >/dev/null; done
  on "$i" committee add "Committee $i" >/dev/null
done
for i in $(seq 1 $N); do
  ip netns exec "$pfx-l$i" "$bin" --data "$tmp/d$i" serve --listen "0.0.0.0:$PORT" >"$tmp/serve$i.log" 2>&1 &
  pids+=($!)
done
sleep 1
for round in 1 2; do
  for i in $(seq 1 $N); do on "$i" sync --timeout 30s >>"$tmp/sync$i.log" 2>&1; done
done
if all_equal $(seq 1 $N); then ok "$N laptops converged through discovery (dumps equal)"; else bad "dumps differ after discovery sync"; fi

for i in $(seq 1 $N); do on "$i" sync --timeout 30s >>"$tmp/sync$i.log" 2>&1; done
if all_equal $(seq 1 $N); then ok "all $N laptops equal again"; else bad "dumps differ after the big transfer"; fi

# 4. a never-paired laptop: refused both ways, learns nothing.
u=$((N + 1))
on "$u" member add "Intruder" >/dev/null
ip netns exec "$pfx-l$u" "$bin" --data "$tmp/d$u" serve --listen "0.0.0.0:$PORT" >"$tmp/serve$u.log" 2>&1 &
pids+=($!)
sleep 0.5
before="$(dump_sum 1)"
if on "$u" sync --peer "$(addr 1):$PORT" --timeout 10s >"$tmp/unpaired.log" 2>&1; then
  bad "an unpaired laptop's sync succeeded"
elif on "$u" member list 2>/dev/null | grep -q "Person 1-"; then
  bad "the unpaired laptop received records"
else ok "unpaired laptop refused ($(tail -n1 "$tmp/unpaired.log"))"; fi
if on 1 sync --peer "$(addr $u):$PORT" --timeout 10s >"$tmp/unpaired2.log" 2>&1; then
  bad "a sync towards an unpaired laptop succeeded"
elif [ "$(dump_sum 1)" != "$before" ]; then bad "laptop 1 changed after syncing with an unpaired laptop"
else ok "sync towards an unpaired laptop refused ($(tail -n1 "$tmp/unpaired2.log"))"; fi

# 5. laptop 5 removed: refused both ways once the removal has spread.
id5="$(on 5 device id)"
on 1 device remove "$id5" >/dev/null
for i in $(seq 1 $((N - 1))); do on "$i" sync --peer "$(addr 1):$PORT" --timeout 30s >>"$tmp/sync$i.log" 2>&1; done
on 5 member add "After removal" >/dev/null
if on 5 sync --peer "$(addr 2):$PORT" --timeout 10s >"$tmp/removed.log" 2>&1; then
  bad "the removed laptop could still sync"
else ok "removed laptop refused ($(tail -n1 "$tmp/removed.log"))"; fi
if on 2 sync --peer "$(addr 5):$PORT" --timeout 10s >"$tmp/removed2.log" 2>&1; then
  bad "a sync towards the removed laptop succeeded"
else ok "sync towards the removed laptop refused ($(tail -n1 "$tmp/removed2.log"))"; fi
if on 2 member list | grep -q "After removal"; then bad "the removed laptop's later edit arrived"; else ok "the removed laptop's later edit reached nobody"; fi
if all_equal $(seq 1 $((N - 1))); then ok "the $((N - 1)) remaining laptops are equal"; else bad "remaining laptops differ"; fi

say "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
